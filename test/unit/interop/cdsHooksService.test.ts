/**
 * CDS Hooks 2.0 against a running browser host (https://cds-hooks.hl7.org/2.0/): discovery, each
 * hook, and the feedback endpoint in every form the spec allows, with the spec's own examples;
 * authentication as its "Trusting CDS Clients" section describes (bearer JWT of a registered
 * client: signature, iss, aud, exp, jti) and the permission table's roles.
 */
import crypto from 'node:crypto';
import https from 'node:https';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost } from '../../../electron/server/browserHost';
import { loadOrCreateSelfSigned } from '../../../electron/server/tls';
import { repoRoot } from '../../helpers/sharedData';
import { tempDir } from '../../helpers/tempDir';
import { cdsHooksCardSchema, BEDSIDE_CARD_EXTENSION } from '../../../electron/contract/schemas/cdsHooks';
import { OVERRIDE_REASONS } from '../../../electron/contract/schemas/card';
import type { CdsService } from '../../../electron/services/cds/cdsService';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { startHarness, type Harness } from '../../helpers/bedsideHarness';
import { makeInteropClient, registerInteropClients, type TestInteropClient } from '../../helpers/interopClient';

/** Parsed JSON answers, read field by field in the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field against the spec
type Json = any;

let h: Harness;
let base: string;
let ehr: TestInteropClient;
let nurseApp: TestInteropClient;
let records: RecordsService;

beforeAll(async () => {
  h = await startHarness({ serve: true, signedIn: false });
  base = h.host!.origin;
  records = h.bedside.container.get<RecordsService>('records');
  records.seedDemoClinic('system:test');
  const e = await makeInteropClient('https://ehr.clinic.test/');
  const n = await makeInteropClient('https://nursing.clinic.test/');
  registerInteropClients(h.dataDir, [
    { client: e, name: 'Clinic EHR', roles: ['clinician'] },
    { client: n, name: 'Nursing board', roles: ['nurse'] },
  ]);
  ehr = e;
  nurseApp = n;
});

/** A CDS Hooks call as a client makes it: POST JSON with a token whose aud is the URL called. */
async function call(pathname: string, body: unknown, client: TestInteropClient = ehr, init: { method?: string; token?: string | null; headers?: Record<string, string> } = {}): Promise<{ status: number; json: Json; headers: Headers }> {
  const url = `${base}${pathname}`;
  const token = init.token === undefined ? await client.token(url) : init.token;
  const res = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}), ...init.headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

const erythromycinDraft = (id: string) => ({
  resourceType: 'MedicationRequest',
  id,
  status: 'draft',
  intent: 'order',
  subject: { reference: 'Patient/demo-01' },
  medicationCodeableConcept: { text: 'erythromycin 250 MG Oral Tablet' },
});
const orderContext = (hook: 'order-select' | 'order-sign', draft: Record<string, unknown>) => ({
  hookInstance: crypto.randomUUID(),
  hook,
  context: {
    userId: 'Practitioner/example',
    patientId: 'demo-01',
    ...(hook === 'order-select' ? { selections: [`MedicationRequest/${String(draft.id)}`] } : {}),
    draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: draft }] },
  },
});

describe('discovery', () => {
  it('lists the three services with hook, id, description and prefetch templates', async () => {
    const r = await call('/cds-services', undefined);
    expect(r.status).toBe(200);
    expect(r.json.services.map((s: { hook: string; id: string }) => [s.hook, s.id])).toEqual([
      ['patient-view', 'bedside-patient-view'],
      ['order-select', 'bedside-order-select'],
      ['order-sign', 'bedside-order-sign'],
    ]);
    for (const s of r.json.services) {
      expect(Object.keys(s).sort()).toEqual(['description', 'hook', 'id', 'prefetch', 'title']);
      expect(s.prefetch.patient).toBe('Patient/{{context.patientId}}');
    }
  });
});

describe('hooks', () => {
  it('order-select with a draft MedicationRequest gives the interaction card, in the exact 2.0 form', async () => {
    const r = await call('/cds-services/bedside-order-select', orderContext('order-select', erythromycinDraft('ery-1')));
    expect(r.status).toBe(200);
    const ddi = r.json.cards.find((c: { summary: string }) => /simvastatin/i.test(c.summary));
    expect(ddi).toBeDefined();
    expect(ddi.indicator).toBe('critical');
    // Exactly the spec's fields, Bedside's under extension; no bedside:// anywhere; summary < 140.
    for (const card of r.json.cards) {
      expect(cdsHooksCardSchema.safeParse(card).success).toBe(true);
      expect(card.summary.length).toBeLessThan(140);
      expect(JSON.stringify(card)).not.toMatch(/bedside:\/\//);
      expect(Object.keys(card)).not.toContain('provenance');
      expect(card.extension[BEDSIDE_CARD_EXTENSION].provenance.kind).toBe('rule');
      for (const reason of card.overrideReasons ?? []) expect(reason.display).toBeTruthy();
    }
    expect(ddi.suggestions[0].actions[0]).toEqual({ type: 'delete', description: expect.any(String), resourceId: 'MedicationRequest/ery-1' });
    expect(ddi.selectionBehavior).toBe('at-most-one');
  });

  it('order-sign checks every draft order; a selection-less order-select is refused with why', async () => {
    const sign = await call('/cds-services/bedside-order-sign', orderContext('order-sign', erythromycinDraft('ery-2')));
    expect(sign.status).toBe(200);
    expect(sign.json.cards.some((c: { indicator: string }) => c.indicator === 'critical')).toBe(true);
    const bad = orderContext('order-select', erythromycinDraft('ery-3'));
    delete (bad.context as { selections?: unknown }).selections;
    const r = await call('/cds-services/bedside-order-select', bad);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/selections/);
  });

  it("patient-view on Bedside's own records gives the app's cards; the call is audited with the client as actor", async () => {
    const r = await call('/cds-services/bedside-patient-view', { hookInstance: crypto.randomUUID(), hook: 'patient-view', context: { userId: 'Practitioner/example', patientId: 'demo-01' } });
    expect(r.status).toBe(200);
    const app = h.bedside.container.get<CdsService>('cds').cardsForPatient('system:test', 'demo-01').cards;
    expect(r.json.cards.map((c: { uuid: string }) => c.uuid).sort()).toEqual(app.map((c) => c.uuid).sort());
    const row = records.database.prepare<[], { actor: string }>("SELECT actor FROM audit_log WHERE action = 'cds-cards' AND actor LIKE 'client:%' ORDER BY seq DESC LIMIT 1").get();
    expect(row?.actor).toBe('client:https://ehr.clinic.test/');
  });

  it("the spec's patient-view example (prefetch) runs the rules on the prefetched data only", async () => {
    const example = {
      hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
      fhirServer: 'http://hooks.smarthealthit.org:9080',
      hook: 'patient-view',
      fhirAuthorization: { access_token: 'some-opaque-fhir-access-token', token_type: 'Bearer', expires_in: 300, scope: 'patient/Patient.read patient/Observation.read', subject: 'cds-service4' },
      context: { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284' },
      prefetch: { patientToGreet: { resourceType: 'Patient', gender: 'male', birthDate: '1925-12-23', id: '1288992', active: true } },
    };
    const r = await call('/cds-services/bedside-patient-view', example);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ cards: [] });
    // The same prefetch with a Margaret-like chart: the interaction card comes from the prefetch alone.
    const med = (id: string, code: string, text: string) => ({ resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: { reference: 'Patient/ext-1' }, medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code, display: text }], text } });
    const withMeds = { ...example, hookInstance: crypto.randomUUID(), context: { patientId: 'ext-1' }, prefetch: { patient: { resourceType: 'Patient', id: 'ext-1' }, medications: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: med('m1', '314231', 'simvastatin 20 MG Oral Tablet') }, { resource: med('m2', '197517', 'clarithromycin 500 MG Oral Tablet') }] } } };
    const r2 = await call('/cds-services/bedside-patient-view', withMeds);
    expect(r2.status).toBe(200);
    expect(r2.json.cards.map((c: { summary: string }) => c.summary)).toContainEqual(expect.stringMatching(/simvastatin with clarithromycin/i));
  });

  it('a request that is not CDS Hooks gets a 400 saying what is wrong; an unknown service a 404', async () => {
    expect((await call('/cds-services/bedside-patient-view', { hook: 'patient-view', context: {} })).status).toBe(400);
    expect((await call('/cds-services/bedside-patient-view', '{not json')).status).toBe(400);
    const wrongHook = await call('/cds-services/bedside-patient-view', { hookInstance: 'x', hook: 'order-sign', context: { patientId: 'demo-01' } });
    expect(wrongHook.json.error.message).toMatch(/patient-view/);
    const missing = await call('/cds-services/nope', { hookInstance: 'x', hook: 'patient-view', context: {} });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/json/);
  });
});

describe('feedback in every form CDS Hooks 2.0 allows', () => {
  /** A fresh critical card (and its suggestion) from order-select. */
  async function freshCard(): Promise<{ card: string; suggestion: string }> {
    const r = await call('/cds-services/bedside-order-select', orderContext('order-select', erythromycinDraft(`ery-${crypto.randomUUID().slice(0, 8)}`)));
    const c = r.json.cards.find((x: { indicator: string }) => x.indicator === 'critical');
    return { card: c.uuid, suggestion: c.suggestions[0].uuid };
  }
  const feedback = (entries: unknown) => call('/cds-services/bedside-order-select/feedback', entries);
  const status = (card: string) => records.database.prepare<[string], string>('SELECT status FROM cds_cards WHERE uuid = ?').pluck().get(card);

  it('the spec example "suggestion accepted" (wrapper, acceptedSuggestions): recorded, no record changed', async () => {
    const { card, suggestion } = await freshCard();
    const r = await feedback({ feedback: [{ card, outcome: 'accepted', acceptedSuggestions: [{ id: suggestion }], outcomeTimestamp: '2020-12-11T00:00:00Z' }] });
    expect(r).toMatchObject({ status: 200, json: { feedback: [{ card, result: 'recorded' }] } });
    expect(status(card)).toBe('accepted');
  });

  it('the spec example "overridden guidance without overrideReason"', async () => {
    const { card } = await freshCard();
    const r = await feedback({ feedback: [{ card, outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' }] });
    expect(r.status).toBe(200);
    expect(status(card)).toBe('overridden');
  });

  it('the spec example "overridden guidance with overrideReason": a reason of another system, without display, and a comment', async () => {
    const { card } = await freshCard();
    const r = await feedback({ feedback: [{ card, outcome: 'overridden', overrideReason: { reason: { code: 'd7ecf885', system: 'https://example.com/cds-hooks/override-reason-system' }, userComment: 'A comment entered by the clinician.' }, outcomeTimestamp: '2020-12-11T00:00:00Z' }] });
    expect(r.status).toBe(200);
    const row = records.database.prepare<[string], { override_code: string; override_comment: string }>('SELECT override_code, override_comment FROM cds_feedback WHERE card_uuid = ?').get(card);
    expect(row).toEqual({ override_code: 'https://example.com/cds-hooks/override-reason-system|d7ecf885', override_comment: 'A comment entered by the clinician.' });
  });

  it("one of the card's own override reasons; a comment without a reason", async () => {
    const a = await freshCard();
    expect((await feedback({ feedback: [{ card: a.card, outcome: 'overridden', overrideReason: { reason: OVERRIDE_REASONS[1] }, outcomeTimestamp: '2026-01-15T10:00:00+01:00' }] })).status).toBe(200);
    expect(records.database.prepare<[string], string>('SELECT override_code FROM cds_feedback WHERE card_uuid = ?').pluck().get(a.card)).toBe('benefit-outweighs-risk');
    const b = await freshCard();
    expect((await feedback({ feedback: [{ card: b.card, outcome: 'overridden', overrideReason: { userComment: 'Discussed with the pharmacist.' }, outcomeTimestamp: '2026-01-15T10:00:00Z' }] })).status).toBe(200);
    expect(status(b.card)).toBe('overridden');
  });

  it('several entries in one wrapper, a bare entry (1.x clients), repeated feedback, non-UUID ids', async () => {
    const a = await freshCard();
    const b = await freshCard();
    const many = await feedback({ feedback: [{ card: a.card, outcome: 'overridden', outcomeTimestamp: '2026-01-15T10:00:00Z' }, { card: b.card, outcome: 'accepted', acceptedSuggestions: [{ id: 'cancel-order-1' }], outcomeTimestamp: '2026-01-15T10:00:00Z' }] });
    expect(many.json.feedback).toEqual([{ card: a.card, result: 'recorded' }, { card: b.card, result: 'recorded' }]);
    const bare = await feedback({ card: a.card, outcome: 'overridden', outcomeTimestamp: '2026-01-15T10:01:00Z' });
    expect(bare.status).toBe(200);
    // The first decision stands; both feedbacks are kept.
    expect(status(a.card)).toBe('overridden');
    expect(records.database.prepare<[string], number>('SELECT count(*) FROM cds_feedback WHERE card_uuid = ?').pluck().get(a.card)).toBe(2);
    const unknown = await feedback({ feedback: [{ card: 'card-42', outcome: 'overridden', outcomeTimestamp: '2026-01-15T10:00:00Z' }] });
    expect(unknown).toMatchObject({ status: 200, json: { feedback: [{ card: 'card-42', result: 'unknown-card' }] } });
  });

  it('refuses what the spec does not allow, saying why, and records nothing', async () => {
    const { card } = await freshCard();
    const accepted = await feedback({ feedback: [{ card, outcome: 'accepted', outcomeTimestamp: '2026-01-15T10:00:00Z' }] });
    expect(accepted.status).toBe(400);
    expect(accepted.json.error.message).toMatch(/acceptedSuggestions/);
    expect((await feedback({ feedback: [{ card, outcome: 'ignored', outcomeTimestamp: '2026-01-15T10:00:00Z' }] })).status).toBe(400);
    expect((await feedback({ feedback: [{ card, outcome: 'overridden' }] })).status).toBe(400);
    expect(status(card)).toBe('active');
  });
});

describe('authentication and authorisation', () => {
  const url = () => `${base}/cds-services`;
  it('refuses a request without a token, or with a token for another endpoint, issuer, key or algorithm', async () => {
    expect((await call('/cds-services', undefined, ehr, { token: null })).status).toBe(401);
    const r = await call('/cds-services', undefined, ehr, { token: await ehr.token(`${base}/cds-services/bedside-patient-view`) });
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/aud/);
    const stranger = await makeInteropClient('https://stranger.test/');
    expect((await call('/cds-services', undefined, stranger)).status).toBe(401);
    // Signed by a key that is not the one registered for this iss.
    expect((await call('/cds-services', undefined, ehr, { token: await stranger.token(url(), { iss: ehr.iss, kid: ehr.kid }) })).status).toBe(401);
    const hmac = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: ehr.kid })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: ehr.iss, aud: url(), exp: Math.floor(Date.now() / 1000) + 60, iat: Math.floor(Date.now() / 1000), jti: 'x' })).toString('base64url')}.c2ln`;
    expect((await call('/cds-services', undefined, ehr, { token: hmac })).status).toBe(401);
  });

  it('refuses expired, long-lived and replayed tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await call('/cds-services', undefined, ehr, { token: await ehr.token(url(), { exp: now - 120, iat: now - 300 }) })).json.error.message).toMatch(/expired/);
    expect((await call('/cds-services', undefined, ehr, { token: await ehr.token(url(), { exp: now + 3600 }) })).json.error.message).toMatch(/too long/);
    const once = await ehr.token(url());
    expect((await call('/cds-services', undefined, ehr, { token: once })).status).toBe(200);
    const again = await call('/cds-services', undefined, ehr, { token: once });
    expect(again.status).toBe(401);
    expect(again.json.error.message).toMatch(/already used/);
  });

  it("applies the permission table to the client's roles, and audits the refusal", async () => {
    const r = await call('/cds-services/bedside-order-select', orderContext('order-select', erythromycinDraft('ery-n')), nurseApp);
    expect(r.status).toBe(403);
    const denied = records.database.prepare<[], { actor: string; target: string }>("SELECT actor, target FROM audit_log WHERE action = 'access-denied' ORDER BY seq DESC LIMIT 1").get();
    expect(denied).toEqual({ actor: 'client:https://nursing.clinic.test/', target: 'cds.checkOrder' });
    expect((await call('/cds-services/bedside-patient-view', { hookInstance: 'n', hook: 'patient-view', context: { patientId: 'demo-02' } }, nurseApp)).status).toBe(200);
  });

  it('refuses a page of another site (Origin), and a body over the limit, before any work', async () => {
    expect((await call('/cds-services', undefined, ehr, { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    const huge = await call('/cds-services/bedside-patient-view', JSON.stringify({ hookInstance: 'x', hook: 'patient-view', context: { patientId: 'demo-01' }, extension: { pad: 'x'.repeat(17 * 1024 * 1024) } }));
    expect(huge.status).toBe(413);
  });
});

describe('over TLS, as in network mode', () => {
  it('the same token rules hold on an HTTPS host: aud is the https URL called', async () => {
    const tls = await loadOrCreateSelfSigned(tempDir(), '127.0.0.1');
    const host = await startBrowserHost(h.bedside, { port: 0, host: '127.0.0.1', rendererDir: path.join(repoRoot, 'dist', 'renderer'), tls }, new Set());
    try {
      const get = (token: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const u = new URL(`${host.origin}/cds-services`);
          https
            .get({ host: u.hostname, port: u.port, path: u.pathname, ca: tls.cert, headers: { Authorization: `Bearer ${token}` } }, (r) => {
              let body = '';
              r.on('data', (c: Buffer) => (body += c.toString()));
              r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
            })
            .on('error', reject);
        });
      expect(host.origin).toMatch(/^https:/);
      const ok = await get(await ehr.token(`${host.origin}/cds-services`));
      expect(ok.status).toBe(200);
      expect((JSON.parse(ok.body) as { services: unknown[] }).services).toHaveLength(3);
      // A token made for the plain-HTTP address is not valid for the HTTPS one.
      expect((await get(await ehr.token(`${host.origin.replace('https', 'http')}/cds-services`))).status).toBe(401);
    } finally {
      await host.close();
    }
  });
});

describe('nothing a client sends stops the service', () => {
  it('240 mutated hook calls and feedbacks, 11 hostile FHIR queries with valid tokens: every answer is a 2xx or a 4xx with a message, no handler fails', async () => {
    let seed = 21;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const odd = (): unknown => [null, 0, -1, 1e308, '', 'x'.repeat(5000), [], {}, [null], { resourceType: 'Bundle', entry: [{ resource: null }] }, { resourceType: 7 }, true, 'Patient/..', '\u0000'][rand(14)];
    const mutate = (value: unknown, depth = 0): unknown => {
      if (rand(5) === 0 || depth > 6) return odd();
      if (Array.isArray(value)) return value.map((v) => mutate(v, depth + 1));
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rand(3) === 0 ? mutate(v, depth + 1) : v]));
      return value;
    };
    const templates: [string, unknown][] = [
      ['/cds-services/bedside-order-select', orderContext('order-select', erythromycinDraft('fuzz'))],
      ['/cds-services/bedside-order-sign', orderContext('order-sign', erythromycinDraft('fuzz'))],
      ['/cds-services/bedside-patient-view', { hookInstance: 'f', hook: 'patient-view', context: { patientId: 'demo-01' }, prefetch: { patient: { resourceType: 'Patient', id: 'demo-01' } } }],
      ['/cds-services/bedside-order-select/feedback', { feedback: [{ card: 'c', outcome: 'overridden', overrideReason: { reason: { code: 'x', system: 'y' }, userComment: 'z' }, outcomeTimestamp: '2026-01-15T10:00:00Z' }] }],
    ];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 240; i++) {
      const [p, template] = templates[i % templates.length]!;
      const r = await call(p, mutate(template));
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(r.status, JSON.stringify(r.json)).toBeLessThan(500);
      if (r.status >= 400) expect(typeof r.json.error.message).toBe('string');
    }
    const queries = ['_count=-1', '_count=abc', 'date=ge', 'date=2024-13-45', 'code=%7C', 'patient=Patient%2F..%2Fx', '_id=', 'name=%25%5F', 'identifier=%7C%7C', '_lastUpdated=lt2024-02-30', '_offset=99999999999999999'];
    for (const q of queries) {
      const url = `${base}/fhir/Observation?${q}`;
      const res = await fetch(url, { headers: { Authorization: `Bearer ${await ehr.token(`${base}/fhir`)}` } });
      expect(res.status, q).toBeLessThan(500);
      const body = (await res.json()) as { resourceType: string };
      expect(['Bundle', 'OperationOutcome']).toContain(body.resourceType);
    }
    expect(h.host!.stats().handlerFailures).toBe(0);
    // Some calls were valid and some refused: the mutation reached both sides.
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
  });
});
