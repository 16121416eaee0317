/**
 * Structural checks of a FHIR R4 resource: enough to keep charts, searches and rules from
 * meeting data of the wrong shape, with the resource and the path of each problem named
 * ("Observation/abc: valueQuantity.value must be a number"). Not a full profile validator.
 */
import { BedsideError } from '../errors';
import { isJsonObject, type Json, type JsonObject } from './canonicalJson';
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

function checkValue(key: string, v: Json, path: string, parentKey: string, issues: ValidationIssue[], element = false): void {
  if (issues.length >= 20) return;
  if (Array.isArray(v) && !element) {
    if (key === 'coding') {
      v.forEach((x, i) => isJsonObject(x) && checkObject(x, `${path}[${i}]`, key, issues));
      return;
    }
    checkAttachments(key, v, path, issues);
    v.forEach((x, i) => checkValue(key, x, `${path}[${i}]`, parentKey, issues, true));
    return;
  }
  const isDateKey = DATE_KEYS.has(key) || key.endsWith('DateTime') || key.endsWith('Instant') || ((key === 'start' || key === 'end') && (parentKey === 'period' || parentKey.endsWith('Period')));
  if (isDateKey) {
    if (typeof v !== 'string' || !DATE_TIME.test(v)) issues.push({ path, message: 'must be a FHIR date or dateTime (e.g. 2024-05-01 or 2024-05-01T09:30:00Z)' });
    return;
  }
  if (key === 'reference' || key === 'status' || key === 'display' || key === 'system' || key === 'div') {
    if (typeof v !== 'string') issues.push({ path, message: 'must be text' });
    return;
  }
  if (key === 'valueInteger' && !Number.isInteger(v)) issues.push({ path, message: 'must be a whole number' });
  if (key === 'valueDecimal' && typeof v !== 'number') issues.push({ path, message: 'must be a number' });
  if (key === 'valueBoolean' && typeof v !== 'boolean') issues.push({ path, message: 'must be true or false' });
  if (key === 'valueString' && typeof v !== 'string') issues.push({ path, message: 'must be text' });
  if (key === 'coding' && !element) issues.push({ path, message: 'must be a list of codings' });
  if ((QUANTITY_KEYS.has(key) || key.endsWith('Quantity')) && isJsonObject(v) && 'value' in v && typeof v.value !== 'number') {
    issues.push({ path: `${path}.value`, message: 'must be a number' });
  }
  if (!element) checkAttachments(key, v, path, issues);
  if (isJsonObject(v)) checkObject(v, path, key, issues);
}

function checkObject(v: JsonObject, path: string, key: string, issues: ValidationIssue[]): void {
  for (const [k, x] of Object.entries(v)) if (k !== 'contained') checkValue(k, x, `${path}.${k}`, key, issues);
}

function checkAttachments(key: string, v: Json, path: string, issues: ValidationIssue[]): void {
  if (!(key === 'attachment' || key === 'content' || key === 'presentedForm' || key === 'photo')) return;
  {
    const items = Array.isArray(v) ? v : [v];
    items.forEach((a, i) => {
      if (isJsonObject(a) && 'data' in a && (typeof a.data !== 'string' || (a.data.length < 4_000_000 && !BASE64.test(a.data)))) {
        issues.push({ path: `${path}${Array.isArray(v) ? `[${i}]` : ''}.data`, message: 'must be base64 text' });
      }
    });
  }
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
  for (const [k, v] of Object.entries(resource)) {
    if (k === 'contained' || k === 'text' || k === 'resourceType' || k === 'id' || k === 'meta') continue;
    checkValue(k, v, k, '', issues);
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
