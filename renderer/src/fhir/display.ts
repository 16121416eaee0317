/** Small pure helpers that turn FHIR values into words a clinician reads. */
import { formatNumber } from '../i18n/format';
import type { CodeableConcept, HumanName, Observation, Patient, Quantity, Reference } from 'fhir/r4';

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

/** FHIR date (YYYY, YYYY-MM, YYYY-MM-DD) without a time: https://hl7.org/fhir/R4/datatypes.html#date */
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A FHIR date or dateTime as the locale writes dates, at its own precision: "1987" stays the
 * year 1987, "1987-06" a month, "1987-06-15" a day, in every time zone (a date has no zone,
 * so it is formatted as a calendar date in UTC, never shifted). A dateTime with a time is an
 * instant and shows its date where the workstation is.
 */
export function formatDate(value: string | undefined, locale: string): string {
  if (!value) return '';
  const d = FHIR_DATE.exec(value);
  if (d) {
    const [, y, m, day] = d;
    const date = new Date(Date.UTC(Number(y), Number(m ?? '1') - 1, Number(day ?? '1')));
    if (Number.isNaN(date.getTime())) return value;
    const options: Intl.DateTimeFormatOptions = day ? { year: 'numeric', month: 'short', day: 'numeric' } : m ? { year: 'numeric', month: 'long' } : { year: 'numeric' };
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(date);
}

/**
 * A timestamp at exactly midnight UTC ("2026-12-05T00:00:00.000Z") is how many converters and
 * older Bedside demo data write a date whose time is unknown; it is read as that calendar date.
 */
const MIDNIGHT_UTC = /^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:00)$/;

/** A date-time as the locale writes it, with hours and minutes only when the data has a time of day. */
export function formatDateTime(value: string | undefined, locale: string): string {
  if (!value) return '';
  // A bare date has no time of day: shown at its own precision.
  if (FHIR_DATE.test(value)) return formatDate(value, locale);
  const midnight = MIDNIGHT_UTC.exec(value);
  if (midnight) return formatDate(midnight[1], locale);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
}

/** LOINC codes of a blood pressure panel and its systolic and diastolic components. */
export const BP_PANEL_CODES = ['85354-9', '55284-4'];
export const SYSTOLIC_CODE = '8480-6';
export const DIASTOLIC_CODE = '8462-4';

const UNIT_DISPLAY: Record<string, string> = { Cel: '°C', '[degF]': '°F', 'mm[Hg]': 'mmHg', '{score}': '', '{Score}': '', '{beats}/min': '/min', '{breaths}/min': '/min' };

/** A UCUM unit as a clinician writes it: Cel → °C, mm[Hg] → mmHg, {score} → nothing. */
export function displayUnit(unit: string | undefined): string {
  if (!unit) return '';
  return UNIT_DISPLAY[unit] ?? unit;
}

/** A quantity as "value unit" with the unit written for reading and the number in the locale's way. */
export function quantityText(q: Quantity | undefined, locale = 'en'): string {
  if (q?.value === undefined) return '';
  const unit = displayUnit(q.unit ?? q.code);
  const value = formatNumber(q.value, locale);
  return unit ? `${value} ${unit}` : value;
}

const hasCode = (concept: CodeableConcept | undefined, codes: readonly string[]): boolean => concept?.coding?.some((c) => c.code !== undefined && codes.includes(c.code)) ?? false;

/** Systolic and diastolic of a blood pressure panel (from its components), or undefined when it is not one. */
export function bloodPressure(o: Pick<Observation, 'code' | 'component'>): { systolic?: number; diastolic?: number; unit: string } | undefined {
  if (!hasCode(o.code, BP_PANEL_CODES)) return undefined;
  const part = (code: string) => o.component?.find((c) => hasCode(c.code, [code]))?.valueQuantity;
  const sys = part(SYSTOLIC_CODE);
  const dia = part(DIASTOLIC_CODE);
  return { systolic: sys?.value, diastolic: dia?.value, unit: displayUnit(sys?.unit ?? dia?.unit ?? 'mm[Hg]') };
}

/** An observation's value as text: "128/82 mmHg" for a blood pressure panel, "36.8 °C", a string or a coded answer. */
export function observationValueText(o: Pick<Observation, 'code' | 'component' | 'valueQuantity' | 'valueString' | 'valueCodeableConcept'>, locale = 'en'): string {
  const bp = bloodPressure(o);
  const n = (v: number | undefined) => (v === undefined ? '–' : formatNumber(v, locale));
  if (bp) return bp.systolic === undefined && bp.diastolic === undefined ? '' : `${n(bp.systolic)}/${n(bp.diastolic)} ${bp.unit}`;
  if (o.valueQuantity) return quantityText(o.valueQuantity, locale);
  return o.valueString ?? conceptText(o.valueCodeableConcept);
}

/** ISO 8601 dates and timestamps inside free text (card summaries and details written by the rules). */
const ISO_IN_TEXT = /\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?\b/g;

/** Text with its ISO dates and timestamps written the locale's way ("on 2026-12-05T00:00:00.000Z" → "on Dec 5, 2026"). */
export function localiseDatesIn(text: string, locale: string): string {
  return text.replace(ISO_IN_TEXT, (iso) => {
    const out = formatDateTime(iso, locale);
    return out && out !== iso ? out : iso;
  });
}
