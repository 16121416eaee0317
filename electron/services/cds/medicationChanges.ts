/**
 * Stopping, modifying and renewing medication orders, and medication reconciliation, as FHIR R4
 * status changes (pure planning; the CDS service writes the plan in one transaction):
 *
 * - stop: the order becomes `stopped` (a draft: `cancelled`) with `statusReason` (HL7
 *   medicationrequest-status-reason code and/or text);
 * - modify (same drug, new dosing): the old order `stopped` with the reason, and a new active
 *   order whose `priorPrescription` is the old one. Changing the drug is not a modification: stop
 *   the order and order the new drug;
 * - renew: a new active order based on the old (same drug, `priorPrescription`); an old order
 *   still active becomes `completed` (it is replaced, not refused).
 *
 * A new order is written active, so the write gate runs the order checks on it again
 * (electron/ipc/writeAuthorisation.ts); the checks leave out the order it replaces
 * (rules/medicationScope.ts), so a dose change is not "duplicate therapy" with itself.
 */
import { STATUS_REASONS, STATUS_REASON_SYSTEM, type ChangeReason, type MedicationChangeInput, type ReconciliationDecision } from '../../contract/schemas/medication';
import { BedsideError } from '../errors';
import { isJsonObject, type JsonObject } from '../json';
import { patientIdOf } from '../records/writeIntent';

/** One write of a plan. */
export interface PlannedWrite {
  resource: JsonObject;
  expectedVersionId?: string;
  /** Said in the audit row of the write. */
  detail: string;
}

/** Statuses from which an order can be stopped or modified. */
const CHANGEABLE = new Set(['active', 'on-hold', 'draft']);
/** Statuses from which an order can be renewed (a stopped one is restarted by a new order). */
const RENEWABLE = new Set(['active', 'on-hold', 'completed']);

/** Whether a reason says something (a code or non-empty text). */
export function hasReason(reason: ChangeReason): boolean {
  return !!reason.code || !!reason.text?.trim();
}

/** The reason as a FHIR CodeableConcept. */
export function reasonConcept(reason: ChangeReason): JsonObject {
  const text = reason.text?.trim();
  return {
    ...(reason.code ? { coding: [{ system: STATUS_REASON_SYSTEM, code: reason.code, display: STATUS_REASONS[reason.code] }] } : {}),
    text: text || (reason.code ? STATUS_REASONS[reason.code] : ''),
  };
}

/** The reason in words, for the audit trail. */
export function reasonWords(reason: ChangeReason): string {
  return [reason.code ? STATUS_REASONS[reason.code] : '', reason.text?.trim() ?? ''].filter(Boolean).join(': ') || 'no reason given';
}

const medicationKey = (r: JsonObject): string => {
  if (isJsonObject(r.medicationReference)) return `ref:${String(r.medicationReference.reference ?? r.medicationReference.display ?? '')}`;
  const concept = isJsonObject(r.medicationCodeableConcept) ? r.medicationCodeableConcept : {};
  const codes = (Array.isArray(concept.coding) ? concept.coding : [])
    .filter(isJsonObject)
    .map((c) => `${String(c.system ?? '')}|${String(c.code ?? '')}`)
    .sort();
  return codes.length ? codes.join(',') : `text:${String(concept.text ?? '').trim().toLowerCase()}`;
};

const nameOf = (r: JsonObject): string => {
  const c = isJsonObject(r.medicationCodeableConcept) ? r.medicationCodeableConcept : undefined;
  return String(c?.text ?? (isJsonObject(r.medicationReference) ? r.medicationReference.display : undefined) ?? 'this medication');
};

const versionOf = (r: JsonObject): string | undefined => (isJsonObject(r.meta) && typeof r.meta.versionId === 'string' ? r.meta.versionId : undefined);

/** The stored order, checked to be this patient's MedicationRequest. */
function ownOrder(stored: JsonObject | undefined, patientId: string, id: string): JsonObject {
  if (!stored || stored.resourceType !== 'MedicationRequest') throw new BedsideError('not-found', `MedicationRequest/${id} is not in Bedside (it may have been deleted). Nothing was changed; reopen the chart.`);
  if (patientIdOf(stored) !== patientId) throw new BedsideError('invalid-input', `MedicationRequest/${id} belongs to another patient than the chart that is open. Nothing was changed; reopen the right chart.`);
  return stored;
}

/** The old order with a new status and reason (content otherwise unchanged). */
function withStatus(old: JsonObject, status: 'stopped' | 'completed' | 'cancelled', reason: ChangeReason): JsonObject {
  const next: JsonObject = { ...old, status };
  delete next.meta;
  if (hasReason(reason)) next.statusReason = reasonConcept(reason);
  return next;
}

/** The new order of a modification or renewal, checked and tied to the old one. */
function replacement(old: JsonObject, patientId: string, draft: JsonObject | undefined, verb: string, now: Date, exists: (id: string) => boolean, encounter?: string): JsonObject {
  if (!draft) throw new BedsideError('invalid-input', `To ${verb} ${nameOf(old)}, send the new order (checked with cds.checkOrder). Nothing was changed.`);
  if (medicationKey(draft) !== medicationKey(old)) {
    throw new BedsideError('invalid-input', `The new order is for another drug than ${nameOf(old)}. To change the drug, stop this order and order the new drug. Nothing was changed.`);
  }
  const id = typeof draft.id === 'string' ? draft.id : undefined;
  if (!id) throw new BedsideError('invalid-input', 'The new order has no id: check it first (cds.checkOrder returns the id to save it under). Nothing was changed.');
  if (id === old.id || exists(id)) throw new BedsideError('conflict', `An order MedicationRequest/${id} already exists, so the new order was not saved. Nothing was changed; check the order again.`);
  const next: JsonObject = {
    ...draft,
    status: 'active',
    intent: typeof draft.intent === 'string' ? draft.intent : 'order',
    subject: { reference: `Patient/${patientId}` },
    authoredOn: now.toISOString(),
    priorPrescription: { reference: `MedicationRequest/${String(old.id)}`, display: nameOf(old) },
    ...(encounter ? { encounter: { reference: encounter } } : {}),
  };
  delete next.meta;
  delete next.statusReason;
  return next;
}

/** The writes of one stop, modify or renew, in the order they must be made (the old order first). */
export function planChange(change: Omit<MedicationChangeInput, 'patientId'>, patientId: string, stored: JsonObject | undefined, now: Date, exists: (id: string) => boolean, encounter?: string): PlannedWrite[] {
  const old = ownOrder(stored, patientId, change.medicationRequestId);
  const ref = `MedicationRequest/${change.medicationRequestId}`;
  const status = String(old.status ?? '');
  const expectedVersionId = change.expectedVersionId ?? versionOf(old);
  const pinned = expectedVersionId ? { expectedVersionId } : {};
  if (change.action !== 'renew' && !hasReason(change.reason)) {
    throw new BedsideError('invalid-input', `Give a reason to ${change.action} ${nameOf(old)} (choose one or write it). Nothing was changed.`);
  }
  if (change.action === 'stop' || change.action === 'modify') {
    if (!CHANGEABLE.has(status)) throw new BedsideError('conflict', `${nameOf(old)} is already ${status || 'without a status'}, so it cannot be ${change.action === 'stop' ? 'stopped' : 'modified'}. Nothing was changed; reopen the chart to see its current state.`);
    // A draft never given is withdrawn (FHIR `cancelled`), not stopped.
    const ended = status === 'draft' ? 'cancelled' : 'stopped';
    const stop: PlannedWrite = { resource: withStatus(old, ended, change.reason), ...pinned, detail: `${change.action === 'stop' ? ended : `${ended} to modify`}: ${reasonWords(change.reason)}` };
    if (change.action === 'stop') return [stop];
    const next = replacement(old, patientId, change.newOrder as JsonObject | undefined, 'modify', now, exists, encounter);
    return [stop, { resource: next, detail: `modifies ${ref}: ${reasonWords(change.reason)}` }];
  }
  if (!RENEWABLE.has(status)) {
    throw new BedsideError('conflict', `${nameOf(old)} is ${status || 'without a status'}; a ${status === 'stopped' ? 'stopped' : 'cancelled'} order is not renewed. Order the drug again instead (the order checks run). Nothing was changed.`);
  }
  const next = replacement(old, patientId, change.newOrder as JsonObject | undefined, 'renew', now, exists, encounter);
  const renewed: PlannedWrite = { resource: next, detail: `renews ${ref}${hasReason(change.reason) ? `: ${reasonWords(change.reason)}` : ''}` };
  if (status === 'completed') return [renewed];
  return [{ resource: withStatus(old, 'completed', change.reason), ...pinned, detail: `completed: renewed by a new order` }, renewed];
}

/** Whether a medication record is one a reconciliation must decide on. */
export function isActiveMedication(r: JsonObject): boolean {
  if (r.resourceType === 'MedicationRequest') return r.status === 'active' || r.status === 'on-hold';
  if (r.resourceType === 'MedicationStatement') return r.status === 'active' || r.status === 'intended';
  return false;
}

/** The decision's flag on the reconciliation List entry. */
const DECISION_TEXT = { continue: 'Continue', stop: 'Stop', modify: 'Modify' } as const;
/** Code system of the reconciliation decisions on List.entry.flag (Bedside's own: the R4 binding is an example). */
export const RECONCILIATION_DECISION_SYSTEM = 'urn:bedside:medication-reconciliation-decision';

/** Everything one reconciliation writes: the changes, then the List that records every decision. */
export function planReconciliation(
  decisions: readonly ReconciliationDecision[],
  patientId: string,
  medications: readonly JsonObject[],
  now: Date,
  exists: (id: string) => boolean,
  listId: string,
  encounter?: string,
): { writes: PlannedWrite[]; summary: string } {
  const active = medications.filter(isActiveMedication);
  const activeRefs = new Set(active.map((m) => `${String(m.resourceType)}/${String(m.id)}`));
  const seen = new Set<string>();
  for (const d of decisions) {
    if (seen.has(d.reference)) throw new BedsideError('invalid-input', `${d.reference} has two decisions. Nothing was changed; decide once for each medication.`);
    seen.add(d.reference);
    if (!activeRefs.has(d.reference)) throw new BedsideError('conflict', `${d.reference} is no longer an active medication of this patient (someone may have changed it). Nothing was changed; reopen the reconciliation.`);
  }
  const missing = [...activeRefs].filter((r) => !seen.has(r));
  if (missing.length) {
    const names = active.filter((m) => missing.includes(`${String(m.resourceType)}/${String(m.id)}`)).map(nameOf);
    throw new BedsideError('conflict', `The reconciliation has no decision for ${names.join(', ')} (added since it was opened?). Nothing was changed; reopen the reconciliation and decide for every medication.`);
  }
  const stops: PlannedWrite[] = [];
  const orders: PlannedWrite[] = [];
  const entries: JsonObject[] = [];
  const notes: JsonObject[] = [];
  for (const d of decisions) {
    const stored = active.find((m) => `${String(m.resourceType)}/${String(m.id)}` === d.reference)!;
    const flag = { coding: [{ system: RECONCILIATION_DECISION_SYSTEM, code: d.decision, display: DECISION_TEXT[d.decision] }], text: DECISION_TEXT[d.decision] };
    entries.push({ flag, item: { reference: d.reference, display: nameOf(stored) } });
    if (hasReason(d.reason)) notes.push({ text: `${nameOf(stored)} — ${DECISION_TEXT[d.decision].toLowerCase()}: ${reasonWords(d.reason)}`, time: now.toISOString() });
    if (d.decision === 'continue') continue;
    if (stored.resourceType === 'MedicationStatement') {
      if (d.decision === 'modify') throw new BedsideError('invalid-input', `${nameOf(stored)} is a medication the patient reports, not an order: stop it and order the drug at the new dose. Nothing was changed.`);
      if (!hasReason(d.reason)) throw new BedsideError('invalid-input', `Give a reason to stop ${nameOf(stored)}. Nothing was changed.`);
      const next: JsonObject = { ...stored, status: 'stopped', statusReason: [reasonConcept(d.reason)] };
      delete next.meta;
      const v = d.expectedVersionId ?? versionOf(stored);
      stops.push({ resource: next, ...(v ? { expectedVersionId: v } : {}), detail: `reconciliation: stopped: ${reasonWords(d.reason)}` });
      continue;
    }
    const plan = planChange({ medicationRequestId: String(stored.id), action: d.decision, reason: d.reason, ...(d.expectedVersionId ? { expectedVersionId: d.expectedVersionId } : {}), ...(d.newOrder ? { newOrder: d.newOrder } : {}) }, patientId, stored, now, exists, encounter);
    stops.push({ ...plan[0]!, detail: `reconciliation: ${plan[0]!.detail}` });
    for (const w of plan.slice(1)) {
      orders.push({ ...w, detail: `reconciliation: ${w.detail}` });
      entries.push({ flag: { coding: [{ system: RECONCILIATION_DECISION_SYSTEM, code: 'new-order', display: 'New order' }], text: 'New order' }, item: { reference: `MedicationRequest/${String(w.resource.id)}`, display: nameOf(w.resource) } });
    }
  }
  const counts = (['continue', 'stop', 'modify'] as const).map((k) => `${decisions.filter((d) => d.decision === k).length} ${k === 'stop' ? 'stopped' : k === 'modify' ? 'modified' : 'continued'}`).join(', ');
  const list: JsonObject = {
    resourceType: 'List',
    id: listId,
    status: 'current',
    mode: 'snapshot',
    title: 'Medication reconciliation',
    code: { text: 'Medication reconciliation' },
    subject: { reference: `Patient/${patientId}` },
    ...(encounter ? { encounter: { reference: encounter } } : {}),
    date: now.toISOString(),
    entry: entries,
    ...(notes.length ? { note: notes } : {}),
  };
  const summary = `${counts}${encounter ? `; visit ${encounter}` : '; no visit in progress'}`;
  // Stops first, so a new order is checked against the list as it will be.
  return { writes: [...stops, ...orders, { resource: list, detail: `medication reconciliation: ${summary}` }], summary };
}
