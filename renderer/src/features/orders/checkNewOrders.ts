/**
 * The order path for new orders made by a change (modify, renew, reconciliation): each draft is
 * checked (cds.checkOrder) and given the id the check used; critical cards are gathered so one
 * dialog can interrupt; answering them records an override with the reason for each.
 */
import type { MedicationRequest } from 'fhir/r4';
import type { Card, OverrideReasonCode } from '../../../../electron/contract/schemas/card';
import type { CdsPort } from '../../api/ports';
import { overriddenFeedback } from '../suggestions/cardLogic';

/** Checked drafts (saved under the ids the checks used) and the critical cards to answer. */
export type CheckedOrders = { ok: true; orders: MedicationRequest[]; critical: Card[] } | { ok: false; message: string };

/** Checks each draft in turn. */
export async function checkNewOrders(cds: CdsPort, patientId: string, drafts: readonly MedicationRequest[]): Promise<CheckedOrders> {
  const orders: MedicationRequest[] = [];
  const critical: Card[] = [];
  for (const draft of drafts) {
    const r = await cds.checkOrder({ patientId, medicationRequest: draft });
    if (!r.ok) return { ok: false, message: r.error.message };
    orders.push(r.value.medicationRequestId ? { ...draft, id: r.value.medicationRequestId } : draft);
    critical.push(...r.value.cards.filter((c) => c.indicator === 'critical'));
  }
  return { ok: true, orders, critical };
}

/** Records "proceed anyway" with the reason on each critical card; the first refusal's message, or null. */
export async function overrideAll(cds: CdsPort, cards: readonly Card[], code: OverrideReasonCode, comment: string): Promise<string | null> {
  for (const c of cards) {
    const fb = await cds.feedback(overriddenFeedback(c, code, comment, new Date()));
    if (!fb.ok) return fb.error.message;
  }
  return null;
}
