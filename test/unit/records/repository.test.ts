import { afterEach, describe, expect, it } from 'vitest';
import type { BedsideError } from '../../../electron/services/errors';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { r4ResourceTypes } from '../../../electron/services/records/resourceTypes';
import { resourceIssues } from '../../../electron/services/records/validateResource';
import { bundle, heartRate, note, openRecords, patient } from './fixtures';

let s: RecordsService;
afterEach(async () => {
  await s?.shutdown();
});

function errorOf(fn: () => unknown): BedsideError {
  try {
    fn();
  } catch (e) {
    return e as BedsideError;
  }
  throw new Error('expected an error');
}

describe('patient search', () => {
  it('finds patients by name, MRN and birth date prefixes as one types', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1', 'Okafor', 'Margaret', '1948-03-12'));
    s.saveResource('dr', patient('p2', 'Okonkwo', 'Chidi', '1990-07-01'));
    s.saveResource('dr', patient('p3', 'Lindqvist', 'Thomas', '1972-09-30'));
    const ids = (q: string): string[] => s.searchPatients('dr', q, 20).map((p) => p.id).sort();
    expect(ids('o')).toEqual(['p1', 'p2']);
    expect(ids('oka')).toEqual(['p1']);
    expect(ids('okafor marg')).toEqual(['p1']);
    expect(ids('MRN-p3')).toEqual(['p3']);
    expect(ids('1972-09')).toEqual(['p3']);
    expect(ids('1948-03-12')).toEqual(['p1']);
    expect(ids('"*) OR (')).toEqual([]);
    expect(s.searchPatients('dr', 'thom', 5)[0]).toMatchObject({ name: 'Thomas Lindqvist', birthDate: '1972-09-30' });
  });
});

describe('chart', () => {
  it('pages a chart newest first with a cursor and audits each read', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    for (let i = 0; i < 25; i++) s.saveResource('dr', heartRate(`o${i}`, 'p1', 60 + i, new Date(Date.UTC(2024, 0, 1 + i)).toISOString()));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = s.chart('dr', 'p1', { limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...page.resources.map((r) => `${String(r.resourceType)}/${String(r.id)}`));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(26);
    expect(seen[0]).toBe('Patient/p1'); // dated by lastUpdated, which is now
    expect(seen[1]).toBe('Observation/o24');
    expect(seen.at(-1)).toBe('Observation/o0');
    expect(new Set(seen).size).toBe(26);
    expect(() => s.chart('dr', 'p1', { cursor: 'garbage' })).toThrow(/page marker/);
    expect(errorOf(() => s.chart('dr', 'nobody')).code).toBe('not-found');
  });
});

describe('versions and conflicts', () => {
  it('keeps versions, sets meta, refuses a stale update and deletes into history', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    const v1 = s.saveResource('dr', heartRate('o1', 'p1', 70));
    expect(v1).toMatchObject({ outcome: 'created', versionId: '1' });
    expect(s.saveResource('dr', heartRate('o1', 'p1', 70)).outcome).toBe('unchanged');
    const v2 = s.saveResource('dr', heartRate('o1', 'p1', 72), '1');
    expect(v2).toMatchObject({ outcome: 'updated', versionId: '2' });
    const stored = s.getResource('dr', 'Observation', 'o1');
    expect(stored.meta).toMatchObject({ versionId: '2' });
    const stale = errorOf(() => s.saveResource('dr', heartRate('o1', 'p1', 99), '1'));
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/Observation\/o1 was changed by someone else/);
    expect(s.history('dr', 'Observation', 'o1').map((h) => h.versionId)).toEqual(['2', '1']);
    expect(errorOf(() => s.deleteResource('dr', 'Patient', 'p1')).code).toBe('conflict');
    s.deleteResource('dr', 'Observation', 'o1', '2');
    expect(errorOf(() => s.getResource('dr', 'Observation', 'o1')).code).toBe('not-found');
    expect(s.history('dr', 'Observation', 'o1')[0]).toMatchObject({ deleted: true, versionId: '3' });
  });

  it('creates a resource without an id under a new one', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    const { id, ...rest } = heartRate('x', 'p1', 70);
    void id;
    const r = s.saveResource('dr', rest);
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('validation', () => {
  it('names the resource and path of a structural problem', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    const e = errorOf(() => s.saveResource('dr', heartRate('abc', 'p1', 'seventy')));
    expect(e.code).toBe('invalid-input');
    expect(e.message).toContain('Observation/abc: valueQuantity.value must be a number');
    expect(errorOf(() => s.saveResource('dr', { ...heartRate('d', 'p1', 70), effectiveDateTime: 'yesterday' })).message).toContain('effectiveDateTime must be a FHIR date');
    expect(errorOf(() => s.saveResource('dr', { resourceType: 'Observation', id: 'x', subject: { reference: 'Patient/p1' } })).message).toMatch(/status is required/);
  });

  it('accepts every R4 resource type and refuses others', () => {
    s = openRecords();
    expect(r4ResourceTypes.length).toBe(146);
    // Every R4 type is known: a bare one is refused only for its required elements (per the R4 definitions).
    for (const t of r4ResourceTypes) {
      for (const i of resourceIssues({ resourceType: t, id: `x-${t}` })) expect(i.message, `${t} ${i.path}`).toBe('is required');
    }
    expect(s.saveResource('dr', { resourceType: 'Basic', id: 'x-Basic', code: { text: 'note' } }).outcome).toBe('created');
    expect(s.saveResource('dr', { resourceType: 'Library', id: 'x-Library', status: 'draft', type: { text: 'logic' } }).outcome).toBe('created');
    expect(errorOf(() => s.saveResource('dr', { resourceType: 'Library', id: 'x-Library2' })).message).toContain('Library/x-Library2: status is required; type is required');
    const e = errorOf(() => s.saveResource('dr', { resourceType: 'InventoryItem', id: 'x' }));
    expect(e.message).toContain('"InventoryItem" is not a FHIR R4 resource type');
  });

  it('refuses a record whose patient is missing and reports other unresolved references', () => {
    s = openRecords();
    const e = errorOf(() => s.saveResource('dr', heartRate('o1', 'ghost', 70)));
    expect(e.message).toMatch(/belongs to Patient\/ghost, who is not in Bedside/);
    s.saveResource('dr', patient('p1'));
    const r = s.saveResource('dr', { ...heartRate('o2', 'p1', 70), encounter: { reference: 'Encounter/e9' }, performer: [{ reference: 'Practitioner?identifier=urn:npi|123' }] });
    expect(r.unresolved.sort()).toEqual(['Encounter/e9', 'Practitioner?identifier=urn:npi|123']);
    s.saveResource('dr', { resourceType: 'Practitioner', id: 'pr1', identifier: [{ system: 'urn:npi', value: '123' }] });
    expect(s.saveResource('dr', { ...heartRate('o3', 'p1', 70), performer: [{ reference: 'Practitioner?identifier=urn:npi|123' }] }).unresolved).toEqual([]);
  });

  it('refuses a 50 MB note with a message naming it', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    const big = note('huge', 'p1', 'x');
    (big.content as { attachment: { data: string } }[])[0]!.attachment.data = 'QUFB'.repeat((50 * 1024 * 1024) / 3);
    const e = errorOf(() => s.saveResource('dr', big));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/^DocumentReference\/huge: the note is 50\.0 MB/);
  });

  it('keeps large image bytes in the binaries table and gives them back', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    const bytes = Buffer.alloc(200_000, 3).toString('base64');
    s.saveResource('dr', { resourceType: 'Media', id: 'm1', status: 'completed', subject: { reference: 'Patient/p1' }, content: { contentType: 'image/png', data: bytes } });
    expect(Number(s.database.prepare('SELECT count(*) FROM binaries').pluck().get())).toBe(1);
    const json = String(s.database.prepare("SELECT json FROM resources WHERE id = 'm1'").pluck().get());
    expect(json.length).toBeLessThan(1000);
    expect((s.getResource('dr', 'Media', 'm1').content as { data: string }).data).toBe(bytes);
  });
});

describe('notes', () => {
  it('searches note text with prefixes, for one patient or all', () => {
    s = openRecords();
    s.saveResource('dr', patient('p1'));
    s.saveResource('dr', patient('p2'));
    s.saveResource('dr', note('n1', 'p1', 'Patient reports chest pain radiating to the left arm.'));
    s.saveResource('dr', note('n2', 'p2', 'Chest clear. No pain.'));
    expect(s.searchNotes('dr', 'chest pai').map((h) => h.id).sort()).toEqual(['n1', 'n2']);
    expect(s.searchNotes('dr', 'radiat')[0]).toMatchObject({ id: 'n1', patientId: 'p1' });
    expect(s.searchNotes('dr', 'radiat')[0]!.snippet).toContain('[radiating]');
    expect(s.searchNotes('dr', 'chest', { patientId: 'p2' }).map((h) => h.id)).toEqual(['n2']);
  });
});

describe('bundles', () => {
  it('imports a bundle whole or not at all, and re-importing is a no-op', () => {
    s = openRecords();
    const good = bundle([patient('p1'), heartRate('o1', 'p1', 70), note('n1', 'p1', 'hello')]);
    expect(s.importBundle('dr', good)).toMatchObject({ created: 3 });
    expect(s.importBundle('dr', good)).toMatchObject({ created: 0, unchanged: 3 });
    const before = s.counts().resources;
    const bad = bundle([patient('p2'), heartRate('o2', 'p2', 70), heartRate('o3', 'p2', 'bad')]);
    const e = errorOf(() => s.importBundle('dr', bad));
    expect(e.message).toMatch(/entry 3: Observation\/o3: valueQuantity.value must be a number/);
    expect(e.message).toMatch(/Nothing from this bundle was imported/);
    expect(s.counts().resources).toBe(before);
    expect(s.searchPatients('dr', 'MRN-p2', 5)).toEqual([]);
  });

  it('refuses a duplicate id with different content unless the import is newer', () => {
    s = openRecords();
    s.importBundle('dr', bundle([patient('p1'), { ...heartRate('o1', 'p1', 70), meta: { lastUpdated: '2024-01-01T00:00:00Z' } }]));
    const e = errorOf(() => s.importBundle('dr', bundle([{ ...heartRate('o1', 'p1', 99), meta: { lastUpdated: '2023-01-01T00:00:00Z' } }])));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/Observation\/o1 is already in Bedside with different content/);
    const newer = s.importBundle('dr', bundle([{ ...heartRate('o1', 'p1', 99), meta: { lastUpdated: '2025-01-01T00:00:00Z' } }]));
    expect(newer.updated).toBe(1);
    expect(s.getResource('dr', 'Observation', 'o1').meta).toMatchObject({ versionId: '2', lastUpdated: '2025-01-01T00:00:00Z' });
  });

  it('rewrites urn:uuid references of a transaction bundle', () => {
    s = openRecords();
    const pid = '11111111-2222-3333-4444-555555555555';
    s.importBundle('dr', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:obs-1', resource: { ...heartRate('x', 'y', 70), id: undefined, subject: { reference: `urn:uuid:${pid}` } }, request: { method: 'POST', url: 'Observation' } },
        { fullUrl: `urn:uuid:${pid}`, resource: { resourceType: 'Patient', name: [{ family: 'Urn' }] }, request: { method: 'POST', url: 'Patient' } },
      ],
    });
    expect(s.getResource('dr', 'Patient', pid).id).toBe(pid);
    expect(s.chart('dr', pid).resources).toHaveLength(2);
  });

  it('refuses malformed bundles clearly', () => {
    s = openRecords();
    expect(errorOf(() => s.importBundle('dr', { resourceType: 'Bundle', type: 'nonsense' })).message).toMatch(/Bundle.type "nonsense" cannot be imported/);
    expect(errorOf(() => s.importBundle('dr', { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Frobnicator', id: 'f' } }] })).message).toMatch(/not a FHIR R4 resource type/);
  });
});
