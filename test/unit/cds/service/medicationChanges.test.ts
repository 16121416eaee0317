/**
 * Stop, modify, renew and reconciliation through the real app (router, permission table, write
 * gate, SQLite, audit trail) on the demo clinic: FHIR R4 status changes with statusReason and
 * priorPrescription, a new order checked again, all-or-nothing, clinicians only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { OVERRIDE_REASONS, type Card } from '../../../../electron/contract/schemas/card';
import { STATUS_REASON_SYSTEM } from '../../../../electron/contract/schemas/medication';
import type { CallContext } from '../../../../electron/ipc/router';
import type { RecordsService } from '../../../../electron/services/records/recordsService';
import { startHarness, type Harness } from '../../../helpers/bedsideHarness';

const ipc = (id: string): CallContext => ({ transport: 'ipc', senderUrl: 'app://bedside/index.html', isMainFrame: true, connectionId: id });
const CLIN = ipc('m-clin');
const NURSE = ipc('m-nurse');

let h: Harness;
let records: RecordsService;
type Json = Record<string, unknown>;
const get = (type: string, id: string): Json | null => {
  const json = records.database.prepare<[string, string], string>('SELECT json FROM resources WHERE type = ? AND id = ?').pluck().get(type, id);
  return json === undefined ? null : (JSON.parse(json) as Json);
};
const auditRows = (action: string) => records.database.prepare<[string], { actor: string; target: string; detail: string }>('SELECT actor, target, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action);
const call = (ctx: CallContext, channel: string, input: unknown) => h.bedside.router.invoke(ctx, channel, input);

/** The new order of a change: the old one's drug with a new dosage, as the chart's dialog builds it. */
function newOrderFrom(old: Json, dosageText: string): Json {
  return { resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: old.subject, medicationCodeableConcept: old.medicationCodeableConcept, dosageInstruction: [{ text: dosageText }] };
}

/** Checks a draft like the order form does and returns the id to save it under and the critical cards. */
async function check(patientId: string, draft: Json): Promise<{ id: string; critical: Card[]; all: Card[] }> {
  const r = await call(CLIN, 'cds.checkOrder', { patientId, medicationRequest: draft });
  if (!r.ok) throw new Error(r.error.message);
  const v = r.value as { cards: Card[]; medicationRequestId: string };
  return { id: v.medicationRequestId, critical: v.cards.filter((c) => c.indicator === 'critical'), all: v.cards };
}

beforeAll(async () => {
  h = await startHarness({ signedIn: false });
  records = h.bedside.container.get<RecordsService>('records');
  records.seedDemoClinic('system:test');
  const password = 'medication changes: long enough password';
  await h.auth.createUser('system:test', { username: 'm.clin', displayName: 'Dr M', roles: ['clinician'], temporaryPassword: password, permanent: true });
  await h.auth.createUser('system:test', { username: 'm.nurse', displayName: 'Nurse M', roles: ['nurse'], temporaryPassword: password, permanent: true });
  await h.auth.signIn('ipc:m-clin', 'm.clin', password);
  await h.auth.signIn('ipc:m-nurse', 'm.nurse', password);
});

describe('stop', () => {
  it('refuses a nurse, and a clinician without a reason; nothing changes', async () => {
    const stop = { patientId: 'demo-03', medicationRequestId: 'demo-03-med-0', action: 'stop', reason: { code: 'drughigh' } };
    expect(await call(NURSE, 'cds.changeMedication', stop)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(CLIN, 'cds.changeMedication', { ...stop, reason: { text: '   ' } })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(get('MedicationRequest', 'demo-03-med-0')?.status).toBe('active');
  });

  it('stops metformin in CKD 4 with a coded reason and text, audited, and the renal card goes', async () => {
    const r = await call(CLIN, 'cds.changeMedication', { patientId: 'demo-03', medicationRequestId: 'demo-03-med-0', action: 'stop', reason: { code: 'labint', text: 'eGFR 16: metformin contraindicated' } });
    expect(r).toMatchObject({ ok: true, value: { changed: ['MedicationRequest/demo-03-med-0'] } });
    const stopped = get('MedicationRequest', 'demo-03-med-0')!;
    expect(stopped.status).toBe('stopped');
    expect(stopped.statusReason).toEqual({ coding: [{ system: STATUS_REASON_SYSTEM, code: 'labint', display: 'Lab interference issues' }], text: 'eGFR 16: metformin contraindicated' });
    expect(auditRows('medication-change').at(-1)).toMatchObject({ actor: 'user:m.clin', target: 'MedicationRequest/demo-03-med-0' });
    expect(auditRows('resource-update').at(-1)?.detail).toMatch(/stopped: Lab interference issues: eGFR 16/);
    // Stopping it twice is a conflict written for the clinician.
    const again = await call(CLIN, 'cds.changeMedication', { patientId: 'demo-03', medicationRequestId: 'demo-03-med-0', action: 'stop', reason: { text: 'again' } });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already stopped/) } });
    const cards = await call(CLIN, 'cds.cardsForPatient', { patientId: 'demo-03' });
    if (!cards.ok) throw new Error(cards.error.message);
    expect((cards.value as { cards: Card[] }).cards.some((c) => /metformin/i.test(c.summary) && c.indicator === 'critical')).toBe(false);
  });

  it('withdraws a draft order as cancelled, not stopped', async () => {
    const saved = await call(CLIN, 'records.saveResource', { resource: { resourceType: 'MedicationRequest', id: 'demo-04-draft', status: 'draft', intent: 'order', subject: { reference: 'Patient/demo-04' }, medicationCodeableConcept: { text: 'ceftriaxone 1 g' } } });
    expect(saved.ok).toBe(true);
    const r = await call(CLIN, 'cds.changeMedication', { patientId: 'demo-04', medicationRequestId: 'demo-04-draft', action: 'stop', reason: { code: 'clarif' } });
    expect(r.ok).toBe(true);
    expect(get('MedicationRequest', 'demo-04-draft')).toMatchObject({ status: 'cancelled', statusReason: { coding: [{ code: 'clarif' }] } });
  });

  it('refuses an order of another patient', async () => {
    const r = await call(CLIN, 'cds.changeMedication', { patientId: 'demo-01', medicationRequestId: 'demo-06-med-0', action: 'stop', reason: { text: 'wrong chart' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(get('MedicationRequest', 'demo-06-med-0')?.status).toBe('active');
  });
});

describe('modify', () => {
  it('checks the new warfarin dose without the order it replaces (no duplicate-therapy card with itself)', async () => {
    const old = get('MedicationRequest', 'demo-06-med-0')!;
    const plain = await check('demo-06', newOrderFrom(old, '7.5 mg oral once daily'));
    expect(plain.all.some((c) => /duplicate|twice|same/i.test(c.summary))).toBe(true);
    const replacing = await check('demo-06', { ...newOrderFrom(old, '7.5 mg oral once daily'), priorPrescription: { reference: 'MedicationRequest/demo-06-med-0' } });
    expect(replacing.all.some((c) => /duplicate|twice|same/i.test(c.summary))).toBe(false);
  });

  it('stops the old warfarin order and saves the new one with priorPrescription, in one step', async () => {
    const old = get('MedicationRequest', 'demo-06-med-0')!;
    const draft = { ...newOrderFrom(old, '7.5 mg oral once daily'), priorPrescription: { reference: 'MedicationRequest/demo-06-med-0' } };
    const { id } = await check('demo-06', draft);
    const r = await call(CLIN, 'cds.changeMedication', { patientId: 'demo-06', medicationRequestId: 'demo-06-med-0', action: 'modify', reason: { text: 'INR 1.6, below target' }, newOrder: { ...draft, id } });
    expect(r).toMatchObject({ ok: true, value: { newOrder: `MedicationRequest/${id}` } });
    expect(get('MedicationRequest', 'demo-06-med-0')).toMatchObject({ status: 'stopped', statusReason: { text: 'INR 1.6, below target' } });
    expect(get('MedicationRequest', id)).toMatchObject({ status: 'active', priorPrescription: { reference: 'MedicationRequest/demo-06-med-0' }, dosageInstruction: [{ text: '7.5 mg oral once daily' }] });
  });

  it('refuses another drug as a "modification"', async () => {
    const old = get('MedicationRequest', 'demo-05-med-0')!;
    const other = { ...newOrderFrom(old, '50 mg'), id: 'not-a-modification', medicationCodeableConcept: { text: 'atenolol 50 MG Oral Tablet' } };
    const r = await call(CLIN, 'cds.changeMedication', { patientId: 'demo-05', medicationRequestId: 'demo-05-med-0', action: 'modify', reason: { text: 'x' }, newOrder: other });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/stop this order and order the new drug/) } });
  });

  it('runs the order checks again: a new clarithromycin dose beside simvastatin is refused until the critical alert is answered; nothing half-written', async () => {
    const old = get('MedicationRequest', 'demo-01-med-1')!;
    const draft = { ...newOrderFrom(old, '250 mg oral twice daily'), priorPrescription: { reference: 'MedicationRequest/demo-01-med-1' } };
    const { id, critical } = await check('demo-01', draft);
    expect(critical.some((c) => /simvastatin/i.test(c.summary))).toBe(true);
    const input = { patientId: 'demo-01', medicationRequestId: 'demo-01-med-1', action: 'modify', reason: { text: 'lower dose' }, newOrder: { ...draft, id } };
    const refused = await call(CLIN, 'cds.changeMedication', input);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/critical alert/) } });
    expect(get('MedicationRequest', 'demo-01-med-1')?.status).toBe('active');
    expect(get('MedicationRequest', id)).toBeNull();
    for (const c of critical) {
      const fb = await call(CLIN, 'cds.feedback', { card: c.uuid, outcome: 'overridden', acceptedSuggestions: [], overrideReason: { reason: OVERRIDE_REASONS.find((x) => x.code === 'monitoring-in-place')!, userComment: 'simvastatin paused for the course' }, outcomeTimestamp: new Date().toISOString() });
      expect(fb.ok).toBe(true);
    }
    expect(await call(CLIN, 'cds.changeMedication', input)).toMatchObject({ ok: true });
    expect(get('MedicationRequest', 'demo-01-med-1')?.status).toBe('stopped');
  });
});

describe('renew', () => {
  it('renews metoprolol: the old order completed, a new one based on it', async () => {
    const old = get('MedicationRequest', 'demo-05-med-0')!;
    const draft = { ...newOrderFrom(old, String((old.dosageInstruction as Json[] | undefined)?.[0]?.text ?? '')), priorPrescription: { reference: 'MedicationRequest/demo-05-med-0' } };
    const { id } = await check('demo-05', draft);
    const r = await call(CLIN, 'cds.changeMedication', { patientId: 'demo-05', medicationRequestId: 'demo-05-med-0', action: 'renew', reason: {}, newOrder: { ...draft, id } });
    expect(r).toMatchObject({ ok: true, value: { changed: ['MedicationRequest/demo-05-med-0', `MedicationRequest/${id}`] } });
    expect(get('MedicationRequest', 'demo-05-med-0')?.status).toBe('completed');
    expect(get('MedicationRequest', id)).toMatchObject({ status: 'active', priorPrescription: { reference: 'MedicationRequest/demo-05-med-0' } });
    const stoppedRenew = await call(CLIN, 'cds.changeMedication', { patientId: 'demo-03', medicationRequestId: 'demo-03-med-0', action: 'renew', reason: {}, newOrder: { ...draft, id: 'x-1' } });
    expect(stoppedRenew).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('reconciliation', () => {
  it('needs a decision for every active medication, and refuses a nurse', async () => {
    const partial = { patientId: 'demo-07', decisions: [{ reference: 'MedicationRequest/demo-07-med-0', decision: 'continue', reason: {} }] };
    expect(await call(NURSE, 'cds.reconcileMedications', partial)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(CLIN, 'cds.reconcileMedications', partial)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/no decision for/) } });
  });

  it('commits continue, stop and a patient-reported medication in one step, as a List linked to the visit in progress', async () => {
    const visit = await call(CLIN, 'records.saveResource', { resource: { resourceType: 'Encounter', id: 'demo-07-visit-now', status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: 'Patient/demo-07' }, period: { start: new Date().toISOString() } } });
    expect(visit.ok).toBe(true);
    const reported = await call(CLIN, 'records.saveResource', { resource: { resourceType: 'MedicationStatement', id: 'demo-07-otc', status: 'active', subject: { reference: 'Patient/demo-07' }, medicationCodeableConcept: { text: 'ibuprofen 200 MG Oral Tablet' }, informationSource: { reference: 'Patient/demo-07' } } });
    expect(reported.ok).toBe(true);
    const active = records.database.prepare<[], string>("SELECT id FROM resources WHERE type = 'MedicationRequest' AND patient_id = 'demo-07' AND json_extract(json, '$.status') = 'active' ORDER BY id").pluck().all();
    expect(active.length).toBe(2);
    const decisions = [
      { reference: `MedicationRequest/${active[0]}`, decision: 'continue', reason: {} },
      { reference: `MedicationRequest/${active[1]}`, decision: 'stop', reason: { code: 'sddi', text: 'interaction with tizanidine' } },
      { reference: 'MedicationStatement/demo-07-otc', decision: 'stop', reason: { text: 'NSAID not needed' } },
    ];
    const r = await call(CLIN, 'cds.reconcileMedications', { patientId: 'demo-07', decisions });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as { list: string; encounter?: string; changed: string[] };
    expect(v.encounter).toBe('Encounter/demo-07-visit-now');
    expect(v.changed).toEqual([`MedicationRequest/${active[1]}`, 'MedicationStatement/demo-07-otc']);
    const list = get('List', v.list.slice(5))!;
    expect(list).toMatchObject({ status: 'current', mode: 'snapshot', encounter: { reference: 'Encounter/demo-07-visit-now' }, subject: { reference: 'Patient/demo-07' } });
    expect((list.entry as Json[]).map((e) => (e.flag as { text: string }).text)).toEqual(['Continue', 'Stop', 'Stop']);
    expect(get('MedicationRequest', active[0]!)?.status).toBe('active');
    expect(get('MedicationRequest', active[1]!)).toMatchObject({ status: 'stopped', statusReason: { coding: [{ code: 'sddi' }] } });
    expect(get('MedicationStatement', 'demo-07-otc')).toMatchObject({ status: 'stopped', statusReason: [{ text: 'NSAID not needed' }] });
    expect(auditRows('medication-reconciliation').at(-1)).toMatchObject({ actor: 'user:m.clin', target: v.list, detail: '1 continued, 2 stopped, 0 modified; visit Encounter/demo-07-visit-now' });
  });

  it('rolls everything back when one decision is refused inside the transaction (a new simvastatin dose beside clarithromycin, unanswered)', async () => {
    const active = records.database.prepare<[], string>("SELECT id FROM resources WHERE type = 'MedicationRequest' AND patient_id = 'demo-01' AND json_extract(json, '$.status') = 'active' ORDER BY id").pluck().all();
    expect(active).toContain('demo-01-med-0');
    const simva = get('MedicationRequest', 'demo-01-med-0')!;
    const draft = { ...newOrderFrom(simva, '40 mg oral at night'), id: 'demo-01-simva-40', priorPrescription: { reference: 'MedicationRequest/demo-01-med-0' } };
    const decisions = active.map((id) => (id === 'demo-01-med-0' ? { reference: `MedicationRequest/${id}`, decision: 'modify', reason: { text: 'LDL above target' }, newOrder: draft } : { reference: `MedicationRequest/${id}`, decision: 'continue', reason: {} }));
    const r = await call(CLIN, 'cds.reconcileMedications', { patientId: 'demo-01', decisions });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/critical alert/) } });
    // The old simvastatin order was stopped first inside the transaction; the refusal rolled it back.
    expect(get('MedicationRequest', 'demo-01-med-0')?.status).toBe('active');
    expect(get('MedicationRequest', 'demo-01-simva-40')).toBeNull();
    expect(records.database.prepare("SELECT count(*) FROM resources WHERE type = 'List' AND patient_id = 'demo-01'").pluck().get()).toBe(0);
  });

  it('refuses a stop without a reason before writing anything', async () => {
    const active = records.database.prepare<[], string>("SELECT id FROM resources WHERE type = 'MedicationRequest' AND patient_id = 'demo-02' AND json_extract(json, '$.status') = 'active'").pluck().all();
    expect(active.length).toBe(1);
    const r = await call(CLIN, 'cds.reconcileMedications', { patientId: 'demo-02', decisions: [{ reference: `MedicationRequest/${active[0]}`, decision: 'stop', reason: {} }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(get('MedicationRequest', active[0]!)?.status).toBe('active');
  });
});
