/**
 * The columns stored beside each resource's JSON: patient, chart date, status and primary code,
 * plus the Patient's searchable names and identifiers.
 */
import { isJsonObject, type Json, type JsonObject } from '../json';
import { patientReferenceOf } from './references';

/** Index columns of one resource. */
export interface IndexFields {
  patientId: string | null;
  /** Chart order key: the clinical date in UTC ISO form, or lastUpdated when it has none. */
  date: string;
  status: string | null;
  /** `system|code` of the first coding of the resource's main code. */
  code: string | null;
}

const DATE_PATHS: readonly (readonly string[])[] = [
  ['effectiveDateTime'], ['effectivePeriod', 'start'], ['effectiveInstant'], ['issued'], ['authoredOn'],
  ['onsetDateTime'], ['onsetPeriod', 'start'], ['recordedDate'], ['occurrenceDateTime'], ['performedDateTime'],
  ['performedPeriod', 'start'], ['period', 'start'], ['date'], ['started'], ['created'], ['recorded'], ['sent'],
];
const CODE_FIELDS = ['code', 'medicationCodeableConcept', 'vaccineCode', 'type', 'class'] as const;

function at(obj: JsonObject, path: readonly string[]): Json | undefined {
  let v: Json | undefined = obj;
  for (const k of path) v = isJsonObject(v) ? v[k] : undefined;
  return v;
}

/** Two ASCII digits at `i` as a number, or -1. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * True when `value` is already what `new Date(Date.parse(value)).toISOString()` gives back:
 * `YYYY-MM-DDTHH:MM:SS.sssZ` with fields in range (days above 28 are left to Date, which rolls
 * 2025-02-30 over into March). Most stored dates are in this form, and parsing costs.
 */
function isCanonicalUtc(value: string): boolean {
  if (value.length !== 24 || value.charCodeAt(23) !== 90 /* Z */) return false;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':' || value[19] !== '.') return false;
  if (twoDigits(value, 0) < 0 || twoDigits(value, 2) < 0 || twoDigits(value, 20) < 0) return false;
  const ms = value.charCodeAt(22) - 48;
  if (ms < 0 || ms > 9) return false;
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  return month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** A FHIR date/dateTime as a sortable string: UTC ISO when it has a time, unchanged otherwise. */
export function sortableDate(value: string): string {
  if (!value.includes('T')) return value;
  if (isCanonicalUtc(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}

function firstCoding(v: Json | undefined): string | null {
  const concept = Array.isArray(v) ? v[0] : v;
  if (!isJsonObject(concept)) return null;
  const coding = Array.isArray(concept.coding) ? concept.coding[0] : isJsonObject(concept) && typeof concept.code === 'string' ? concept : undefined;
  if (!isJsonObject(coding) || typeof coding.code !== 'string') return null;
  return `${typeof coding.system === 'string' ? coding.system : ''}|${coding.code}`;
}

/** The index columns of a resource whose meta.lastUpdated is already set. */
export function indexFieldsOf(resource: JsonObject): IndexFields {
  const type = resource.resourceType;
  const lastUpdated = isJsonObject(resource.meta) && typeof resource.meta.lastUpdated === 'string' ? resource.meta.lastUpdated : new Date().toISOString();
  let date: string | undefined;
  if (type !== 'Patient') {
    for (const p of DATE_PATHS) {
      const v = at(resource, p);
      if (typeof v === 'string') {
        date = v;
        break;
      }
    }
  }
  const patientId = type === 'Patient' ? (resource.id as string) : (patientReferenceOf(resource)?.patientId ?? null);
  let status: string | null = typeof resource.status === 'string' ? resource.status : null;
  if (status === null && isJsonObject(resource.clinicalStatus)) status = firstCoding(resource.clinicalStatus)?.split('|')[1] ?? null;
  let code: string | null = null;
  for (const f of CODE_FIELDS) {
    code = firstCoding(resource[f]);
    if (code) break;
  }
  return { patientId, date: sortableDate(date ?? lastUpdated), status, code };
}

/** The Patient's searchable text: all names, identifier values, and birth date. */
export function patientSearchText(patient: JsonObject): { names: string; identifiers: string; birthDate: string } {
  const names: string[] = [];
  if (Array.isArray(patient.name)) {
    for (const n of patient.name) {
      if (!isJsonObject(n)) continue;
      for (const k of ['prefix', 'given', 'family', 'text', 'suffix'] as const) {
        const v = n[k];
        if (typeof v === 'string') names.push(v);
        else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') names.push(x);
      }
    }
  }
  const ids: string[] = [];
  if (Array.isArray(patient.identifier)) for (const i of patient.identifier) if (isJsonObject(i) && typeof i.value === 'string') ids.push(i.value);
  return { names: names.join(' '), identifiers: ids.join(' '), birthDate: typeof patient.birthDate === 'string' ? patient.birthDate : '' };
}

/** The `system|value` identifiers of a resource (for conditional references). */
export function identifiersOf(resource: JsonObject): { system: string; value: string }[] {
  if (!Array.isArray(resource.identifier)) return [];
  const out: { system: string; value: string }[] = [];
  for (const i of resource.identifier) if (isJsonObject(i) && typeof i.value === 'string') out.push({ system: typeof i.system === 'string' ? i.system : '', value: i.value });
  return out;
}
