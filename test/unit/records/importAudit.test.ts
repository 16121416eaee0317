/**
 * Each import batch and its audit row commit in the same transaction (issue #13, finding 4):
 * when the audit row cannot be written, the batch is not imported either, so no committed
 * records are ever left without the audit entry saying who imported them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { tempDir } from '../../helpers/tempDir';
import { heartRate, openRecords, patient } from './fixtures';

let s: RecordsService | undefined;
afterEach(async () => {
  await s?.shutdown();
  s = undefined;
});

/** Makes the audit trail refuse import entries after the first `allowed` (as a full disk would, at the worst moment). */
function failImportAuditAfter(records: RecordsService, allowed: number): void {
  records.database.exec(`CREATE TEMP TRIGGER fail_import_audit BEFORE INSERT ON audit_log
    WHEN NEW.action = 'import' AND (SELECT count(*) FROM audit_log WHERE action = 'import') >= ${allowed}
    BEGIN SELECT RAISE(ABORT, 'audit write failed (test)'); END;`);
}

const count = (records: RecordsService, sql: string): number => Number(records.database.prepare(sql).pluck().get());

describe('import batches and their audit rows', () => {
  it('a bundle whose audit row cannot be written is not imported', () => {
    s = openRecords();
    failImportAuditAfter(s, 0);
    expect(() => s!.importBundle('dr.import', { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient('p1') }] }, 'one.json')).toThrow();
    expect(count(s, 'SELECT count(*) FROM resources')).toBe(0);
  });

  it('NDJSON: every committed batch has its own audit row; the batch whose row failed is not there', async () => {
    const dir = tempDir();
    const lines = [patient('p1'), ...Array.from({ length: 5 }, (_, i) => heartRate(`o${i}`, 'p1', 60 + i))].map((r) => JSON.stringify(r));
    fs.writeFileSync(path.join(dir, 'all.ndjson'), lines.join('\n') + '\n');
    s = openRecords();
    const records = s;
    failImportAuditAfter(records, 2);
    // Batches of two resources: lines 1-2 and 3-4 commit with their rows; lines 5-6 cannot be audited.
    await expect(records.runImport('dr.import', path.join(dir, 'all.ndjson'), undefined, undefined, 'all.ndjson', 2)).rejects.toThrow();
    expect(count(records, 'SELECT count(*) FROM resources')).toBe(4);
    const audit = records.database.prepare<[], { target: string; detail: string }>("SELECT target, detail FROM audit_log WHERE action = 'import' ORDER BY seq").all();
    expect(audit).toEqual([
      { target: 'all.ndjson: all.ndjson', detail: 'batch (lines 1-2): 2 new, 0 updated, 0 unchanged, 0 deleted' },
      { target: 'all.ndjson: all.ndjson', detail: 'batch (lines 3-4): 2 new, 0 updated, 0 unchanged, 0 deleted' },
    ]);
    expect(records.verifyAudit().ok).toBe(true);
  });
});
