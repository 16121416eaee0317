/**
 * The write-permission matrix, generated from the table: every role × every resource type the
 * table names (and one it does not, for the default rule) × create, update, status change and
 * delete, through the real router and record store. An allowed write lands; a refused one
 * changes nothing, is answered 'forbidden' and is audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../electron/contract/channels/auth';
import { decideWrite, writePermissions } from '../../../electron/ipc/permissions';
import { WRITE_ACTIONS, type WriteAction } from '../../../electron/services/records/writeIntent';
import type { CallContext } from '../../../electron/ipc/router';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { startHarness, type Harness } from '../../helpers/bedsideHarness';

const CLI: CallContext = { transport: 'cli', senderUrl: 'cli' };
const ipc = (id: string): CallContext => ({ transport: 'ipc', senderUrl: 'app://bedside/index.html', isMainFrame: true, connectionId: id });
const PATIENT = 'wm-patient';
const subject = { reference: `Patient/${PATIENT}` };
const code = { coding: [{ system: 'http://loinc.org', code: '8867-4' }] };
const clinical = (c: string) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: c }] });
const condClinical = (c: string) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: c }] });

/** A minimal valid resource of each type, in a "before" and an "after" status. */
const FIXTURES: Record<string, (id: string, after: boolean) => Record<string, unknown>> = {
  Observation: (id, a) => ({ resourceType: 'Observation', id, status: a ? 'final' : 'preliminary', code, subject, valueQuantity: { value: 72, unit: '/min' } }),
  DocumentReference: (id, a) => ({ resourceType: 'DocumentReference', id, status: a ? 'entered-in-error' : 'current', subject, content: [{ attachment: { contentType: 'text/plain', data: Buffer.from('Feels well.').toString('base64') } }] }),
  Immunization: (id, a) => ({ resourceType: 'Immunization', id, status: a ? 'entered-in-error' : 'completed', patient: subject, vaccineCode: { text: 'influenza vaccine' }, occurrenceDateTime: '2026-01-10' }),
  MedicationAdministration: (id, a) => ({ resourceType: 'MedicationAdministration', id, status: a ? 'completed' : 'in-progress', subject, medicationCodeableConcept: { text: 'acetaminophen 500 MG Oral Tablet' }, effectiveDateTime: '2026-01-10T08:00:00Z' }),
  Encounter: (id, a) => ({ resourceType: 'Encounter', id, status: a ? 'finished' : 'planned', class: { code: 'AMB' }, subject }),
  AllergyIntolerance: (id, a) => ({ resourceType: 'AllergyIntolerance', id, patient: subject, clinicalStatus: clinical(a ? 'resolved' : 'active'), code: { text: 'penicillin' } }),
  Condition: (id, a) => ({ resourceType: 'Condition', id, subject, clinicalStatus: condClinical(a ? 'resolved' : 'active'), code: { text: 'hypertension' } }),
  // Draft → cancelled: never active here (the order path has its own tests).
  MedicationRequest: (id, a) => ({ resourceType: 'MedicationRequest', id, status: a ? 'cancelled' : 'draft', intent: 'order', subject, medicationCodeableConcept: { text: 'acetaminophen 500 MG Oral Tablet' } }),
  MedicationStatement: (id, a) => ({ resourceType: 'MedicationStatement', id, status: a ? 'stopped' : 'active', subject, medicationCodeableConcept: { text: 'acetaminophen 500 MG Oral Tablet' } }),
  DiagnosticReport: (id, a) => ({ resourceType: 'DiagnosticReport', id, status: a ? 'final' : 'preliminary', code, subject }),
  Procedure: (id, a) => ({ resourceType: 'Procedure', id, status: a ? 'completed' : 'in-progress', subject, code: { text: 'wound dressing' } }),
  Patient: (id, a) => ({ resourceType: 'Patient', id, active: !a, name: [{ family: 'Matrix', given: ['Wanda'] }], birthDate: '1970-01-01' }),
  // Not named by the table: the default rule applies.
  CarePlan: (id, a) => ({ resourceType: 'CarePlan', id, status: a ? 'active' : 'draft', intent: 'plan', subject }),
};
const TYPES = [...Object.keys(writePermissions), 'CarePlan'];
const CALLERS: { label: string; roles: Role[]; ctx: CallContext }[] = [
  { label: 'clinician', roles: ['clinician'], ctx: ipc('w-clin') },
  { label: 'nurse', roles: ['nurse'], ctx: ipc('w-nurse') },
  { label: 'admin', roles: ['admin'], ctx: ipc('w-admin') },
];

let h: Harness;
let records: RecordsService;

beforeAll(async () => {
  h = await startHarness({ signedIn: false });
  records = h.bedside.container.get<RecordsService>('records');
  const password = 'write matrix: long enough password';
  for (const c of CALLERS) {
    await h.auth.createUser('system:test', { username: `w.${c.label}`, displayName: c.label, roles: c.roles, temporaryPassword: password, permanent: true });
    await h.auth.signIn(`ipc:${c.ctx.connectionId}`, `w.${c.label}`, password);
  }
  const p = await h.bedside.router.invoke(CLI, 'records.saveResource', { resource: FIXTURES.Patient!(PATIENT, false) });
  expect(p.ok).toBe(true);
});

async function seed(resource: Record<string, unknown>): Promise<void> {
  const r = await h.bedside.router.invoke(CLI, 'records.saveResource', { resource });
  if (!r.ok) throw new Error(`seeding ${String(resource.resourceType)}: ${r.error.message}`);
}

/** Performs one action as `ctx` on a fresh resource; returns the router's answer and the stored version after it. */
async function perform(ctx: CallContext, type: string, action: WriteAction, id: string) {
  const make = FIXTURES[type]!;
  if (action !== 'create') await seed(make(id, false));
  const before = records.database.prepare<[string, string], string>('SELECT version_id FROM resources WHERE type = ? AND id = ?').pluck().get(type, id) ?? null;
  const result =
    action === 'create' ? await h.bedside.router.invoke(ctx, 'records.saveResource', { resource: make(id, false) })
    : action === 'update' ? await h.bedside.router.invoke(ctx, 'records.saveResource', { resource: { ...make(id, false), language: 'en' } })
    : action === 'status' ? await h.bedside.router.invoke(ctx, 'records.saveResource', { resource: make(id, true) })
    : await h.bedside.router.invoke(ctx, 'records.deleteResource', { resourceType: type, id });
  const after = records.database.prepare<[string, string], string>('SELECT version_id FROM resources WHERE type = ? AND id = ?').pluck().get(type, id) ?? null;
  return { result, before, after };
}

const denied = (): number => Number(records.database.prepare("SELECT count(*) FROM audit_log WHERE action = 'access-denied'").pluck().get());

describe('write permissions: role × resource type × action, generated from the table', () => {
  it('every type the table names has a fixture (so the matrix covers the whole table)', () => {
    expect(Object.keys(writePermissions).filter((t) => !FIXTURES[t])).toEqual([]);
    // Each role is allowed somewhere and refused somewhere, or the table would not distinguish them.
    for (const role of ROLES) {
      const answers = TYPES.flatMap((t) => WRITE_ACTIONS.map((a) => decideWrite([role], t, a).allow));
      if (role === 'admin') expect(answers.every((x) => !x)).toBe(true);
      else expect(answers.some((x) => x)).toBe(true);
    }
  });

  for (const caller of CALLERS) {
    it(`${caller.label}: every type × create, update, status, delete`, async () => {
      const rows: string[] = [];
      let n = 0;
      for (const type of TYPES) {
        for (const action of WRITE_ACTIONS) {
          const expected = decideWrite(caller.roles, type, action);
          const id = `wm-${caller.label}-${action}-${n++}`;
          const deniedBefore = denied();
          const { result, before, after } = await perform(caller.ctx, type, action, id);
          rows.push(`${type}.${action}: ${expected.allow ? 'allow' : 'deny'}`);
          const where = `${caller.label} ${action} ${type}`;
          if (expected.allow) {
            expect(result.ok, `${where}: ${result.ok ? '' : result.error.message}`).toBe(true);
            if (action === 'delete') expect(after, where).toBeNull();
            else expect(after, where).not.toBe(before);
            expect(denied(), where).toBe(deniedBefore);
          } else {
            expect(result.ok, where).toBe(false);
            if (!result.ok) expect(result.error.code, where).toBe('forbidden');
            expect(after, `${where}: nothing changed`).toBe(before);
            expect(denied(), `${where}: refusal audited`).toBe(deniedBefore + 1);
          }
        }
      }
      expect(rows).toHaveLength(TYPES.length * WRITE_ACTIONS.length);
      expect(records.verifyAudit().ok).toBe(true);
    });
  }

  it('records who, what and the status change of a refused write', async () => {
    await seed({ resourceType: 'AllergyIntolerance', id: 'wm-pen', patient: subject, clinicalStatus: clinical('active'), code: { text: 'penicillin' } });
    const r = await h.bedside.router.invoke(ipc('w-nurse'), 'records.saveResource', { resource: { resourceType: 'AllergyIntolerance', id: 'wm-pen', patient: subject, clinicalStatus: clinical('resolved'), code: { text: 'penicillin' } } });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const last = records.database.prepare<[], { actor: string; action: string; target: string; detail: string; patient_id: string }>('SELECT actor, action, target, detail, patient_id FROM audit_log ORDER BY seq DESC LIMIT 1').get()!;
    expect(last).toEqual({ actor: 'user:w.nurse', action: 'access-denied', target: 'AllergyIntolerance/wm-pen', detail: 'forbidden: status clinical:active -> clinical:resolved', patient_id: PATIENT });
  });
});
