/**
 * Changes to an existing order, as the chart's medication list and the reconciliation view make
 * them (pure): reading an order's structured dosing back into the form's fields, the new order
 * of a modification (same drug, new dosing) or renewal (same drug and dosing), both tied to the
 * old one by `priorPrescription` so the order check leaves the old one out. The main process
 * (cds.changeMedication / cds.reconcileMedications) writes them, checked again.
 */
import type { Dosage, MedicationRequest, MedicationStatement, Resource } from 'fhir/r4';
import type { StatusReasonCode } from '../../../../electron/contract/schemas/medication';
import { DOSE_UNITS, FREQUENCIES, ROUTES, dosageOf, type DoseUnit, type FrequencyId, type OrderInput, type RouteId } from './orderDraft';

/** The R4 MedicationRequest status reason codes offered (equal to STATUS_REASONS in the contract; checked by test). */
export const STATUS_REASON_CODES: readonly StatusReasonCode[] = ['altchoice', 'clarif', 'drughigh', 'hospadm', 'labint', 'non-avail', 'preg', 'salg', 'sddi', 'sdupther', 'sintol', 'surg', 'washout'];

/** The dosing fields of the order form. */
export interface DosingFields {
  dose: string;
  unit: DoseUnit;
  route: RouteId;
  frequency: FrequencyId;
  asNeeded: boolean;
  duration: string;
}

/** The form's fields for an order's first dosage (defaults where the order says nothing structured). */
export function dosingFieldsOf(order: MedicationRequest): DosingFields {
  const d: Dosage | undefined = order.dosageInstruction?.[0];
  const q = d?.doseAndRate?.[0]?.doseQuantity;
  const unit = DOSE_UNITS.find((u) => u === q?.code) ?? 'mg';
  const routeCode = d?.route?.coding?.find((c) => c.system === 'http://snomed.info/sct')?.code;
  const route = ROUTES.find((r) => r.code === routeCode)?.id ?? 'oral';
  const rep = d?.timing?.repeat;
  const frequency = FREQUENCIES.find((f) => f.frequency === rep?.frequency && f.period === rep?.period && f.periodUnit === rep?.periodUnit)?.id ?? 'od';
  const days = rep?.boundsDuration?.code === 'd' ? rep.boundsDuration.value : undefined;
  return { dose: q?.value !== undefined ? String(q.value) : '', unit, route, frequency, asNeeded: d?.asNeededBoolean === true, duration: days !== undefined ? String(days) : '' };
}

/** A problem with the fields, as an i18n key, or null. */
export function dosingProblem(f: DosingFields): 'orders.badDose' | 'orders.badDuration' | null {
  const dose = f.dose.trim() ? Number(f.dose.replace(',', '.')) : undefined;
  if (dose !== undefined && !(Number.isFinite(dose) && dose > 0)) return 'orders.badDose';
  const days = f.duration.trim() ? Number(f.duration) : undefined;
  if (days !== undefined && !(Number.isInteger(days) && days > 0 && days <= 3650)) return 'orders.badDuration';
  return null;
}

/** The dosing part of an order's input, read from the fields (check them with dosingProblem first). */
export function dosingInput(f: DosingFields): Omit<OrderInput, 'drug' | 'strength'> {
  const dose = f.dose.trim() ? Number(f.dose.replace(',', '.')) : undefined;
  const days = f.duration.trim() ? Number(f.duration) : undefined;
  return {
    ...(dose !== undefined ? { dose } : {}),
    unit: f.unit,
    route: f.route,
    frequency: f.frequency,
    asNeeded: f.asNeeded,
    ...(days !== undefined ? { durationDays: days } : {}),
  };
}

/** The Dosage for the fields (through the order form's own dosageOf). */
export function dosageFromFields(f: DosingFields): Dosage {
  return dosageOf({ drug: { kind: 'not-in-vocabulary', text: '' }, strength: '', ...dosingInput(f) });
}

/** The new order replacing `old`: same drug, the given dosage (modify) or the old one (renew). */
export function replacementOrder(old: MedicationRequest, dosage: Dosage | undefined, now = new Date()): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject: old.subject,
    ...(old.medicationCodeableConcept ? { medicationCodeableConcept: old.medicationCodeableConcept } : {}),
    ...(old.medicationReference ? { medicationReference: old.medicationReference } : {}),
    authoredOn: now.toISOString(),
    ...(dosage ? { dosageInstruction: [dosage] } : old.dosageInstruction ? { dosageInstruction: old.dosageInstruction } : {}),
    ...(old.dispenseRequest ? { dispenseRequest: old.dispenseRequest } : {}),
    priorPrescription: { reference: `MedicationRequest/${old.id ?? ''}` },
  };
}

/** Which changes an order's status allows from the chart. */
export function changesAllowed(order: MedicationRequest): { stop: boolean; modify: boolean; renew: boolean } {
  const s = order.status;
  const live = s === 'active' || s === 'on-hold' || s === 'draft';
  return { stop: live, modify: live, renew: s === 'active' || s === 'on-hold' || s === 'completed' };
}

/** A medication a reconciliation decides on. */
export type ReconciledMedication = (MedicationRequest | MedicationStatement) & { id: string };

/** The active medications of a chart: orders (active, on hold) and what the patient reports taking (active, intended). */
export function medicationsToReconcile(resources: readonly Resource[]): ReconciledMedication[] {
  return resources.filter((r): r is ReconciledMedication => {
    if (!r.id) return false;
    if (r.resourceType === 'MedicationRequest') return ['active', 'on-hold'].includes((r as MedicationRequest).status);
    if (r.resourceType === 'MedicationStatement') return ['active', 'intended'].includes((r as MedicationStatement).status);
    return false;
  });
}

/** Where a medication on the list comes from, for the reconciliation's "source" column. */
export function sourceOf(m: ReconciledMedication): { kind: 'order' | 'reported'; who: string; when: string } {
  if (m.resourceType === 'MedicationStatement') {
    return { kind: 'reported', who: m.informationSource?.display ?? m.informationSource?.reference ?? '', when: m.dateAsserted ?? m.effectiveDateTime ?? m.effectivePeriod?.start ?? '' };
  }
  return { kind: 'order', who: m.requester?.display ?? m.requester?.reference ?? '', when: m.authoredOn ?? '' };
}
