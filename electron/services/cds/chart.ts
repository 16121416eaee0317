/**
 * ChartSnapshot: one patient's FHIR R4 resources grouped by type, plus small pure readers
 * that rules share (age, latest observation, active medications). No I/O.
 */
import type {
  AllergyIntolerance,
  CodeableConcept,
  Condition,
  DiagnosticReport,
  DocumentReference,
  Encounter,
  FhirResource,
  Immunization,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  Procedure,
  Quantity,
} from 'fhir/r4';

/** Everything the rules may read about one patient. */
export interface ChartSnapshot {
  readonly patientId: string;
  readonly patient: Patient | undefined;
  readonly conditions: readonly Condition[];
  readonly medicationRequests: readonly MedicationRequest[];
  /** What the patient reports taking (medication history, reconciliation). */
  readonly medicationStatements: readonly MedicationStatement[];
  readonly allergies: readonly AllergyIntolerance[];
  readonly observations: readonly Observation[];
  readonly encounters: readonly Encounter[];
  readonly documents: readonly DocumentReference[];
  readonly procedures: readonly Procedure[];
  readonly immunizations: readonly Immunization[];
  readonly diagnosticReports: readonly DiagnosticReport[];
}

/** One numeric observation value with where it came from. */
export interface ObservationValue {
  readonly code: string;
  readonly value: number;
  readonly unit: string;
  readonly date: string;
  /** FHIR reference of the source Observation, e.g. `Observation/abc`. */
  readonly reference: string;
}

const referencedPatientId = (ref: string | undefined): string | undefined =>
  ref?.startsWith('Patient/') ? ref.slice('Patient/'.length) : ref?.startsWith('urn:uuid:') ? ref.slice(9) : undefined;

/** The patient a clinical resource belongs to, if it names one. */
export function patientIdOf(resource: FhirResource): string | undefined {
  switch (resource.resourceType) {
    case 'Patient':
      return resource.id;
    case 'AllergyIntolerance':
    case 'Immunization':
      return referencedPatientId(resource.patient.reference);
    case 'Condition':
    case 'MedicationRequest':
    case 'MedicationStatement':
    case 'Observation':
    case 'Encounter':
    case 'DocumentReference':
    case 'Procedure':
    case 'DiagnosticReport':
      return referencedPatientId(resource.subject?.reference);
    default:
      return undefined;
  }
}

/**
 * Builds a snapshot from a list of resources. When `patientId` is given (or a Patient is
 * present), resources of other patients are left out, so a mixed bulk export cannot leak
 * one patient's medications into another's alerts.
 */
export function buildChartSnapshot(resources: readonly FhirResource[], patientId?: string): ChartSnapshot {
  const patient = resources.find(
    (r): r is Patient => r.resourceType === 'Patient' && (patientId === undefined || r.id === patientId),
  );
  const id = patientId ?? patient?.id ?? '';
  const mine = resources.filter((r) => {
    if (r.resourceType === 'Patient') return false;
    const owner = patientIdOf(r);
    return id === '' || owner === undefined || owner === id;
  });
  const ofType = <T extends FhirResource['resourceType']>(type: T): Extract<FhirResource, { resourceType: T }>[] =>
    mine.filter((r): r is Extract<FhirResource, { resourceType: T }> => r.resourceType === type);
  return {
    patientId: id,
    patient,
    conditions: ofType('Condition'),
    medicationRequests: ofType('MedicationRequest'),
    medicationStatements: ofType('MedicationStatement'),
    allergies: ofType('AllergyIntolerance'),
    observations: ofType('Observation'),
    encounters: ofType('Encounter'),
    documents: ofType('DocumentReference'),
    procedures: ofType('Procedure'),
    immunizations: ofType('Immunization'),
    diagnosticReports: ofType('DiagnosticReport'),
  };
}

/** Whole years of age on `date` (UTC calendar), or undefined without a valid birth date. */
export function ageAt(patient: Patient | undefined, date: Date): number | undefined {
  const birth = patient?.birthDate;
  if (!birth || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birth)) return undefined;
  const [y, m = 1, d = 1] = birth.split('-').map(Number) as [number, number?, number?];
  let age = date.getUTCFullYear() - y;
  const beforeBirthday = date.getUTCMonth() + 1 < m || (date.getUTCMonth() + 1 === m && date.getUTCDate() < d);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : undefined;
}

/** Administrative sex as the sex-specific equations need it; other values are unknown. */
export function sexOf(patient: Patient | undefined): 'female' | 'male' | undefined {
  return patient?.gender === 'female' || patient?.gender === 'male' ? patient.gender : undefined;
}

/** The clinically relevant time of an observation. */
function observationDate(obs: Observation): string | undefined {
  return obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.effectiveInstant ?? obs.issued;
}

const hasCode = (concept: CodeableConcept | undefined, codes: readonly string[]): boolean =>
  concept?.coding?.some((c) => c.code !== undefined && codes.includes(c.code)) ?? false;

const quantityValue = (
  q: Quantity | undefined,
  code: string,
  date: string,
  reference: string,
): ObservationValue | undefined =>
  q?.value === undefined ? undefined : { code, value: q.value, unit: q.unit ?? q.code ?? '', date, reference };

/** All numeric values for the given LOINC codes, from top-level values and panel components. */
export function observationValues(chart: ChartSnapshot, codes: readonly string[]): ObservationValue[] {
  const out: ObservationValue[] = [];
  for (const obs of chart.observations) {
    if (obs.status === 'entered-in-error' || obs.status === 'cancelled') continue;
    const date = observationDate(obs);
    if (!date) continue;
    const reference = `Observation/${obs.id ?? ''}`;
    if (hasCode(obs.code, codes)) {
      const code = obs.code.coding?.find((c) => c.code !== undefined && codes.includes(c.code))?.code ?? '';
      const v = quantityValue(obs.valueQuantity, code, date, reference);
      if (v) out.push(v);
    }
    for (const comp of obs.component ?? []) {
      if (!hasCode(comp.code, codes)) continue;
      const code = comp.code.coding?.find((c) => c.code !== undefined && codes.includes(c.code))?.code ?? '';
      const v = quantityValue(comp.valueQuantity, code, date, reference);
      if (v) out.push(v);
    }
  }
  return out.sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
}

/** The most recent value for any of the codes, at or before `asOf` when given. */
export function latestObservation(
  chart: ChartSnapshot,
  codes: readonly string[],
  asOf?: Date,
): ObservationValue | undefined {
  const limit = asOf?.getTime() ?? Number.POSITIVE_INFINITY;
  const values = observationValues(chart, codes).filter((v) => Date.parse(v.date) <= limit);
  return values.at(-1);
}

/** Active (or on-hold) medication orders: what the patient is taking now. */
export function activeMedications(chart: ChartSnapshot): MedicationRequest[] {
  const ordered = chart.medicationRequests.filter(
    (m) => (m.status === 'active' || m.status === 'on-hold') && (m.intent === 'order' || m.intent === 'plan' || m.intent === undefined),
  );
  return [...ordered, ...reportedMedications(chart)];
}

/**
 * What the patient reports taking (MedicationStatement active or intended), read by the
 * medication rules like an active order: an over-the-counter NSAID recorded at reconciliation
 * meets the warfarin order. The reading keeps `resourceType: 'MedicationStatement'`, so cards name
 * the statement; rules only ever suggest removing drafts, never these.
 */
export function reportedMedications(chart: ChartSnapshot): MedicationRequest[] {
  return chart.medicationStatements
    .filter((s) => s.status === 'active' || s.status === 'intended')
    .map(
      (s) =>
        ({
          resourceType: 'MedicationStatement',
          ...(s.id ? { id: s.id } : {}),
          status: 'active',
          intent: 'order',
          subject: s.subject,
          ...(s.medicationCodeableConcept ? { medicationCodeableConcept: s.medicationCodeableConcept } : {}),
          ...(s.medicationReference ? { medicationReference: s.medicationReference } : {}),
          ...(s.dosage ? { dosageInstruction: s.dosage } : {}),
        }) as unknown as MedicationRequest,
    );
}

const clinicalCode = (c: CodeableConcept | undefined): string | undefined => c?.coding?.[0]?.code;

/** Conditions not resolved, refuted or entered in error. */
export function activeConditions(chart: ChartSnapshot): Condition[] {
  return chart.conditions.filter((c) => {
    const clinical = clinicalCode(c.clinicalStatus);
    const verification = clinicalCode(c.verificationStatus);
    if (verification === 'refuted' || verification === 'entered-in-error') return false;
    return clinical === undefined || clinical === 'active' || clinical === 'recurrence' || clinical === 'relapse';
  });
}

/** Conditions ever recorded, except refuted or entered in error (history counts for risk scores). */
export function recordedConditions(chart: ChartSnapshot): Condition[] {
  return chart.conditions.filter((c) => {
    const verification = clinicalCode(c.verificationStatus);
    return verification !== 'refuted' && verification !== 'entered-in-error';
  });
}

/** Allergies that are active and not refuted or entered in error. */
export function activeAllergies(chart: ChartSnapshot): AllergyIntolerance[] {
  return chart.allergies.filter((a) => {
    const clinical = clinicalCode(a.clinicalStatus);
    const verification = clinicalCode(a.verificationStatus);
    if (verification === 'refuted' || verification === 'entered-in-error') return false;
    return clinical === undefined || clinical === 'active';
  });
}

/** The name a clinician would read for an order: concept text, else first coding display. */
export function medicationDisplay(order: MedicationRequest): string | undefined {
  const concept = order.medicationCodeableConcept;
  return concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? order.medicationReference?.display;
}

/** Display text of a codeable concept: text, else codings' displays. */
export function conceptTexts(concept: CodeableConcept | undefined): string[] {
  const texts = [concept?.text, ...(concept?.coding ?? []).map((c) => c.display)];
  return texts.filter((t): t is string => typeof t === 'string' && t.length > 0);
}

/** SNOMED CT (or any) codes of a codeable concept. */
export function conceptCodes(concept: CodeableConcept | undefined): string[] {
  return (concept?.coding ?? []).map((c) => c.code).filter((c): c is string => typeof c === 'string');
}

/** A FHIR reference for a resource with an id. */
export function referenceTo(resource: { resourceType: string; id?: string }): string {
  return `${resource.resourceType}/${resource.id ?? 'unknown'}`;
}
