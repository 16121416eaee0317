import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveOncMembers } from '../../../electron/services/cds/knowledge/oncDdiDerivation';
import { ONC_DDI } from '../../../electron/services/cds/knowledge/oncDdi';

const dir = path.join(process.env.BEDSIDE_SHARED_DATA ?? path.resolve(__dirname, '../../../../shared/data'), 'onc-high-priority-ddi');
const present = fs.existsSync(path.join(dir, 'onc-high-priority-classes.csv'));

describe('ONC high-priority knowledge file', () => {
  it('holds the 15 published interactions, each contraindicated with mechanism and management', () => {
    expect(ONC_DDI.interactions.map((i) => i.number)).toEqual([3, 4, 6, 8, 11, 16, 20, 21, 22, 23, 25, 27, 28, 30, 31]);
    for (const i of ONC_DDI.interactions) {
      expect(i.mechanism.length).toBeGreaterThan(20);
      expect(i.management.length).toBeGreaterThan(10);
    }
  });

  it.skipIf(!present)('member lists match the derivation from the shared CSVs (needs shared data onc-high-priority-ddi)', () => {
    const derived = deriveOncMembers(
      fs.readFileSync(path.join(dir, 'onc-high-priority-classes.csv'), 'utf8'),
      fs.readFileSync(path.join(dir, 'ONC_High_Priority_Mapped.csv'), 'utf8'),
    );
    for (const i of ONC_DDI.interactions) {
      const d = derived.get(i.number);
      expect(d, `interaction ${i.number}`).toBeDefined();
      const add = i.additions ?? { object: [], precipitant: [] };
      expect(i.object.members, `object of ${i.number}`).toEqual([...new Set([...(d?.objectMembers ?? []), ...add.object])].sort());
      expect(i.precipitant.members, `precipitant of ${i.number}`).toEqual([...new Set([...(d?.precipitantMembers ?? []), ...add.precipitant])].sort());
    }
    expect(derived.get(20)?.objectMembers).toContain('amitriptyline');
    expect(derived.get(21)?.objectMembers).toHaveLength(40);
  });
});
