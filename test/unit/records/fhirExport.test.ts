/** Lossless values and export per spec: decimals as written, absolute fullUrls, Bulk Data manifest, filters, bundle types. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fullUrlOf } from '../../../electron/services/records/exporter';
import { parseJson, stringifyJson } from '../../../electron/services/records/losslessJson';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { heartRate, openRecords, patient, tempDir } from './fixtures';

let s: RecordsService | undefined;
afterEach(async () => {
  await s?.shutdown();
  s = undefined;
});

const OBS_TEXT = '{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"temp"},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-01-01T10:00:00Z","valueQuantity":{"value":37.0,"unit":"Cel"},"component":[{"code":{"text":"a"},"valueQuantity":{"value":0.10}},{"code":{"text":"b"},"valueQuantity":{"value":1.5e2}}]}';

describe('lossless JSON', () => {
  it('keeps decimal text through parse and stringify, leaving other numbers and strings alone', () => {
    const t = '{"a":1.0,"b":[1.50,2,{"c":0.10}],"d":"x: 1.0,","e":12345678901234567890,"g":1.5,"h":"10:00:00.000Z"}';
    const v = parseJson(t) as { a: number };
    expect(v.a).toBe(1);
    expect(stringifyJson(v)).toBe(t);
    expect(stringifyJson({ ...v, z: 1 })).toBe(t.slice(0, -1) + ',"z":1}');
    expect(stringifyJson(parseJson('{"v":1}'))).toBe('{"v":1}');
  });

  it('keeps decimals as written through import, store and export (Bundle and NDJSON)', async () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'Observation.ndjson'), OBS_TEXT + '\n');
    await s.runImport('dr', dir);
    const raw = s.database.prepare<[], string>("SELECT json FROM resources WHERE id = 'o1'").pluck().get()!;
    expect(raw).toContain('"value":37.0,');
    const out = tempDir();
    s.exportRecords('dr', 'p1', path.join(out, 'p1.json'), 'bundle');
    const text = fs.readFileSync(path.join(out, 'p1.json'), 'utf8');
    for (const d of ['37.0', '0.10', '1.5e2']) expect(text).toContain(`"value":${d}`);
    s.exportRecords('dr', 'all', path.join(out, 'nd'), 'ndjson');
    const line = fs.readFileSync(path.join(out, 'nd', 'Observation.ndjson'), 'utf8').trim();
    for (const d of ['37.0', '0.10', '1.5e2']) expect(line).toContain(`"value":${d}`);
  });

  it('refuses an invalid id with its path and never replaces it', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 'urn:uuid:0d1b2c3a-0000-4000-8000-000000000001', resource: { ...heartRate('x', 'p1', 70), id: 12345 }, request: { method: 'POST', url: 'Observation' } }] };
    expect(() => s!.importBundle('dr', bundle)).toThrow(/Observation.*id must be 1-64 letters/);
    expect(s.database.prepare("SELECT count(*) FROM resources WHERE type = 'Observation'").pluck().get()).toBe(0);
  });
});

describe('export per spec', () => {
  it('writes absolute fullUrls: urn:uuid by default, a configured base URL otherwise', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    s.saveResource('dr', heartRate('o1', 'p1', 70));
    const out = tempDir();
    s.exportRecords('dr', 'p1', path.join(out, 'a.json'), 'bundle');
    const b = JSON.parse(fs.readFileSync(path.join(out, 'a.json'), 'utf8')) as { entry: { fullUrl: string; request: { url: string } }[] };
    for (const e of b.entry) expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fullUrlOf('Patient', 'p1')).toBe(fullUrlOf('Patient', 'p1'));
    expect(fullUrlOf('Patient', '0d1b2c3a-0000-4000-8000-000000000001')).toBe('urn:uuid:0d1b2c3a-0000-4000-8000-000000000001');
    s.exportRecords('dr', 'p1', path.join(out, 'b.json'), 'bundle', { baseUrl: 'https://ehr.example.org/fhir/' });
    const b2 = JSON.parse(fs.readFileSync(path.join(out, 'b.json'), 'utf8')) as { entry: { fullUrl: string; request: { url: string } }[] };
    expect(b2.entry.map((e) => e.fullUrl).sort()).toEqual(['https://ehr.example.org/fhir/Observation/o1', 'https://ehr.example.org/fhir/Patient/p1']);
  });

  it('writes a Bulk Data manifest that imports, and filters by --since and --type', async () => {
    s = openRecords(tempDir(), () => new Date('2024-03-01T00:00:00Z'));
    s.saveResource('dr', patient('p1'));
    s.saveResource('dr', heartRate('o1', 'p1', 70));
    const out = path.join(tempDir(), 'bulk');
    const sum = s.exportRecords('dr', 'all', out, 'ndjson');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { transactionTime: string; requiresAccessToken: boolean; output: { type: string; url: string; count: number }[]; error: unknown[] };
    expect(manifest.requiresAccessToken).toBe(false);
    expect(manifest.output.map((o) => [o.type, o.count])).toEqual([['Observation', 1], ['Patient', 1]]);
    expect(manifest.output[0]!.url).toMatch(/^file:\/\/.*Observation\.ndjson$/);
    expect(sum.files.map((f) => path.basename(f))).toEqual(['Observation.ndjson', 'Patient.ndjson', 'manifest.json']);
    // A downloaded folder: moved elsewhere, with its manifest, imports into an empty store.
    const moved = path.join(tempDir(), 'download');
    fs.cpSync(out, moved, { recursive: true });
    await s.shutdown();
    s = openRecords();
    const imported = await s.runImport('dr', moved);
    expect(imported).toMatchObject({ created: 2, files: 2 });
    const f = tempDir();
    expect(s.exportRecords('dr', 'all', path.join(f, 't'), 'ndjson', { types: ['Patient'] }).resources).toBe(1);
    expect(s.exportRecords('dr', 'all', path.join(f, 's1'), 'ndjson', { since: '2024-02-01T00:00:00Z' }).resources).toBe(2);
    expect(s.exportRecords('dr', 'all', path.join(f, 's2'), 'ndjson', { since: '2024-04-01T00:00:00+02:00' }).resources).toBe(0);
    expect(() => s!.exportRecords('dr', 'all', path.join(f, 'x'), 'ndjson', { since: '2024-04-01' })).toThrow(/not a FHIR instant/);
    expect(() => s!.exportRecords('dr', 'all', path.join(f, 'x'), 'ndjson', { types: ['Pateint'] })).toThrow(/not a FHIR R4 resource type/);
  });
});

describe('bundle types', () => {
  it('imports a history bundle as versions, and skips reads and conditional updates with a note', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    const v1 = { ...heartRate('o1', 'p1', 70), meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00Z' } };
    const v2 = { ...heartRate('o1', 'p1', 72), meta: { versionId: '2', lastUpdated: '2024-01-02T00:00:00Z' } };
    const history = {
      resourceType: 'Bundle', type: 'history',
      entry: [
        { fullUrl: 'http://x/Observation/o1', resource: v2, request: { method: 'PUT', url: 'Observation/o1' }, response: { status: '200' } },
        { fullUrl: 'http://x/Observation/o1', resource: v1, request: { method: 'POST', url: 'Observation' }, response: { status: '201' } },
      ],
    };
    expect(s.importBundle('dr', history)).toMatchObject({ created: 1, updated: 1 });
    const versions = s.history('dr', 'Observation', 'o1');
    expect(versions.map((v) => (v.resource?.valueQuantity as { value: number }).value)).toEqual([72, 70]);
    const mixed = {
      resourceType: 'Bundle', type: 'batch',
      entry: [
        { request: { method: 'GET', url: 'Patient?name=smith' } },
        { resource: patient('p2'), request: { method: 'PUT', url: 'Patient?identifier=urn:mrn|MRN-p2' } },
        { resource: patient('p3'), request: { method: 'PUT', url: 'Patient/p3' } },
      ],
    };
    const r = s.importBundle('dr', mixed);
    expect(r).toMatchObject({ created: 1, skipped: 2 });
    expect(r.notes.join('\n')).toMatch(/GET Patient\?name=smith is a read/);
    expect(r.notes.join('\n')).toMatch(/conditional PUT/);
    const response = { resourceType: 'Bundle', type: 'transaction-response', entry: [{ resource: patient('p4'), response: { status: '201 Created', location: 'Patient/p4/_history/1' } }, { response: { status: '204' } }] };
    expect(s.importBundle('dr', response)).toMatchObject({ created: 1, skipped: 1 });
    expect(s.importBundle('dr', { ...response, type: 'batch-response' })).toMatchObject({ unchanged: 1 });
  });
});
