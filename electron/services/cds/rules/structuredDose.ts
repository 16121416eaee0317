/** The total daily dose of an order from its structured FHIR Dosage (doseAndRate.doseQuantity × timing.repeat). */
import type { Dosage, MedicationRequest } from 'fhir/r4';

const TO_MG: Readonly<Record<string, number>> = { mg: 1, g: 1000, ug: 0.001, mcg: 0.001, µg: 0.001 };
const PERIOD_DAYS: Readonly<Record<string, number>> = { s: 1 / 86400, min: 1 / 1440, h: 1 / 24, d: 1, wk: 7, mo: 30, a: 365 };

/** Daily dose in mg of one Dosage, or undefined when the dose or timing is not structured in mass units. */
export function dosageDailyMg(d: Dosage): number | undefined {
  const q = d.doseAndRate?.[0]?.doseQuantity;
  const unit = (q?.code ?? q?.unit ?? '').toLowerCase();
  const factor = TO_MG[unit];
  const repeat = d.timing?.repeat;
  if (q?.value === undefined || factor === undefined || !repeat?.period || !repeat.periodUnit) return undefined;
  const days = repeat.period * (PERIOD_DAYS[repeat.periodUnit] ?? NaN);
  if (!Number.isFinite(days) || days <= 0) return undefined;
  return (q.value * factor * (repeat.frequency ?? 1)) / days;
}

/** Total daily dose in mg over an order's dosage instructions (summed), or undefined when none is structured. */
export function orderDailyMg(order: MedicationRequest): number | undefined {
  const doses = (order.dosageInstruction ?? []).map(dosageDailyMg).filter((d): d is number => d !== undefined);
  return doses.length ? doses.reduce((a, b) => a + b, 0) : undefined;
}
