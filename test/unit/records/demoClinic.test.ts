import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../electron/services/records/canonicalJson';
import { generateDemoClinic, generatePatient } from '../../../electron/services/records/demoClinic';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { openRecords } from './fixtures';

let s: RecordsService | undefined;
afterEach(async () => {
  await s?.shutdown();
});

describe('demo clinic', () => {
  it('is deterministic and holds the cases the rules should flag', () => {
    const a = generateDemoClinic();
    expect(canonicalJson(a.resources)).toBe(canonicalJson(generateDemoClinic().resources));
    expect(a.patients.length).toBe(12);
    const text = JSON.stringify(a.resources);
    for (const needle of ['simvastatin 20 MG Oral Tablet', 'clarithromycin 500 MG Oral Tablet', 'Allergy to penicillin', 'amoxicillin 500 MG Oral Capsule', '431857002', 'metformin', '49436004', 'warfarin sodium 5 MG Oral Tablet', '"8480-6"', '"9279-1"', '"2160-0"', '"4548-4"', '"6299-2"', '"59408-5"', '"8310-5"', '"2951-2"', '"2339-0"']) {
      expect(text, needle).toContain(needle);
    }
    const rr = a.resources.filter((r) => (r.subject as { reference?: string } | undefined)?.reference === 'Patient/demo-04' && (JSON.stringify(r.code) ?? '').includes('9279-1'));
    expect(rr.map((r) => (r.valueQuantity as { value: number }).value)).toContain(24);
  });

  it('loads into an empty store only when asked, and generates ~50 resources per benchmark patient', () => {
    s = openRecords();
    expect(s.isEmpty()).toBe(true);
    const { summary } = s.seedDemoClinic('admin');
    expect(summary.created).toBeGreaterThan(500);
    expect(s.counts()).toMatchObject({ patients: 12, notes: 12 * 5 });
    expect(s.searchPatients('admin', 'okafor', 5)[0]!.id).toBe('demo-01');
    expect(s.seedDemoClinic('admin').summary.created).toBe(0);
    const sizes = Array.from({ length: 20 }, (_, i) => generatePatient(7, i).length);
    const mean = sizes.reduce((x, y) => x + y, 0) / sizes.length;
    expect(mean).toBeGreaterThan(45);
    expect(mean).toBeLessThan(60);
  });
});
