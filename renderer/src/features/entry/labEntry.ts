/**
 * A laboratory result as entered: the test by its everyday name, a value checked against the
 * plausibility limits of the chosen unit, and when the sample was taken (not in the future),
 * written as a FHIR R4 laboratory Observation with the LOINC code of that test and unit.
 */
import type { Observation, Reference } from 'fhir/r4';
import { parseEntry } from './vitalSigns';
import { labTest, type LabUnit } from './labCatalogue';

/** What the lab form holds. */
export interface LabDraft {
  testId: string;
  unit: string;
  value: string;
  /** When the sample was taken: a local date-time as `<input type="datetime-local">` gives it. */
  taken: string;
}

/** Why a draft cannot be saved. */
export type LabIssue = { kind: 'no-test' } | { kind: 'no-value' } | { kind: 'not-a-number' } | { kind: 'out-of-range'; min: number; max: number; unit: string } | { kind: 'taken-future' } | { kind: 'taken-missing' };

/** The unit of the draft (the test's first when none is chosen). */
export function draftUnit(d: LabDraft): LabUnit | undefined {
  const test = labTest(d.testId);
  return test?.units.find((u) => u.ucum === d.unit) ?? test?.units[0];
}

/** Checks a draft (`now` for the sample time). */
export function labIssue(d: LabDraft, now: Date): LabIssue | null {
  const unit = draftUnit(d);
  if (!unit) return { kind: 'no-test' };
  const v = parseEntry(d.value);
  if (v === undefined) return { kind: 'no-value' };
  if (Number.isNaN(v)) return { kind: 'not-a-number' };
  if (v < unit.min || v > unit.max) return { kind: 'out-of-range', min: unit.min, max: unit.max, unit: unit.label };
  const taken = Date.parse(d.taken);
  if (!d.taken || Number.isNaN(taken)) return { kind: 'taken-missing' };
  // A minute's grace for the clock of the workstation that typed it.
  if (taken > now.getTime() + 60_000) return { kind: 'taken-future' };
  return null;
}

/** The Observation a valid draft becomes. */
export function labObservation(d: LabDraft, ctx: { patientId: string; performer?: Reference; encounter?: Reference }): Observation {
  const unit = draftUnit(d);
  const value = parseEntry(d.value);
  if (!unit || value === undefined || Number.isNaN(value)) throw new Error('The result has entries to correct; nothing was saved.');
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: unit.loinc, display: unit.loincName }], text: unit.loincName },
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: new Date(d.taken).toISOString(),
    issued: new Date().toISOString(),
    ...(ctx.performer ? { performer: [ctx.performer] } : {}),
    ...(ctx.encounter ? { encounter: ctx.encounter } : {}),
    valueQuantity: { value, unit: unit.label, system: 'http://unitsofmeasure.org', code: unit.ucum },
  };
}
