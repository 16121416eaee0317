/**
 * Vital signs as typed into the entry form, checked as they are typed, and written as FHIR R4
 * vital-signs Observations (LOINC codes and UCUM units of the FHIR vital signs profiles,
 * https://hl7.org/fhir/R4/observation-vitalsigns.html), with BMI worked out from weight and
 * height. The codes are the ones the CDS rules read (electron/services/cds/observationCodes.ts),
 * so entered values raise the same cards (NEWS2, qSOFA, critical values) as imported ones.
 */
import type { Observation, Reference } from 'fhir/r4';

/** The form's fields. */
export type VitalField = 'systolic' | 'diastolic' | 'heartRate' | 'respiratoryRate' | 'temperature' | 'spo2' | 'oxygenFlow' | 'weight' | 'height' | 'gcs';

/** One field: LOINC code and display, UCUM unit, the limits of a plausible entry, decimals allowed. */
export interface VitalSpec {
  code: string;
  display: string;
  unit: string;
  /** The unit as shown beside the field. */
  unitLabel: string;
  min: number;
  max: number;
  integer: boolean;
}

/**
 * Plausibility limits of an entry, not normal ranges: a value outside them is almost surely a
 * typo (a misplaced decimal, a unit mix-up such as °F for °C or lb for kg) and is refused with
 * the limit named. They are set at or beyond the extremes recorded in living patients, so no real
 * reading is refused; they are Bedside's choice, documented in docs/records.md.
 */
export const VITAL_SPECS: Record<VitalField, VitalSpec> = {
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', unitLabel: 'mmHg', min: 40, max: 300, integer: true },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', unitLabel: 'mmHg', min: 20, max: 200, integer: true },
  heartRate: { code: '8867-4', display: 'Heart rate', unit: '/min', unitLabel: '/min', min: 20, max: 300, integer: true },
  respiratoryRate: { code: '9279-1', display: 'Respiratory rate', unit: '/min', unitLabel: '/min', min: 4, max: 80, integer: true },
  temperature: { code: '8310-5', display: 'Body temperature', unit: 'Cel', unitLabel: '°C', min: 25, max: 45, integer: false },
  spo2: { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry', unit: '%', unitLabel: '%', min: 50, max: 100, integer: true },
  oxygenFlow: { code: '3151-8', display: 'Inhaled oxygen flow rate', unit: 'L/min', unitLabel: 'L/min', min: 0.5, max: 60, integer: false },
  weight: { code: '29463-7', display: 'Body weight', unit: 'kg', unitLabel: 'kg', min: 0.3, max: 400, integer: false },
  height: { code: '8302-2', display: 'Body height', unit: 'cm', unitLabel: 'cm', min: 30, max: 250, integer: false },
  gcs: { code: '9269-2', display: 'Glasgow coma score total', unit: '{score}', unitLabel: '/15', min: 3, max: 15, integer: true },
};

/** The fields in the form's order. */
export const VITAL_FIELDS: readonly VitalField[] = ['systolic', 'diastolic', 'heartRate', 'respiratoryRate', 'temperature', 'spo2', 'oxygenFlow', 'weight', 'height', 'gcs'];

/** What was typed, field by field ('' for empty), and whether the patient is on supplemental oxygen. */
export interface VitalsDraft {
  values: Partial<Record<VitalField, string>>;
  /** 'air', 'oxygen', or '' when not recorded. */
  oxygen: 'air' | 'oxygen' | '';
}

/** Why a field is refused. */
export type VitalProblem = { kind: 'not-a-number' } | { kind: 'not-whole' } | { kind: 'out-of-range'; min: number; max: number; unit: string } | { kind: 'diastolic-above-systolic' } | { kind: 'flow-needs-oxygen' } | { kind: 'oxygen-needs-flow' };

/** Parses a typed number (a comma as the decimal sign is accepted, as French keyboards type it). */
export function parseEntry(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (!t) return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

/** The problems of a draft, by field; an empty object means it can be saved. */
export function checkVitals(draft: VitalsDraft): Partial<Record<VitalField, VitalProblem>> {
  const out: Partial<Record<VitalField, VitalProblem>> = {};
  for (const f of VITAL_FIELDS) {
    const v = parseEntry(draft.values[f] ?? '');
    if (v === undefined) continue;
    const spec = VITAL_SPECS[f];
    if (Number.isNaN(v)) out[f] = { kind: 'not-a-number' };
    else if (spec.integer && !Number.isInteger(v)) out[f] = { kind: 'not-whole' };
    else if (v < spec.min || v > spec.max) out[f] = { kind: 'out-of-range', min: spec.min, max: spec.max, unit: spec.unitLabel };
  }
  const sys = parseEntry(draft.values.systolic ?? '');
  const dia = parseEntry(draft.values.diastolic ?? '');
  if (!out.diastolic && sys !== undefined && dia !== undefined && !Number.isNaN(sys) && !Number.isNaN(dia) && dia >= sys) out.diastolic = { kind: 'diastolic-above-systolic' };
  const flow = parseEntry(draft.values.oxygenFlow ?? '');
  if (!out.oxygenFlow && flow !== undefined && draft.oxygen !== 'oxygen') out.oxygenFlow = { kind: 'flow-needs-oxygen' };
  if (!out.oxygenFlow && flow === undefined && draft.oxygen === 'oxygen') out.oxygenFlow = { kind: 'oxygen-needs-flow' };
  // Systolic and diastolic are one reading: one without the other is refused.
  if (!out.systolic && sys === undefined && dia !== undefined) out.systolic = { kind: 'not-a-number' };
  if (!out.diastolic && dia === undefined && sys !== undefined) out.diastolic = { kind: 'not-a-number' };
  return out;
}

/** Body mass index in kg/m² (weight / height², WHO), to one decimal; undefined unless both are valid. */
export function bmiOf(weightKg: number | undefined, heightCm: number | undefined): number | undefined {
  if (weightKg === undefined || heightCm === undefined || Number.isNaN(weightKg) || Number.isNaN(heightCm) || heightCm <= 0) return undefined;
  const m = heightCm / 100;
  return Math.round((weightKg / (m * m)) * 10) / 10;
}

/** The BMI of a draft, when weight and height are both valid entries. */
export function draftBmi(draft: VitalsDraft): number | undefined {
  const problems = checkVitals(draft);
  if (problems.weight || problems.height) return undefined;
  return bmiOf(parseEntry(draft.values.weight ?? ''), parseEntry(draft.values.height ?? ''));
}

/** Who recorded the values, when, during which visit. */
export interface VitalsContext {
  patientId: string;
  effective: string;
  performer?: Reference;
  encounter?: Reference;
}

const VITAL_CATEGORY = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }];
// A score has no unit to show ("15", not "15 /15"); its UCUM code stays {score}.
const quantity = (value: number, spec: Pick<VitalSpec, 'unit' | 'unitLabel'>) => ({ value, ...(spec.unit === '{score}' ? {} : { unit: spec.unitLabel }), system: 'http://unitsofmeasure.org', code: spec.unit });
const concept = (code: string, display: string) => ({ coding: [{ system: 'http://loinc.org', code, display }], text: display });

function base(ctx: VitalsContext, code: string, display: string): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: VITAL_CATEGORY,
    code: concept(code, display),
    subject: { reference: `Patient/${ctx.patientId}` },
    effectiveDateTime: ctx.effective,
    ...(ctx.performer ? { performer: [ctx.performer] } : {}),
    ...(ctx.encounter ? { encounter: ctx.encounter } : {}),
  };
}

/**
 * The Observations a valid draft becomes: a blood pressure panel (85354-9) with its systolic and
 * diastolic components, one Observation per other value, BMI (39156-5) when weight and height
 * are both given, and "room air" as an inhaled oxygen flow of 0 L/min (what NEWS2 reads as air).
 * Throws when the draft has problems: check it first.
 */
export function vitalsObservations(draft: VitalsDraft, ctx: VitalsContext): Observation[] {
  if (Object.keys(checkVitals(draft)).length) throw new Error('The vital signs have entries to correct; nothing was saved.');
  const n = (f: VitalField): number | undefined => parseEntry(draft.values[f] ?? '');
  const out: Observation[] = [];
  const sys = n('systolic');
  const dia = n('diastolic');
  if (sys !== undefined && dia !== undefined) {
    out.push({
      ...base(ctx, '85354-9', 'Blood pressure panel with all children optional'),
      component: [
        { code: concept(VITAL_SPECS.systolic.code, VITAL_SPECS.systolic.display), valueQuantity: quantity(sys, VITAL_SPECS.systolic) },
        { code: concept(VITAL_SPECS.diastolic.code, VITAL_SPECS.diastolic.display), valueQuantity: quantity(dia, VITAL_SPECS.diastolic) },
      ],
    });
  }
  for (const f of ['heartRate', 'respiratoryRate', 'temperature', 'spo2', 'weight', 'height', 'gcs'] as const) {
    const v = n(f);
    if (v === undefined) continue;
    const spec = VITAL_SPECS[f];
    const obs = base(ctx, spec.code, spec.display);
    // The FHIR oxygen saturation profile asks for 2708-6 beside the pulse oximetry code.
    if (f === 'spo2') obs.code = { coding: [{ system: 'http://loinc.org', code: '2708-6', display: 'Oxygen saturation in Arterial blood' }, ...(obs.code.coding ?? [])], text: 'Oxygen saturation (SpO2)' };
    out.push({ ...obs, valueQuantity: quantity(v, spec) });
  }
  const flow = draft.oxygen === 'air' ? 0 : draft.oxygen === 'oxygen' ? n('oxygenFlow') : undefined;
  if (flow !== undefined) out.push({ ...base(ctx, VITAL_SPECS.oxygenFlow.code, VITAL_SPECS.oxygenFlow.display), valueQuantity: quantity(flow, VITAL_SPECS.oxygenFlow) });
  const bmi = bmiOf(n('weight'), n('height'));
  if (bmi !== undefined) out.push({ ...base(ctx, '39156-5', 'Body mass index (BMI) [Ratio]'), valueQuantity: { value: bmi, unit: 'kg/m²', system: 'http://unitsofmeasure.org', code: 'kg/m2' } });
  return out;
}
