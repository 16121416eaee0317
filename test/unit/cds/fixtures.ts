/** Small FHIR R4 builders for CDS tests (Synthea-shaped codes and units). */
import type { AllergyIntolerance, Condition, FhirResource, MedicationRequest, Observation, Patient } from 'fhir/r4';
import { buildChartSnapshot, type ChartSnapshot } from '../../../electron/services/cds/chart';

let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${(counter += 1)}`;

export const PATIENT_ID = 'p1';
const subject = { reference: `Patient/${PATIENT_ID}` };

/** A patient with birth date and sex. */
export function patient(birthDate: string, gender: Patient['gender']): Patient {
  return { resourceType: 'Patient', id: PATIENT_ID, birthDate, gender };
}

/** An active (or given status) medication order with an RxNorm-style display. */
export function med(display: string, status: MedicationRequest['status'] = 'active', id = nextId('mr')): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    subject,
    medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', display }], text: display },
  };
}

/** A draft order for the order-sign hook. */
export function draft(display: string): MedicationRequest {
  return med(display, 'draft', nextId('draft'));
}

/** A numeric observation. */
export function obs(code: string, value: number, unit: string, date: string): Observation {
  return {
    resourceType: 'Observation',
    id: nextId('obs'),
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject,
    effectiveDateTime: date,
    valueQuantity: { value, unit },
  };
}

/** A blood pressure panel (85354-9) with systolic and diastolic components, as Synthea writes it. */
export function bp(systolic: number, diastolic: number, date: string): Observation {
  return {
    resourceType: 'Observation',
    id: nextId('bp'),
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
    subject,
    effectiveDateTime: date,
    component: [
      { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: systolic, unit: 'mm[Hg]' } },
      { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: diastolic, unit: 'mm[Hg]' } },
    ],
  };
}

/** A condition coded in SNOMED CT. */
export function condition(code: string, display: string, clinical = 'active'): Condition {
  return {
    resourceType: 'Condition',
    id: nextId('cond'),
    subject,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinical }] },
    code: { coding: [{ system: 'http://snomed.info/sct', code, display }], text: display },
  };
}

/** A medication allergy. */
export function allergy(text: string, criticality?: AllergyIntolerance['criticality'], manifestation?: string): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id: nextId('allergy'),
    patient: subject,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    category: ['medication'],
    ...(criticality ? { criticality } : {}),
    code: { text, coding: [{ display: text }] },
    ...(manifestation ? { reaction: [{ manifestation: [{ text: manifestation }] }] } : {}),
  };
}

/** A chart for the test patient. */
export function chartOf(...resources: FhirResource[]): ChartSnapshot {
  const hasPatient = resources.some((r) => r.resourceType === 'Patient');
  return buildChartSnapshot(hasPatient ? resources : [patient('1960-01-01', 'male'), ...resources], PATIENT_ID);
}
