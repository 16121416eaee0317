/**
 * Structural checks of a FHIR R4 resource: enough to keep charts, searches and rules from
 * meeting data of the wrong shape, with the resource and the path of each problem named
 * ("Observation/abc: valueQuantity.value must be a number"). Not a full profile validator.
 */
import { BedsideError } from '../errors';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { isR4ResourceType } from './resourceTypes';

/** One problem found, with the path inside the resource. */
export interface ValidationIssue {
  path: string;
  message: string;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DATE_TIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const BASE64 = /^[A-Za-z0-9+/=\s]*$/;
const DATE_KEYS = new Set(['date', 'birthDate', 'issued', 'authoredOn', 'lastUpdated', 'recorded', 'deceasedDateTime', 'created', 'sent', 'occurrenceDateTime']);
const QUANTITY_KEYS = new Set(['low', 'high', 'numerator', 'denominator', 'doseQuantity', 'quantity', 'valueQuantity', 'referenceRange']);

/** Fields each common type needs before a chart can show it. */
const REQUIRED: Record<string, readonly string[]> = {
  Observation: ['status', 'code'],
  Condition: ['subject'],
  MedicationRequest: ['status', 'intent', 'subject'],
  MedicationStatement: ['status', 'subject'],
  AllergyIntolerance: ['patient'],
  Encounter: ['status', 'class'],
  DocumentReference: ['status', 'content'],
  Immunization: ['status', 'vaccineCode', 'patient'],
  Procedure: ['status', 'subject'],
  DiagnosticReport: ['status', 'code'],
  Media: ['status', 'content'],
  ImagingStudy: ['status', 'subject'],
};

/** "Observation/abc" or "Observation (no id)" for messages. */
export function resourceLabel(resource: unknown): string {
  if (!isJsonObject(resource)) return 'The record';
  const type = typeof resource.resourceType === 'string' ? resource.resourceType.slice(0, 64) : 'Resource';
  return typeof resource.id === 'string' ? `${type}/${resource.id.slice(0, 64)}` : `${type} (no id)`;
}

/**
 * The path being checked, as segments (keys and array indexes). The text form
 * ("content[0].attachment.data") is built only when a problem is found, since almost every
 * value checked is fine.
 */
type PathSegments = (string | number)[];

function pathText(segments: PathSegments): string {
  let out = String(segments[0] ?? '');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    out += typeof s === 'number' ? `[${s}]` : `.${s}`;
  }
  return out;
}

// What a key means to the checks, worked out once per distinct key name (resources repeat a
// small set of names, and each check is a handful of string comparisons).
const K_DATE = 1; // a date or dateTime wherever it appears
const K_START_END = 2; // a date when its parent is a period
const K_PERIOD = 4; // 'period' or '…Period': its start and end are dates
const K_TEXT = 8; // must be text
const K_VALUE = 16; // valueInteger, valueDecimal, valueBoolean or valueString
const K_CODING = 32;
const K_QUANTITY = 64;
const K_ATTACHMENT = 128;
const keyKinds = new Map<string, number>();
const KEY_CACHE_LIMIT = 10_000;

function kindOf(key: string): number {
  const cached = keyKinds.get(key);
  if (cached !== undefined) return cached;
  let k = 0;
  if (DATE_KEYS.has(key) || key.endsWith('DateTime') || key.endsWith('Instant')) k |= K_DATE;
  if (key === 'start' || key === 'end') k |= K_START_END;
  if (key === 'period' || key.endsWith('Period')) k |= K_PERIOD;
  if (key === 'reference' || key === 'status' || key === 'display' || key === 'system' || key === 'div') k |= K_TEXT;
  if (key === 'valueInteger' || key === 'valueDecimal' || key === 'valueBoolean' || key === 'valueString') k |= K_VALUE;
  if (key === 'coding') k |= K_CODING;
  if (QUANTITY_KEYS.has(key) || key.endsWith('Quantity')) k |= K_QUANTITY;
  if (key === 'attachment' || key === 'content' || key === 'presentedForm' || key === 'photo') k |= K_ATTACHMENT;
  if (keyKinds.size < KEY_CACHE_LIMIT) keyKinds.set(key, k);
  return k;
}

function checkValue(key: string, v: Json, path: PathSegments, parentKey: string, issues: ValidationIssue[], element = false): void {
  if (issues.length >= 20) return;
  const kind = kindOf(key);
  if (Array.isArray(v) && !element) {
    if (kind & K_CODING) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (!(i in v) || !isJsonObject(x)) continue;
        path.push(i);
        checkObject(x, path, key, issues);
        path.pop();
      }
      return;
    }
    if (kind & K_ATTACHMENT) checkAttachments(v, path, issues);
    for (let i = 0; i < v.length; i++) {
      if (!(i in v)) continue;
      path.push(i);
      checkValue(key, v[i]!, path, parentKey, issues, true);
      path.pop();
    }
    return;
  }
  if (kind & K_DATE || (kind & K_START_END && kindOf(parentKey) & K_PERIOD)) {
    if (typeof v !== 'string' || !DATE_TIME.test(v)) issues.push({ path: pathText(path), message: 'must be a FHIR date or dateTime (e.g. 2024-05-01 or 2024-05-01T09:30:00Z)' });
    return;
  }
  if (kind & K_TEXT) {
    if (typeof v !== 'string') issues.push({ path: pathText(path), message: 'must be text' });
    return;
  }
  if (kind & K_VALUE) {
    if (key === 'valueInteger' && !Number.isInteger(v)) issues.push({ path: pathText(path), message: 'must be a whole number' });
    if (key === 'valueDecimal' && typeof v !== 'number') issues.push({ path: pathText(path), message: 'must be a number' });
    if (key === 'valueBoolean' && typeof v !== 'boolean') issues.push({ path: pathText(path), message: 'must be true or false' });
    if (key === 'valueString' && typeof v !== 'string') issues.push({ path: pathText(path), message: 'must be text' });
  }
  if (kind & K_CODING && !element) issues.push({ path: pathText(path), message: 'must be a list of codings' });
  const object = isJsonObject(v);
  if (object && kind & K_QUANTITY && 'value' in v && typeof v.value !== 'number') {
    issues.push({ path: `${pathText(path)}.value`, message: 'must be a number' });
  }
  if (!element && kind & K_ATTACHMENT) checkAttachments(v, path, issues);
  if (object) checkObject(v, path, key, issues);
}

function checkObject(v: JsonObject, path: PathSegments, key: string, issues: ValidationIssue[]): void {
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === 'contained') continue;
    path.push(k);
    checkValue(k, v[k]!, path, key, issues);
    path.pop();
  }
}

/** Checks the data of an attachment (or a list of them) under attachment/content/presentedForm/photo. */
function checkAttachments(v: Json, path: PathSegments, issues: ValidationIssue[]): void {
  const items = Array.isArray(v) ? v : [v];
  items.forEach((a, i) => {
    if (isJsonObject(a) && 'data' in a && (typeof a.data !== 'string' || (a.data.length < 4_000_000 && !BASE64.test(a.data)))) {
      issues.push({ path: `${pathText(path)}${Array.isArray(v) ? `[${i}]` : ''}.data`, message: 'must be base64 text' });
    }
  });
}

/** Every structural problem of a parsed resource (empty when it is acceptable). */
export function resourceIssues(resource: unknown): ValidationIssue[] {
  if (!isJsonObject(resource)) return [{ path: '(record)', message: 'must be a JSON object' }];
  const issues: ValidationIssue[] = [];
  const type = resource.resourceType;
  if (typeof type !== 'string') return [{ path: 'resourceType', message: 'is missing' }];
  if (!isR4ResourceType(type)) return [{ path: 'resourceType', message: `"${type.slice(0, 64)}" is not a FHIR R4 resource type` }];
  if ('id' in resource && (typeof resource.id !== 'string' || !ID.test(resource.id))) {
    issues.push({ path: 'id', message: 'must be 1-64 letters, digits, "-" or "."' });
  }
  if ('meta' in resource) {
    const meta = resource.meta;
    if (!isJsonObject(meta)) issues.push({ path: 'meta', message: 'must be an object' });
    else if ('versionId' in meta && typeof meta.versionId !== 'string') issues.push({ path: 'meta.versionId', message: 'must be text' });
  }
  for (const field of REQUIRED[type] ?? []) {
    const v = resource[field];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) issues.push({ path: field, message: 'is required' });
  }
  if (type === 'MedicationRequest' && !('medicationCodeableConcept' in resource) && !('medicationReference' in resource)) {
    issues.push({ path: 'medication[x]', message: 'is required (medicationCodeableConcept or medicationReference)' });
  }
  const path: PathSegments = [];
  for (const k of Object.keys(resource)) {
    if (k === 'contained' || k === 'text' || k === 'resourceType' || k === 'id' || k === 'meta') continue;
    path.push(k);
    checkValue(k, resource[k]!, path, '', issues);
    path.pop();
  }
  return issues;
}

/** Throws 'invalid-input' naming the resource and the path of its first problems. */
export function assertValidResource(resource: unknown): asserts resource is JsonObject {
  const issues = resourceIssues(resource);
  if (issues.length === 0) return;
  const label = resourceLabel(resource);
  const listed = issues.slice(0, 3).map((i) => `${i.path} ${i.message}`).join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  throw new BedsideError('invalid-input', `${label}: ${listed}${more}. The record was not saved.`, { issues });
}
