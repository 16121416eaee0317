/** The new-patient form: its fields, their checks, and the FHIR Patient it makes. Pure. */
import type { Patient } from 'fhir/r4';

/** What the form holds. */
export interface PatientFormValues {
  family: string;
  given: string;
  birthDate: string;
  gender: '' | 'female' | 'male' | 'other' | 'unknown';
  mrn: string;
  phone: string;
}

/** What is wrong with a field, as a message key suffix. */
export type FieldProblem = 'required' | 'dateFormat' | 'dateFuture' | 'dateTooOld' | 'mrnFormat';

export const emptyPatientForm: PatientFormValues = { family: '', given: '', birthDate: '', gender: '', mrn: '', phone: '' };

/** Problems per field (empty when the form can be saved). */
export function validatePatientForm(v: PatientFormValues, today: Date = new Date()): Partial<Record<keyof PatientFormValues, FieldProblem>> {
  const problems: Partial<Record<keyof PatientFormValues, FieldProblem>> = {};
  if (!v.family.trim()) problems.family = 'required';
  if (!v.given.trim()) problems.given = 'required';
  if (!v.gender) problems.gender = 'required';
  if (!v.birthDate) problems.birthDate = 'required';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(v.birthDate) || Number.isNaN(Date.parse(`${v.birthDate}T00:00:00Z`))) problems.birthDate = 'dateFormat';
  else if (v.birthDate > today.toISOString().slice(0, 10)) problems.birthDate = 'dateFuture';
  else if (Number(v.birthDate.slice(0, 4)) < today.getFullYear() - 130) problems.birthDate = 'dateTooOld';
  if (v.mrn.trim() && !/^[A-Za-z0-9-]{3,32}$/.test(v.mrn.trim())) problems.mrn = 'mrnFormat';
  return problems;
}

/** The FHIR Patient for valid form values. */
export function patientFromForm(v: PatientFormValues): Patient {
  return {
    resourceType: 'Patient',
    active: true,
    name: [{ use: 'official', family: v.family.trim(), given: v.given.trim().split(/\s+/) }],
    gender: v.gender === '' ? 'unknown' : v.gender,
    birthDate: v.birthDate,
    ...(v.mrn.trim()
      ? { identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: v.mrn.trim() }] }
      : {}),
    ...(v.phone.trim() ? { telecom: [{ system: 'phone', value: v.phone.trim() }] } : {}),
  };
}
