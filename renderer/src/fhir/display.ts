/** Small pure helpers that turn FHIR values into words a clinician reads. */
import type { CodeableConcept, HumanName, Patient, Reference } from 'fhir/r4';

/** "Family, Given Middle" from the official (or first) name. */
export function patientName(patient: Pick<Patient, 'name'>): string {
  const name: HumanName | undefined = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  if (!name) return '';
  if (name.text) return name.text;
  const given = (name.given ?? []).join(' ');
  return [name.family, given].filter(Boolean).join(', ');
}

/** The medical record number: the identifier typed MR, else the first one. */
export function patientMrn(patient: Pick<Patient, 'identifier'>): string {
  const ids = patient.identifier ?? [];
  const mr = ids.find((i) => i.type?.coding?.some((c) => c.code === 'MR'));
  return (mr ?? ids[0])?.value ?? '';
}

/** Whole years between a birth date and `now`. */
export function ageInYears(birthDate: string | undefined, now: Date = new Date()): number | null {
  if (!birthDate) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(birthDate);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2] ?? '1') - 1;
  const d = Number(m[3] ?? '1');
  let age = now.getFullYear() - y;
  if (now.getMonth() < mo || (now.getMonth() === mo && now.getDate() < d)) age--;
  return age;
}

/** The text of a CodeableConcept: its text, else the first display, else the first code. */
export function conceptText(concept: CodeableConcept | undefined): string {
  if (!concept) return '';
  return concept.text ?? concept.coding?.find((c) => c.display)?.display ?? concept.coding?.[0]?.code ?? '';
}

/** The id part of a reference like "Patient/123". */
export function referenceId(ref: Reference | undefined): string | undefined {
  return ref?.reference?.split('/').pop();
}

/** A date or date-time as the locale writes dates (the date part only). */
export function formatDate(value: string | undefined, locale: string): string {
  if (!value) return '';
  const date = new Date(value.length === 10 ? `${value}T00:00:00` : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A date-time as the locale writes it, with hours and minutes. */
export function formatDateTime(value: string | undefined, locale: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
