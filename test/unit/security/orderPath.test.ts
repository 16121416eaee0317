/**
 * A MedicationRequest becomes active only through the order path, which always runs the order
 * checks on exactly what is written: a nurse cannot order at all, and a clinician's active order
 * sent straight to records.saveResource (skipping cds.checkOrder) is checked anyway and refused
 * while a critical alert is unanswered. Before the write table, both were saved.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OVERRIDE_REASONS, type Card } from '../../../electron/contract/schemas/card';
import type { CallContext } from '../../../electron/ipc/router';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { startHarness, type Harness } from '../../helpers/bedsideHarness';

const ipc = (id: string): CallContext => ({ transport: 'ipc', senderUrl: 'app://bedside/index.html', isMainFrame: true, connectionId: id });
const CLIN = ipc('o-clin');
const NURSE = ipc('o-nurse');
// Thomas Lindqvist (demo-02): penicillin allergy. Amoxicillin is a penicillin.
const amoxicillin = (id: string, status: string) => ({ resourceType: 'MedicationRequest', id, status, intent: 'order', subject: { reference: 'Patient/demo-02' }, medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '308182', display: 'amoxicillin 500 MG Oral Capsule' }], text: 'amoxicillin 500 MG Oral Capsule' } });

let h: Harness;
let records: RecordsService;
const stored = (id: string) => records.database.prepare<[string], string>("SELECT status FROM resources WHERE type = 'MedicationRequest' AND id = ?").pluck().get(id) ?? null;

beforeAll(async () => {
  h = await startHarness({ signedIn: false });
  records = h.bedside.container.get<RecordsService>('records');
  records.seedDemoClinic('system:test');
  const password = 'order path: long enough password';
  await h.auth.createUser('system:test', { username: 'o.clin', displayName: 'Dr O', roles: ['clinician'], temporaryPassword: password, permanent: true });
  await h.auth.createUser('system:test', { username: 'o.nurse', displayName: 'Nurse O', roles: ['nurse'], temporaryPassword: password, permanent: true });
  await h.auth.signIn('ipc:o-clin', 'o.clin', password);
  await h.auth.signIn('ipc:o-nurse', 'o.nurse', password);
});

describe('the order path', () => {
  it('refuses a nurse an active amoxicillin order through records.saveResource (issue #13, finding 1)', async () => {
    const r = await h.bedside.router.invoke(NURSE, 'records.saveResource', { resource: amoxicillin('nurse-amox', 'active') });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(stored('nurse-amox')).toBeNull();
  });

  it('runs the order check on an active order that skipped cds.checkOrder, and refuses it while the critical alert is unanswered', async () => {
    const r = await h.bedside.router.invoke(CLIN, 'records.saveResource', { resource: amoxicillin('amox-1', 'active') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('conflict');
    expect(r.error.message).toMatch(/critical alert/);
    expect(r.error.message).toMatch(/penicillin/i);
    expect(stored('amox-1')).toBeNull();
    // The refused write rolled back (cards included); the refusal itself is audited.
    const denied = records.database.prepare<[], { actor: string; target: string; detail: string }>("SELECT actor, target, detail FROM audit_log WHERE action = 'access-denied' ORDER BY seq DESC LIMIT 1").get();
    expect(denied).toEqual({ actor: 'user:o.clin', target: 'MedicationRequest/amox-1', detail: 'conflict: create' });
  });

  it('a draft may be saved without checks, but making it active runs them', async () => {
    const draft = await h.bedside.router.invoke(CLIN, 'records.saveResource', { resource: amoxicillin('amox-2', 'draft') });
    expect(draft.ok).toBe(true);
    const activate = await h.bedside.router.invoke(CLIN, 'records.saveResource', { resource: amoxicillin('amox-2', 'active') });
    expect(activate).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(stored('amox-2')).toBe('draft');
  });

  it('the order form’s path succeeds: check, answer the critical alert with a reason, then save', async () => {
    const check = await h.bedside.router.invoke(CLIN, 'cds.checkOrder', { patientId: 'demo-02', medicationRequest: amoxicillin('amox-3', 'active') });
    if (!check.ok) throw new Error(check.error.message);
    const critical = (check.value as { cards: Card[] }).cards.filter((c) => c.indicator === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    for (const c of critical) {
      const fb = await h.bedside.router.invoke(CLIN, 'cds.feedback', { card: c.uuid, outcome: 'overridden', acceptedSuggestions: [], overrideReason: { reason: OVERRIDE_REASONS.find((x) => x.code === 'already-managed')!, userComment: 'Tolerated amoxicillin in 2024; allergy label doubtful' }, outcomeTimestamp: new Date().toISOString() });
      expect(fb.ok).toBe(true);
    }
    const saved = await h.bedside.router.invoke(CLIN, 'records.saveResource', { resource: amoxicillin('amox-3', 'active') });
    expect(saved).toMatchObject({ ok: true, value: { outcome: 'created' } });
    expect(stored('amox-3')).toBe('active');
    // A different drug under the same id is a new order: checked again, not waved through by the earlier answer.
    const erythro = { ...amoxicillin('amox-3', 'active'), medicationCodeableConcept: { text: 'erythromycin 250 MG Oral Tablet' }, subject: { reference: 'Patient/demo-01' } };
    const swapped = await h.bedside.router.invoke(CLIN, 'records.saveResource', { resource: { ...erythro, id: 'ery-1' } });
    expect(swapped).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a safe order is saved active directly (the check runs and finds nothing critical)', async () => {
    const safe = { ...amoxicillin('apap-1', 'active'), medicationCodeableConcept: { text: 'acetaminophen 500 MG Oral Tablet' } };
    const r = await h.bedside.router.invoke(CLIN, 'records.saveResource', { resource: safe });
    expect(r).toMatchObject({ ok: true, value: { outcome: 'created' } });
  });

  it('stopping an active order needs no check, but is a clinician’s status change', async () => {
    const stop = { ...amoxicillin('apap-1', 'stopped'), medicationCodeableConcept: { text: 'acetaminophen 500 MG Oral Tablet' } };
    expect(await h.bedside.router.invoke(NURSE, 'records.saveResource', { resource: stop })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await h.bedside.router.invoke(CLIN, 'records.saveResource', { resource: stop })).toMatchObject({ ok: true, value: { outcome: 'updated' } });
  });
});
