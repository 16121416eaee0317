/**
 * Small builders of FHIR R4 resources as Synthea writes them (LOINC vitals and labs, SNOMED
 * conditions, RxNorm medication displays), used by the demo clinic and benchmark generators.
 */
import type { JsonObject } from '../json';

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** Demo patient id and MRN. */
export interface PatientSeed {
  id: string;
  mrn: string;
  given: string;
  family: string;
  gender: 'male' | 'female';
  birthDate: string;
}

/** A Patient with an MRN identifier. */
export function patientResource(p: PatientSeed): JsonObject {
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical Record Number' }], text: 'Medical Record Number' }, system: 'urn:bedside:demo-clinic:mrn', value: p.mrn }],
    name: [{ use: 'official', family: p.family, given: [p.given] }],
    gender: p.gender,
    birthDate: p.birthDate,
  };
}

const subject = (pid: string): JsonObject => ({ reference: `Patient/${pid}` });

/** An ambulatory encounter. */
export function encounterResource(id: string, pid: string, start: string, reason: string): JsonObject {
  const end = new Date(Date.parse(start) + 30 * 60_000).toISOString();
  return {
    resourceType: 'Encounter',
    id,
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    type: [{ coding: [{ system: SNOMED, code: '185349003', display: 'Encounter for check up (procedure)' }], text: reason }],
    subject: subject(pid),
    period: { start, end },
  };
}

/** A laboratory's own reference interval for a result (FHIR Observation.referenceRange). */
export interface LabRange {
  low?: number;
  high?: number;
  /** How the laboratory words it, e.g. "< 5.7 %". */
  text?: string;
}

const quantity = (value: number, unit: string): JsonObject => ({ value, unit, system: UCUM, code: unit });

/** A numeric Observation (vital sign or laboratory), with the laboratory's reference range when given. */
export function quantityObservation(id: string, pid: string, encId: string, when: string, code: string, display: string, value: number, unit: string, category: 'vital-signs' | 'laboratory', range?: LabRange): JsonObject {
  const referenceRange: JsonObject = {};
  if (range?.low !== undefined) referenceRange.low = quantity(range.low, unit);
  if (range?.high !== undefined) referenceRange.high = quantity(range.high, unit);
  if (range?.text !== undefined) referenceRange.text = range.text;
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: category, display: category === 'vital-signs' ? 'Vital signs' : 'Laboratory' }] }],
    code: { coding: [{ system: LOINC, code, display }], text: display },
    subject: subject(pid),
    encounter: { reference: `Encounter/${encId}` },
    effectiveDateTime: when,
    issued: when,
    valueQuantity: quantity(value, unit),
    ...(range ? { referenceRange: [referenceRange] } : {}),
  };
}

/** A blood pressure panel (85354-9) with systolic 8480-6 and diastolic 8462-4 components. */
export function bloodPressureObservation(id: string, pid: string, encId: string, when: string, systolic: number, diastolic: number): JsonObject {
  const comp = (code: string, display: string, value: number): JsonObject => ({
    code: { coding: [{ system: LOINC, code, display }], text: display },
    valueQuantity: { value, unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' },
  });
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: 'vital-signs', display: 'Vital signs' }] }],
    code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' }], text: 'Blood pressure panel with all children optional' },
    subject: subject(pid),
    encounter: { reference: `Encounter/${encId}` },
    effectiveDateTime: when,
    issued: when,
    component: [comp('8480-6', 'Systolic blood pressure', systolic), comp('8462-4', 'Diastolic blood pressure', diastolic)],
  };
}

/** A Condition coded in SNOMED CT. */
export function conditionResource(id: string, pid: string, code: string, display: string, onset: string, active = true): JsonObject {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: active ? 'active' : 'resolved' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
    code: { coding: [{ system: SNOMED, code, display }], text: display },
    subject: subject(pid),
    onsetDateTime: onset,
    recordedDate: onset,
  };
}

/** An active MedicationRequest with an RxNorm code and Synthea-style display. */
export function medicationRequestResource(id: string, pid: string, rxnorm: string, display: string, authoredOn: string, status = 'active'): JsonObject {
  return {
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxnorm, display }], text: display },
    subject: subject(pid),
    authoredOn,
    dosageInstruction: [{ sequence: 1, text: 'As directed' }],
  };
}

/** An allergy to a substance (SNOMED), with an optional reaction. */
export function allergyResource(id: string, pid: string, code: string, display: string, recorded: string, reaction?: string): JsonObject {
  return {
    resourceType: 'AllergyIntolerance',
    id,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
    type: 'allergy',
    category: ['medication'],
    criticality: 'high',
    code: { coding: [{ system: SNOMED, code, display }], text: display },
    patient: subject(pid),
    recordedDate: recorded,
    ...(reaction ? { reaction: [{ manifestation: [{ coding: [{ system: SNOMED, code: '247472004', display: reaction }], text: reaction }] }] } : {}),
  };
}

/** A clinical note: DocumentReference with base64 text/plain content. */
export function noteResource(id: string, pid: string, encId: string, when: string, text: string): JsonObject {
  return {
    resourceType: 'DocumentReference',
    id,
    status: 'current',
    type: { coding: [{ system: LOINC, code: '34117-2', display: 'History and physical note' }] },
    subject: subject(pid),
    date: when,
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(text, 'utf8').toString('base64') } }],
    context: { encounter: [{ reference: `Encounter/${encId}` }], period: { start: when } },
  };
}
