/**
 * The read-only FHIR R4 API against a running browser host, read by a real FHIR client from npm
 * (`fhir-kit-client`, each request signed with a fresh bearer JWT), and Bulk Data `$export`
 * whose files the importer (`admin import`'s path) reads back into an empty store identically.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'fhir-kit-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { startHarness, type Harness } from '../../helpers/bedsideHarness';
import { makeInteropClient, registerInteropClients, type TestInteropClient } from '../../helpers/interopClient';
import { tempDir } from '../../helpers/tempDir';

let h: Harness;
let base: string;
let ehr: TestInteropClient & { publicJwk: Record<string, unknown> };
let records: RecordsService;
let fhir: Client;

beforeAll(async () => {
  h = await startHarness({ serve: true, signedIn: false });
  base = `${h.host!.origin}/fhir`;
  records = h.bedside.container.get<RecordsService>('records');
  records.seedDemoClinic('system:test');
  ehr = await makeInteropClient('https://ehr.clinic.test/');
  registerInteropClients(h.dataDir, [{ client: ehr, name: 'Clinic EHR', roles: ['clinician'] }]);
  fhir = new Client({
    baseUrl: base,
    // Every request gets its own token (single-use jti), as the API requires.
    requestSigner: async (_url: string, init: RequestInit) => {
      const token = await ehr.token(base);
      if (init.headers instanceof Headers) init.headers.set('Authorization', `Bearer ${token}`);
      else init.headers = { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` };
    },
  });
});

type Bundle = { resourceType: 'Bundle'; type: string; total?: number; entry?: { fullUrl: string; resource: { resourceType: string; id: string; [k: string]: unknown } }[]; link?: { relation: string; url: string }[] };

describe('FHIR R4 read API with fhir-kit-client', () => {
  it('metadata is a CapabilityStatement that says read-only and lists the search parameters', async () => {
    const cs = (await fhir.capabilityStatement()) as { resourceType: string; fhirVersion: string; rest: { resource: { type: string; interaction: { code: string }[]; searchParam: { name: string }[] }[] }[] };
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.fhirVersion).toBe('4.0.1');
    const obs = cs.rest[0]!.resource.find((r) => r.type === 'Observation')!;
    expect(obs.interaction.map((i) => i.code)).toEqual(['read', 'vread', 'history-instance', 'search-type']);
    expect(obs.searchParam.map((p) => p.name)).toEqual(['_id', '_lastUpdated', 'patient', 'subject', 'code', 'date']);
  });

  it('reads a patient exactly as stored, and audits the read with the client as actor', async () => {
    const p = (await fhir.read({ resourceType: 'Patient', id: 'demo-01' })) as { resourceType: string; id: string; name: { family: string }[] };
    expect(p).toEqual(records.getResource('system:test', 'Patient', 'demo-01'));
    expect(p.name[0]!.family).toBe('Okafor');
    const row = records.database.prepare<[], { actor: string; target: string }>("SELECT actor, target FROM audit_log WHERE action = 'resource-read' AND actor LIKE 'client:%' ORDER BY seq DESC LIMIT 1").get();
    expect(row).toEqual({ actor: 'client:https://ehr.clinic.test/', target: 'Patient/demo-01' });
  });

  it("searches a patient's observations with paging (next links) and conditions by code", async () => {
    const stored = records.database.prepare<[], number>("SELECT count(*) FROM resources WHERE type = 'Observation' AND patient_id = 'demo-01'").pluck().get()!;
    expect(stored).toBeGreaterThan(10);
    let page = (await fhir.search({ resourceType: 'Observation', searchParams: { patient: 'demo-01', _count: 10 } })) as Bundle;
    expect(page.type).toBe('searchset');
    expect(page.total).toBe(stored);
    const ids = new Set<string>();
    for (;;) {
      for (const e of page.entry ?? []) {
        expect(e.fullUrl).toBe(`${base}/Observation/${e.resource.id}`);
        ids.add(e.resource.id);
      }
      const next = fhir.nextPage({ bundle: page as never });
      if (!next) break;
      page = (await next) as Bundle;
    }
    expect(ids.size).toBe(stored);
    const conditions = (await fhir.search({ resourceType: 'Condition', searchParams: { subject: 'Patient/demo-01' } })) as Bundle;
    expect(conditions.entry!.map((e) => e.resource.resourceType)).toEqual(conditions.entry!.map(() => 'Condition'));
    const hyperlipidemia = (await fhir.search({ resourceType: 'Condition', searchParams: { patient: 'demo-01', code: 'http://snomed.info/sct|55822004' } })) as Bundle;
    expect(hyperlipidemia.total).toBe(1);
    const creatinine = (await fhir.search({ resourceType: 'Observation', searchParams: { code: '2160-0' } })) as Bundle;
    expect(creatinine.total).toBeGreaterThan(0);
    for (const e of creatinine.entry!) expect(JSON.stringify(e.resource)).toContain('2160-0');
  });

  it('searches by date and _lastUpdated with prefixes, by _id, and patients by name and identifier', async () => {
    const all = (await fhir.search({ resourceType: 'Observation', searchParams: { patient: 'demo-01', _count: 500 } })) as Bundle;
    const dates = all.entry!.map((e) => String(e.resource.effectiveDateTime ?? ''));
    const cut = [...dates].sort()[Math.floor(dates.length / 2)]!.slice(0, 10);
    const after = (await fhir.search({ resourceType: 'Observation', searchParams: { patient: 'demo-01', date: `ge${cut}`, _count: 500 } })) as Bundle;
    const before = (await fhir.search({ resourceType: 'Observation', searchParams: { patient: 'demo-01', date: `lt${cut}`, _count: 500 } })) as Bundle;
    expect(after.total! + before.total!).toBe(all.total);
    for (const e of after.entry!) expect(String(e.resource.effectiveDateTime) >= cut).toBe(true);
    const updated = (await fhir.search({ resourceType: 'Patient', searchParams: { _lastUpdated: 'gt2000-01-01' } })) as Bundle;
    expect(updated.total).toBe(12);
    const byId = (await fhir.search({ resourceType: 'Patient', searchParams: { _id: 'demo-01,demo-02' } })) as Bundle;
    expect(byId.entry!.map((e) => e.resource.id).sort()).toEqual(['demo-01', 'demo-02']);
    const okafor = (await fhir.search({ resourceType: 'Patient', searchParams: { name: 'okaf' } })) as Bundle;
    expect(okafor.entry!.map((e) => e.resource.id)).toEqual(['demo-01']);
    const patient = records.getResource('system:test', 'Patient', 'demo-01') as { identifier: { system: string; value: string }[] };
    const mrn = patient.identifier[0]!;
    const byMrn = (await fhir.search({ resourceType: 'Patient', searchParams: { identifier: `${mrn.system}|${mrn.value}` } })) as Bundle;
    expect(byMrn.entry!.map((e) => e.resource.id)).toEqual(['demo-01']);
  });

  it('sends decimals with the digits they were imported with (1.50 stays 1.50)', async () => {
    const folder = tempDir('bedside-decimal-');
    fs.writeFileSync(
      path.join(folder, 'obs.json'),
      '{"resourceType":"Observation","id":"decimal-1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2160-0"}]},"subject":{"reference":"Patient/demo-01"},"effectiveDateTime":"2026-01-15T08:00:00Z","valueQuantity":{"value":1.50,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}',
    );
    await records.runImport('system:cli', folder);
    const res = await fetch(`${base}/Observation/decimal-1`, { headers: { Authorization: `Bearer ${await ehr.token(base)}` } });
    expect(await res.text()).toContain('"value":1.50');
    const search = await fetch(`${base}/Observation?_id=decimal-1`, { headers: { Authorization: `Bearer ${await ehr.token(base)}` } });
    expect(await search.text()).toContain('"value":1.50');
  });

  it('vread and _history give each stored version', async () => {
    const current = records.getResource('system:test', 'Patient', 'demo-03') as { meta: { versionId: string }; active?: boolean };
    records.saveResource('system:cli', { ...current, active: false });
    const history = (await fhir.history({ resourceType: 'Patient', id: 'demo-03' })) as Bundle;
    expect(history.type).toBe('history');
    expect(history.total).toBe(2);
    const old = (await fhir.vread({ resourceType: 'Patient', id: 'demo-03', version: current.meta.versionId })) as { active?: boolean };
    expect(old.active).toBe(current.active);
  });

  it('answers every error with an OperationOutcome: unknown resource, parameter, address, type; no token', async () => {
    const get = async (p: string, auth = true) => {
      const res = await fetch(`${base}${p}`, { headers: auth ? { Authorization: `Bearer ${await ehr.token(base)}` } : {} });
      return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { resourceType: string; issue: { code: string; diagnostics: string }[] } };
    };
    for (const [p, status, code] of [
      ['/Patient/nobody', 404, 'not-found'],
      ['/Observation?color=blue', 400, 'invalid'],
      ['/Observation?date=yesterday', 400, 'invalid'],
      ['/NotAType/1', 404, 'not-found'],
      ['/Patient/demo-01/_history/999', 404, 'not-found'],
      ['/Patient/demo-01/extra/bits/here', 404, 'not-found'],
    ] as const) {
      const r = await get(p);
      expect([p, r.status, r.body.resourceType, r.body.issue[0]!.code]).toEqual([p, status, 'OperationOutcome', code]);
      expect(r.type).toMatch(/application\/fhir\+json/);
    }
    const anonymous = await get('/Patient/demo-01', false);
    expect([anonymous.status, anonymous.body.issue[0]!.code]).toEqual([401, 'login']);
  });
});

describe('Bulk Data $export', () => {
  it('kick-off 202 + Content-Location, status polling, NDJSON files, manifest; admin import reads it back identically', async () => {
    const auth = async () => ({ Authorization: `Bearer ${await ehr.token(base)}` });
    const refused = await fetch(`${base}/$export`, { headers: await auth() });
    expect(refused.status).toBe(400);
    const badSince = await fetch(`${base}/$export?_since=yesterday`, { headers: { ...(await auth()), Prefer: 'respond-async' } });
    expect(badSince.status).toBe(400);
    expect(((await badSince.json()) as { issue: { diagnostics: string }[] }).issue[0]!.diagnostics).toMatch(/_since "yesterday" is not a FHIR instant/);
    const badType = await fetch(`${base}/$export?_type=Nonsense`, { headers: { ...(await auth()), Prefer: 'respond-async' } });
    expect(badType.status).toBe(400);
    const kick = await fetch(`${base}/$export`, { headers: { ...(await auth()), Prefer: 'respond-async', Accept: 'application/fhir+json' } });
    expect(kick.status).toBe(202);
    const statusUrl = kick.headers.get('content-location')!;
    expect(statusUrl).toMatch(new RegExp(`^${base.replace(/[.$]/g, '\\$&')}/\\$export-status/`));
    let manifest: { transactionTime: string; request: string; requiresAccessToken: boolean; output: { type: string; url: string; count: number }[]; error: unknown[] } | undefined;
    for (let i = 0; i < 100 && !manifest; i++) {
      const s = await fetch(statusUrl, { headers: await auth() });
      if (s.status === 200) manifest = (await s.json()) as typeof manifest;
      else {
        expect(s.status).toBe(202);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(manifest!.requiresAccessToken).toBe(true);
    expect(manifest!.request).toBe(`${base}/$export`);
    const folder = tempDir('bedside-bulk-');
    fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest));
    for (const o of manifest!.output) {
      const f = await fetch(o.url, { headers: await auth() });
      expect(f.headers.get('content-type')).toBe('application/fhir+ndjson');
      const text = await f.text();
      expect(text.trim().split('\n')).toHaveLength(o.count);
      fs.writeFileSync(path.join(folder, path.basename(new URL(o.url).pathname)), text);
    }
    const second = await startHarness({ signedIn: false });
    const target = second.bedside.container.get<RecordsService>('records');
    await target.runImport('system:cli', folder);
    const rows = (r: RecordsService) => r.database.prepare<[], { type: string; id: string; version_id: string; last_updated: string; json: string }>('SELECT type, id, version_id, last_updated, json FROM resources ORDER BY type, id').all();
    const a = rows(records);
    const b = rows(target);
    expect(b.length).toBe(a.length);
    expect(b).toEqual(a);
    // DELETE cleans up; the status URL is then gone.
    expect((await fetch(statusUrl, { method: 'DELETE', headers: await auth() })).status).toBe(202);
    expect((await fetch(statusUrl, { headers: await auth() })).status).toBe(404);
  });
});
