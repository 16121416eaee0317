/** Which medication orders a medication rule looks at on each hook. */
import type { MedicationRequest } from 'fhir/r4';
import { activeMedications, medicationDisplay, referenceTo } from '../chart';
import { orderIngredients, type NormalisedMedication } from '../drugNames';
import type { RuleInput } from './types';

/** An order with its ingredients read. */
export interface ReadOrder {
  readonly order: MedicationRequest;
  readonly reference: string;
  readonly name: string;
  readonly medication: NormalisedMedication;
  readonly isDraft: boolean;
}

/** Reads an order's name and ingredients once. */
export function readOrder(order: MedicationRequest, isDraft: boolean): ReadOrder {
  return {
    order,
    reference: referenceTo(order),
    name: medicationDisplay(order) ?? '(medication without a name)',
    medication: orderIngredients(order),
    isDraft,
  };
}

/** Active orders and (on order-sign) draft orders, read. Drafts are the ones being checked. */
export function ordersInScope(input: RuleInput): { active: ReadOrder[]; drafts: ReadOrder[] } {
  // A draft that replaces an order (modify, renew: priorPrescription) is checked without it.
  const draftIds = new Set(input.draftOrders.flatMap((d) => [d.id, d.priorPrescription?.reference?.replace(/^MedicationRequest\//, '')]));
  const all = activeMedications(input.chart)
    .filter((m) => !draftIds.has(m.id))
    .map((m) => readOrder(m, false));
  // A reported medication that an active order already covers (same ingredients) is the same
  // therapy seen from two sources, not a duplicate: it is read once, as the order.
  const reported = (o: ReadOrder) => o.reference.startsWith('MedicationStatement/');
  const key = (o: ReadOrder) => [...o.medication.ingredients].sort().join('+');
  const ordered = new Set(all.filter((o) => !reported(o)).map(key));
  const active = all.filter((o) => !reported(o) || !(o.medication.ingredients.length > 0 && ordered.has(key(o))));
  const drafts = input.hook === 'order-sign' ? input.draftOrders.map((d) => readOrder(d, true)) : [];
  return { active, drafts };
}

/** The orders a single-drug rule (allergy, renal) checks: drafts on order-sign, active list otherwise. */
export function ordersToCheck(input: RuleInput): ReadOrder[] {
  const { active, drafts } = ordersInScope(input);
  return input.hook === 'order-sign' ? drafts : active;
}
