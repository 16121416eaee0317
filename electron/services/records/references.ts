/**
 * References inside a resource: which Patient it belongs to (subject/patient) and every other
 * reference, so integrity can be checked (Patient required) and reported (the rest).
 */
import { isJsonObject, type Json, type JsonObject } from '../json';

/** Top-level fields that put a resource in a patient's chart when they reference a Patient. */
export const PATIENT_FIELDS = ['subject', 'patient', 'beneficiary'] as const;

/** Each `reference` string in the resource, with its path. */
export function collectReferences(resource: JsonObject): { path: string; reference: string }[] {
  const out: { path: string; reference: string }[] = [];
  const walk = (v: Json, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (isJsonObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string') out.push({ path: path ? `${path}.reference` : 'reference', reference: x });
        else if (k !== 'contained') walk(x, path ? `${path}.${k}` : k);
      }
    }
  };
  walk(resource, '');
  return out;
}

/** Each `reference` string in the resource, in the order collectReferences gives (without paths). */
export function referencesOf(resource: JsonObject): string[] {
  const out: string[] = [];
  const walk = (v: Json): void => {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (i in v) walk(v[i]!);
    } else if (isJsonObject(v)) {
      for (const k of Object.keys(v)) {
        const x = v[k]!;
        if (k === 'reference' && typeof x === 'string') out.push(x);
        else if (k !== 'contained') walk(x);
      }
    }
  };
  walk(resource);
  return out;
}

/** The Patient id a reference string points to (`Patient/abc`, or its full URL form), if it does. */
export function patientIdFromReference(reference: string): string | undefined {
  const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return m?.[1];
}

/** The field naming the patient and the patient id it references, if the resource has one. */
export function patientReferenceOf(resource: JsonObject): { field: string; reference: string; patientId: string | undefined } | undefined {
  for (const field of PATIENT_FIELDS) {
    const v = resource[field];
    const ref = isJsonObject(v) && typeof v.reference === 'string' ? v.reference : undefined;
    if (ref === undefined) continue;
    if (ref.startsWith('Patient') || ref.includes('/Patient/')) return { field, reference: ref, patientId: patientIdFromReference(ref) };
  }
  return undefined;
}

/** Normalises a literal reference to `Type/id` (dropping a base URL and `_history`); undefined if not literal. */
export function literalTarget(reference: string): string | undefined {
  if (reference.startsWith('#') || reference.includes('?')) return undefined;
  const m = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** Rewrites references through `map` (urn:uuid → Type/id), in place. */
export function rewriteReferences(resource: JsonObject, map: ReadonlyMap<string, string>): void {
  if (map.size === 0) return;
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isJsonObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string') {
          const to = map.get(x);
          if (to) v[k] = to;
        } else walk(x);
      }
    }
  };
  walk(resource);
}
