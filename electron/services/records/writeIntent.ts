/**
 * What a write to the record store would do, worked out before it is done, so one gate (the
 * write-permission table, installed by the app) can allow or refuse it whichever channel
 * carries it: create, update (content only), status change, or delete of one resource.
 */
import { isJsonObject, type JsonObject } from '../json';

/** The kinds of write the permission table distinguishes. */
export type WriteAction = 'create' | 'update' | 'status' | 'delete';

/** Every write action, in the order the table and its tests list them. */
export const WRITE_ACTIONS: readonly WriteAction[] = ['create', 'update', 'status', 'delete'];

/** One write, as the gate sees it. */
export interface WriteIntent {
  type: string;
  id: string | null;
  action: WriteAction;
  /** The status before (null for a create) and after (null for a delete), as `statusOf` reads it. */
  fromStatus: string | null;
  toStatus: string | null;
  patientId: string | null;
  /** The resource as it will be written (absent for a delete). */
  resource?: JsonObject;
}

/**
 * Allows or refuses a write by throwing a BedsideError. The gate runs inside the write's
 * transaction, before anything is written; the store audits a refusal after rolling back.
 */
export type WriteGate = (actor: string, intent: WriteIntent) => void;

function codeOf(v: unknown): string | null {
  if (!isJsonObject(v) || !Array.isArray(v.coding)) return null;
  const first = v.coding.find((c) => isJsonObject(c) && typeof c.code === 'string');
  return isJsonObject(first) ? String(first.code) : null;
}

/**
 * The status fields of a resource in one string: `status`, the clinical and verification status
 * (AllergyIntolerance, Condition), and for a Patient `active` and merge links (`link` of type
 * replaced-by/replaces), so that deactivating or merging a Patient counts as a status change.
 */
export function statusOf(r: JsonObject): string {
  const parts: string[] = [];
  if (typeof r.status === 'string') parts.push(r.status);
  const clinical = codeOf(r.clinicalStatus);
  if (clinical) parts.push(`clinical:${clinical}`);
  const verification = codeOf(r.verificationStatus);
  if (verification) parts.push(`verification:${verification}`);
  if (r.resourceType === 'Patient') {
    if (r.active === false) parts.push('inactive');
    if (Array.isArray(r.link)) {
      for (const l of r.link) if (isJsonObject(l) && typeof l.type === 'string' && isJsonObject(l.other)) parts.push(`${l.type}:${String(l.other.reference)}`);
    }
  }
  return parts.join(' ');
}

/** The patient a resource belongs to (its own id for a Patient). */
export function patientIdOf(r: JsonObject): string | null {
  if (r.resourceType === 'Patient') return typeof r.id === 'string' ? r.id : null;
  for (const f of ['subject', 'patient'] as const) {
    const v = r[f];
    if (isJsonObject(v) && typeof v.reference === 'string' && v.reference.startsWith('Patient/')) return v.reference.slice(8);
  }
  return null;
}

/** The intent of saving `incoming` over `existing` (undefined: a create). */
export function saveIntent(existing: JsonObject | undefined, incoming: JsonObject): WriteIntent {
  const type = String(incoming.resourceType);
  const id = typeof incoming.id === 'string' ? incoming.id : null;
  const toStatus = statusOf(incoming);
  if (!existing) return { type, id, action: 'create', fromStatus: null, toStatus, patientId: patientIdOf(incoming), resource: incoming };
  const fromStatus = statusOf(existing);
  return { type, id, action: fromStatus === toStatus ? 'update' : 'status', fromStatus, toStatus, patientId: patientIdOf(incoming) ?? patientIdOf(existing), resource: incoming };
}

/** The intent of deleting `existing`. */
export function deleteIntent(existing: JsonObject): WriteIntent {
  return { type: String(existing.resourceType), id: String(existing.id), action: 'delete', fromStatus: statusOf(existing), toStatus: null, patientId: patientIdOf(existing) };
}
