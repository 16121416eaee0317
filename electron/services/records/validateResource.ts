/**
 * Structural validation of a FHIR R4 resource against the official R4 definitions (the element
 * table compiled in r4Elements.ts): every element known to its type, JSON types, the spec's
 * regular expressions for primitives (plus real calendar dates), list versus single value,
 * cardinality and required elements, one value per choice element, `_element` primitive
 * extensions, contained and nested resources, and no empty values. Each problem is named by its
 * FHIR path ("Observation.component[0].valueQuantity.value"). Not checked: terminology
 * bindings, invariants (FHIRPath constraints) and profiles.
 */
import { BedsideError } from '../errors';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { primitiveElementInfo, resourceTypeInfo, typeInfo, type ElementInfo, type Primitive, type TypeInfo } from './r4Elements';

/** One problem found, with its FHIR path. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Options of a validation run. */
export interface ValidateOptions {
  /** Leave Bundle.entry.resource unchecked (the caller checks each entry on its own). */
  skipEntryResources?: boolean;
}

const MAX_ISSUES = 100;

/** "Observation/abc" or "Observation (no id)" for messages. */
export function resourceLabel(resource: unknown): string {
  if (!isJsonObject(resource)) return 'The record';
  const type = typeof resource.resourceType === 'string' ? resource.resourceType.slice(0, 64) : 'Resource';
  return typeof resource.id === 'string' ? `${type}/${resource.id.slice(0, 64)}` : `${type} (no id)`;
}

/**
 * The path being checked, as segments (keys and array indexes). The text form is built only
 * when a problem is found, since almost every value checked is fine.
 */
type PathSegments = (string | number)[];

function pathText(segments: PathSegments, last?: string): string {
  let out = String(segments[0] ?? '');
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i]!;
    out += typeof s === 'number' ? `[${s}]` : `.${s}`;
  }
  return last === undefined ? out : `${out}.${last}`;
}

interface Run {
  issues: ValidationIssue[];
  skipEntryResources: boolean;
}

function add(run: Run, path: PathSegments, message: string, last?: string): void {
  if (run.issues.length < MAX_ISSUES) run.issues.push({ path: pathText(path, last), message });
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** False for a date the regex lets through that no calendar has (2023-02-29, 2024-04-31). */
function realDay(v: string): boolean {
  if (v.length < 10) return true;
  const day = (v.charCodeAt(8) - 48) * 10 + v.charCodeAt(9) - 48;
  if (day <= 28) return true;
  const month = (v.charCodeAt(5) - 48) * 10 + v.charCodeAt(6) - 48;
  if (day > DAYS[month - 1]!) return false;
  if (month !== 2 || day !== 29) return true;
  const year = Number(v.slice(0, 4));
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function shown(v: Json): string {
  const s = typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : JSON.stringify(v)?.slice(0, 40);
  return ` (found ${s})`;
}

function checkPrimitive(v: Json, p: Primitive, path: PathSegments, run: Run): void {
  if (p.json === 'string') {
    if (typeof v !== 'string') {
      add(run, path, `${p.expected}, in quotes${typeof v === 'number' || typeof v === 'boolean' ? shown(v) : ''}`);
      return;
    }
    if (v.length === 0) {
      add(run, path, 'must not be empty text (leave the element out instead)');
      return;
    }
    const name = p.name;
    if (name === 'string' || name === 'markdown') return;
    if (name === 'xhtml') {
      if (!/^\s*<div[\s>/]/.test(v)) add(run, path, p.expected);
      return;
    }
    if (name === 'base64Binary') {
      // The spec's pattern, as a linear check: base64 characters in groups of four, spaces allowed.
      if (/^[A-Za-z0-9+/=]*$/.test(v) ? v.length % 4 !== 0 : !/^[A-Za-z0-9+/=\s]*$/.test(v) || v.replace(/\s+/g, '').length % 4 !== 0) add(run, path, p.expected);
      return;
    }
    if (p.regex && !p.regex.test(v)) add(run, path, `${p.expected}${name === 'string' ? '' : shown(v)}`);
    else if ((name === 'date' || name === 'dateTime' || name === 'instant') && !realDay(v)) add(run, path, `${p.expected}${shown(v)}`);
    return;
  }
  if (p.json === 'boolean') {
    if (typeof v !== 'boolean') add(run, path, `${p.expected}, without quotes${shown(v)}`);
    return;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    add(run, path, `${p.expected}, without quotes${shown(v)}`);
    return;
  }
  if (p.name === 'decimal') return;
  if (!Number.isInteger(v) || v > 2147483647 || v < (p.name === 'positiveInt' ? 1 : p.name === 'unsignedInt' ? 0 : -2147483648)) add(run, path, `${p.expected}${shown(v)}`);
}

/** `_name` beside a primitive: an object (id, extension), or for a list a list of them or null. */
function checkPrimitiveExtension(v: Json, el: ElementInfo, path: PathSegments, run: Run): void {
  const t = primitiveElementInfo(el.type);
  if (!t) return;
  if (el.many) {
    if (!Array.isArray(v)) return add(run, path, 'must be a list matching the values of the element it extends');
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (x === null) continue;
      path.push(i);
      if (isJsonObject(x)) checkObject(x, t, path, run, false);
      else add(run, path, 'must be an object with id and/or extension, or null');
      path.pop();
    }
    return;
  }
  if (isJsonObject(v)) checkObject(v, t, path, run, false);
  else add(run, path, 'must be an object with id and/or extension');
}

function checkValue(v: Json, el: ElementInfo, path: PathSegments, run: Run): void {
  if (el.primitive) return checkPrimitive(v, el.primitive, path, run);
  if (!isJsonObject(v)) return add(run, path, el.isResource ? 'must be a resource (an object with a resourceType)' : `must be an object (a FHIR ${el.type})`);
  if (el.isResource) return checkResourceAt(v, path, run);
  if (el.complex === undefined) el.complex = typeInfo(el.type) ?? null;
  if (el.complex) checkObject(v, el.complex, path, run, false);
}

function checkObject(obj: JsonObject, t: TypeInfo, path: PathSegments, run: Run, isResource: boolean): void {
  const keys = Object.keys(obj);
  let choices: Map<string, string> | undefined;
  let counted = 0;
  for (let ki = 0; ki < keys.length; ki++) {
    if (run.issues.length >= MAX_ISSUES) return;
    const k = keys[ki]!;
    const v = obj[k];
    if (v === undefined) continue;
    counted++;
    if (isResource && k === 'resourceType') continue;
    const el = t.elements.get(k);
    if (el === undefined) {
      if (k.charCodeAt(0) === 95 /* _ */) {
        const base = t.elements.get(k.slice(1));
        if (base?.primitive) {
          path.push(k);
          checkPrimitiveExtension(v, base, path, run);
          path.pop();
          continue;
        }
      }
      add(run, path, `is not an element of ${t.name} in FHIR R4 (check the spelling and letter case; local data belongs in an extension)`, k);
      continue;
    }
    if (el.group !== null) {
      const other = choices?.get(el.group);
      if (other !== undefined) add(run, path, `has two values (${other} and ${k}); only one ${el.group}[x] is allowed`, `${el.group}[x]`);
      else (choices ??= new Map()).set(el.group, k);
    }
    path.push(k);
    if (v === null) add(run, path, 'must not be null (leave the element out instead)');
    else if (el.max === 0) add(run, path, `is not allowed in ${t.name}`);
    else if (el.many) {
      if (!Array.isArray(v)) add(run, path, 'must be a list [ … ], even when it holds one item');
      else if (v.length === 0) add(run, path, 'must not be an empty list (leave the element out instead)');
      else {
        if (el.max > 1 && v.length > el.max) add(run, path, `may hold at most ${el.max} items (found ${v.length})`);
        if (t.name === 'Bundle.entry' && run.skipEntryResources && k === 'resource') {
          // checked by the caller
        } else {
          let ext: Json | undefined;
          for (let i = 0; i < v.length; i++) {
            const item = v[i]!;
            path.push(i);
            if (item === null) {
              ext ??= obj[`_${k}`] ?? null;
              if (!el.primitive || !Array.isArray(ext) || ext[i] == null) add(run, path, 'must not be null (leave the item out instead)');
            } else checkValue(item, el, path, run);
            path.pop();
          }
        }
      }
    } else if (Array.isArray(v)) add(run, path, 'must be a single value, not a list');
    else if (!(run.skipEntryResources && k === 'resource' && t.name === 'Bundle.entry')) checkValue(v, el, path, run);
    path.pop();
  }
  if (counted === 0) add(run, path, 'is empty: FHIR does not allow empty objects (leave the element out instead)');
  for (const r of t.required) {
    let present = false;
    for (const key of r.keys) {
      if ((obj[key] !== undefined && obj[key] !== null) || obj[`_${key}`] !== undefined) {
        present = true;
        break;
      }
    }
    if (!present) add(run, path, 'is required', r.fhirName);
  }
}

function checkResourceAt(r: JsonObject, path: PathSegments, run: Run): void {
  const type = r.resourceType;
  if (typeof type !== 'string') return add(run, path, 'is missing: every resource needs one', 'resourceType');
  const t = resourceTypeInfo(type);
  if (!t) return add(run, path, `"${type.slice(0, 64)}" is not a FHIR R4 resource type`, 'resourceType');
  checkObject(r, t, path, run, true);
}

/** Every structural problem of a parsed resource (empty when it is valid), by FHIR path. */
export function resourceIssues(resource: unknown, options: ValidateOptions = {}): ValidationIssue[] {
  if (!isJsonObject(resource)) return [{ path: '(record)', message: 'must be a JSON object' }];
  const type = resource.resourceType;
  if (typeof type !== 'string') return [{ path: 'resourceType', message: 'is missing: every resource needs one' }];
  const t = resourceTypeInfo(type);
  if (!t) return [{ path: 'resourceType', message: `"${type.slice(0, 64)}" is not a FHIR R4 resource type` }];
  const run: Run = { issues: [], skipEntryResources: options.skipEntryResources ?? false };
  checkObject(resource, t, [type], run, true);
  return run.issues;
}

/** The path of an issue without its leading resource type, for a message that names the resource. */
function shortPath(path: string, type: string): string {
  return path.startsWith(`${type}.`) ? path.slice(type.length + 1) : path;
}

/** Throws 'invalid-input' naming the resource and the path of its first problems. */
export function assertValidResource(resource: unknown): asserts resource is JsonObject {
  const issues = resourceIssues(resource);
  if (issues.length === 0) return;
  const label = resourceLabel(resource);
  const type = isJsonObject(resource) && typeof resource.resourceType === 'string' ? resource.resourceType : '';
  const listed = issues.slice(0, 3).map((i) => `${shortPath(i.path, type)} ${i.message}`).join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  throw new BedsideError('invalid-input', `${label}: ${listed}${more}. The record was not saved.`, { issues });
}
