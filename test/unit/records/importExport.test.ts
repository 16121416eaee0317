import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../electron/contract';
import type { BedsideError } from '../../../electron/services/errors';
import { RecordsService } from '../../../electron/services/records/recordsService';
import { heartRate, note, openRecords, patient, sharedDataDir, tempDir } from './fixtures';

const services: RecordsService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.shutdown();
});
function open(): RecordsService {
  const s = openRecords();
  services.push(s);
  return s;
}

/** Every stored resource by Type/id, for equality checks. */
function snapshot(s: RecordsService): Map<string, string> {
  const out = new Map<string, string>();
  for (const row of s.database.prepare<[], { type: string; id: string; json: string }>('SELECT type, id, json FROM resources').iterate()) {
    out.set(`${row.type}/${row.id}`, row.json);
  }
  return out;
}

const shared = sharedDataDir();
const synthea = shared ? path.join(shared, 'synthea-10') : null;

const haveSynthea = synthea !== null && fs.existsSync(synthea);
describe.skipIf(!haveSynthea)(haveSynthea ? 'synthea-10 bulk import' : 'synthea-10 bulk import (skipped: ../shared/data/synthea-10 is absent; set BEDSIDE_SHARED_DATA)', () => {
  it('imports every resource, 13 patients and 1,215 readable notes, then exports and re-imports to the same records', async () => {
    const s = open();
    const progress: number[] = [];
    const summary = await s.runImport('tester', synthea!, (f) => progress.push(f));
    const lines = fs.readdirSync(synthea!).filter((n) => n.endsWith('.ndjson')).reduce((n, f) => n + fs.readFileSync(path.join(synthea!, f), 'utf8').split('\n').filter((l) => l.trim()).length, 0);
    expect(summary.created).toBe(lines);
    expect(summary.cancelled).toBe(false);
    const counts = s.counts();
    expect(counts).toMatchObject({ resources: lines, patients: 13, notes: 1215 });
    expect(progress.at(-1)).toBe(1);
    // Synthea's conditional references to practitioners and organisations resolve by identifier.
    expect(summary.unresolvedCount).toBe(0);
    const hits = s.searchNotes('tester', 'chief complaint', { limit: 5 });
    expect(hits.length).toBe(5);
    const pid = s.searchPatients('tester', 'a', 1)[0]!.id;
    const chart = s.chart('tester', pid, { limit: 1000 });
    const doc = chart.resources.find((r) => r.resourceType === 'DocumentReference')!;
    const text = Buffer.from(((doc.content as { attachment: { data: string } }[])[0]!.attachment.data), 'base64').toString('utf8');
    expect(text).toMatch(/# Chief Complaint|# History/);

    // Re-import is a no-op.
    const again = await s.runImport('tester', synthea!);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: lines });

    // Export everything as NDJSON and as one Bundle; each re-imports to the same records.
    const before = snapshot(s);
    const dir = tempDir();
    const nd = s.exportRecords('tester', 'all', path.join(dir, 'ndjson'), 'ndjson');
    expect(nd.resources).toBe(lines);
    const b = s.exportRecords('tester', 'all', path.join(dir, 'all.json'), 'bundle');
    for (const source of [path.join(dir, 'ndjson'), b.files[0]!]) {
      const t = open();
      await t.runImport('tester', source);
      expect(snapshot(t)).toEqual(before);
    }
    // One patient's export carries the shared records it references, so it imports alone.
    const one = s.exportRecords('tester', pid, path.join(dir, 'one.json'), 'bundle');
    const t = open();
    const r = await t.runImport('tester', one.files[0]!);
    expect(r.unresolvedCount).toBe(0);
    expect(t.chart('tester', pid, { limit: 1000 }).resources.length).toBe(chart.resources.length);
  }, 120_000);
});

describe('file imports', () => {
  function writeNdjson(dir: string, name: string, lines: string[]): void {
    fs.writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
  }

  it('reads NDJSON folders Patients first, whatever the file names', async () => {
    const s = open();
    const dir = tempDir();
    writeNdjson(dir, 'a-observations.ndjson', [JSON.stringify(heartRate('o1', 'p1', 70))]);
    writeNdjson(dir, 'z-patients.ndjson', [JSON.stringify(patient('p1'))]);
    expect(await s.runImport('t', dir)).toMatchObject({ created: 2, files: 2 });
  });

  it('names the file and line of malformed JSON, keeping earlier whole batches', async () => {
    const s = open();
    const dir = tempDir();
    writeNdjson(dir, 'Patient.ndjson', [JSON.stringify(patient('p1')), '{"resourceType": "Patient", "id": "p2",']);
    const e = (await s.runImport('t', dir).catch((x: unknown) => x)) as BedsideError;
    expect(e.code).toBe('invalid-input');
    expect(e.message).toMatch(/Patient.ndjson line 2 is not valid JSON/);
    expect(s.counts().resources).toBe(0); // the failing batch held both lines
    const file = path.join(dir, 'bundle.json');
    fs.writeFileSync(file, '{ "resourceType": "Bundle", ');
    expect(((await s.runImport('t', file).catch((x: unknown) => x)) as Error).message).toMatch(/bundle.json is not valid JSON/);
  });

  it('runs as a background job with progress events and can be cancelled', async () => {
    const events: { state: string; fraction: number | null }[] = [];
    const dir = tempDir();
    const s = openRecords(dir);
    services.push(s);
    const src = tempDir();
    const lines = [JSON.stringify(patient('p1'))];
    for (let i = 0; i < 6000; i++) lines.push(JSON.stringify(heartRate(`o${i}`, 'p1', 70)));
    writeNdjson(src, 'all.ndjson', lines);
    const withEvents = new RecordsService({
      databaseFile: path.join(dir, 'other.db'),
      backupsDir: path.join(dir, 'b'),
      keyStore: { load: () => Buffer.alloc(32, 1), save: () => {} },
      emit: (_name, payload) => {
        const p = payload as JobProgress;
        events.push({ state: p.state, fraction: p.fraction });
      },
    });
    withEvents.boot();
    services.push(withEvents);
    const { jobId } = withEvents.startImport('t', src);
    const done = await withEvents.waitForJob(jobId);
    expect(done.state).toBe('done');
    expect(done.summary?.created).toBe(6001);
    expect(events[0]!.state).toBe('queued');
    expect(events.at(-1)).toEqual({ state: 'done', fraction: 1 });
    expect(events.some((e) => e.state === 'running')).toBe(true);

    const other = tempDir();
    writeNdjson(other, 'all.ndjson', lines.map((l) => l.replace(/"id":"o/, '"id":"q')));
    const job2 = s.startImport('t', other);
    s.cancelJob(job2.jobId);
    const cancelled = await s.waitForJob(job2.jobId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.message).toMatch(/importing again continues/);
  });

  it('exports one patient as a Bundle and as NDJSON that re-import to the same records', async () => {
    const s = open();
    s.saveResource('t', patient('p1'));
    s.saveResource('t', patient('p2'));
    s.saveResource('t', heartRate('o1', 'p1', 70));
    s.saveResource('t', heartRate('o1', 'p1', 71));
    s.saveResource('t', note('n1', 'p1', 'note text'));
    s.saveResource('t', heartRate('o2', 'p2', 70));
    const dir = tempDir();
    const b = s.exportRecords('t', 'p1', path.join(dir, 'p1.json'), 'bundle');
    expect(b.resources).toBe(3);
    const nd = s.exportRecords('t', 'p1', path.join(dir, 'nd'), 'ndjson');
    expect(nd.files.map((f) => path.basename(f))).toEqual(['DocumentReference.ndjson', 'Observation.ndjson', 'Patient.ndjson', 'manifest.json']);
    for (const src of [b.files[0]!, path.join(dir, 'nd')]) {
      const t = open();
      await t.runImport('t', src);
      expect(snapshot(t)).toEqual(new Map([...snapshot(s)].filter(([k]) => !k.endsWith('p2') && k !== 'Observation/o2')));
    }
  });
});
