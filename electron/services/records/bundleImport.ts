/**
 * Importing one FHIR Bundle (transaction, batch, collection, searchset or document) as a unit:
 * urn:uuid references are rewritten to the ids the entries get, Patients are written first,
 * and the caller runs it in one transaction, so the bundle lands whole or not at all.
 */
import crypto from 'node:crypto';
import { BedsideError, isBedsideError } from '../errors';
import { isJsonObject, type JsonObject } from '../json';
import { rewriteReferences } from './references';
import type { ResourceStore, WriteResult } from './resourceStore';

/** Counts of what an import did. */
export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Entries left out on purpose (GET/HEAD reads, conditional updates, responses without a resource). */
  skipped: number;
  /** Why entries were skipped (the first few). */
  notes: string[];
}

/** A new zeroed set of counts. */
export function emptyCounts(): ImportCounts {
  return { created: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0, notes: [] };
}

/** Adds `c` into `into`. */
export function addCounts(into: ImportCounts, c: ImportCounts): void {
  into.created += c.created;
  into.updated += c.updated;
  into.unchanged += c.unchanged;
  into.deleted += c.deleted;
  into.skipped += c.skipped;
  for (const n of c.notes) if (into.notes.length < 20) into.notes.push(n);
}

/** Adds one write's outcome to the counts. */
export function countWrite(counts: ImportCounts, r: WriteResult): void {
  counts[r.outcome]++;
}

interface PreparedEntry {
  index: number;
  method: 'PUT' | 'POST' | 'DELETE';
  resource?: JsonObject;
  type: string;
  id: string;
  /** For history bundles: when this version was made (ms), to write versions oldest first. */
  time?: number;
}

/** A prepared bundle: entries in write order, and what was skipped. */
export interface PreparedBundle {
  entries: PreparedEntry[];
  skipped: number;
  notes: string[];
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const BUNDLE_TYPES = new Set(['transaction', 'batch', 'collection', 'searchset', 'document', 'message', 'history', 'batch-response', 'transaction-response']);

/** Checks a bundle's shape and prepares its entries in write order. */
export function prepareBundle(bundle: unknown, label: string): PreparedBundle {
  if (!isJsonObject(bundle) || bundle.resourceType !== 'Bundle') throw new BedsideError('invalid-input', `${label} is not a FHIR Bundle. Nothing was imported.`);
  if (typeof bundle.type !== 'string' || !BUNDLE_TYPES.has(bundle.type)) {
    throw new BedsideError('invalid-input', `${label}: Bundle.type "${String(bundle.type).slice(0, 40)}" cannot be imported (use transaction, batch, collection, history or one of the other R4 bundle types). Nothing was imported.`);
  }
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const urnMap = new Map<string, string>();
  const prepared: PreparedEntry[] = [];
  const history = bundle.type === 'history';
  const notes: string[] = [];
  let skipped = 0;
  const skip = (note: string): void => {
    skipped++;
    if (notes.length < 20) notes.push(note);
  };
  entries.forEach((e, index) => {
    const where = `${label}: entry ${index + 1}`;
    if (!isJsonObject(e)) throw new BedsideError('invalid-input', `${where} is not an object. Nothing was imported.`);
    const request = isJsonObject(e.request) ? e.request : undefined;
    const method = typeof request?.method === 'string' ? request.method.toUpperCase() : undefined;
    const url = typeof request?.url === 'string' ? request.url : '';
    if (method === 'GET' || method === 'HEAD') return skip(`entry ${index + 1}: ${method} ${url.slice(0, 80)} is a read, not a record; skipped`);
    if ((method === 'PUT' || method === 'DELETE' || method === 'PATCH') && url.includes('?')) {
      return skip(`entry ${index + 1}: conditional ${method} ${url.slice(0, 80)} needs a search on a server; skipped`);
    }
    if (method === undefined && !isJsonObject(e.resource) && isJsonObject(e.response)) return skip(`entry ${index + 1}: a response without a resource; skipped`);
    const response = isJsonObject(e.response) ? e.response : undefined;
    const time = history ? Date.parse(String((isJsonObject(e.resource) && isJsonObject(e.resource.meta) ? e.resource.meta.lastUpdated : undefined) ?? response?.lastModified ?? '')) : NaN;
    if (method === 'DELETE') {
      const m = typeof request?.url === 'string' ? /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(request.url) : null;
      if (!m) throw new BedsideError('invalid-input', `${where}: DELETE needs request.url "Type/id". Nothing was imported.`);
      prepared.push({ index, method: 'DELETE', type: m[1]!, id: m[2]!, ...(Number.isNaN(time) ? {} : { time }) });
      return;
    }
    if (method !== undefined && method !== 'PUT' && method !== 'POST') {
      throw new BedsideError('unsupported', `${where}: request method ${method.slice(0, 10)} is not supported in imports (PUT, POST and DELETE are). Nothing was imported.`);
    }
    if (!isJsonObject(e.resource)) throw new BedsideError('invalid-input', `${where} has no resource. Nothing was imported.`);
    const resource: JsonObject = { ...e.resource };
    const type = typeof resource.resourceType === 'string' ? resource.resourceType : '';
    const fullUrl = typeof e.fullUrl === 'string' ? e.fullUrl : undefined;
    // Only a missing id is filled in (from a urn:uuid fullUrl, or a new uuid); an id of the
    // wrong form is never rewritten: the validator refuses it with its path.
    if (resource.id === undefined) {
      const fromUrn = fullUrl?.startsWith('urn:uuid:') ? fullUrl.slice(9) : undefined;
      resource.id = fromUrn && ID.test(fromUrn) ? fromUrn : crypto.randomUUID();
    }
    if (fullUrl && type && typeof resource.id === 'string') urnMap.set(fullUrl, `${type}/${resource.id}`);
    prepared.push({ index, method: method === 'POST' ? 'POST' : 'PUT', resource, type, id: String(resource.id), ...(Number.isNaN(time) ? {} : { time }) });
  });
  for (const p of prepared) if (p.resource) rewriteReferences(p.resource, urnMap);
  if (history) {
    // A history bundle lists versions newest first: write them oldest first, so each later
    // version becomes a new version of the record (deletes in their place in time).
    const when = (p: PreparedEntry): number => p.time ?? -p.index;
    const rank = (p: PreparedEntry): number => (p.type === 'Patient' && p.method !== 'DELETE' ? 0 : 1);
    return { entries: prepared.sort((a, b) => rank(a) - rank(b) || when(a) - when(b) || b.index - a.index), skipped, notes };
  }
  const rank = (p: PreparedEntry): number => (p.method === 'DELETE' ? 2 : p.type === 'Patient' ? 0 : 1);
  return { entries: prepared.sort((a, b) => rank(a) - rank(b) || a.index - b.index), skipped, notes };
}

/** Writes a prepared bundle; call inside one transaction. Errors name the entry. */
export function writeBundle(store: ResourceStore, prepared: PreparedBundle, label: string, referenceSink?: Set<string>): ImportCounts {
  const counts = emptyCounts();
  const entries = prepared.entries;
  counts.skipped = prepared.skipped;
  counts.notes = prepared.notes.map((n) => `${label}, ${n}`);
  // Patients found while writing this bundle; deletes come last, after every write.
  const options = { mode: 'import', referenceSink: referenceSink ?? new Set<string>(), knownPatients: new Set<string>() } as const;
  for (const e of entries) {
    try {
      if (e.method === 'DELETE') {
        if (store.exists(e.type, e.id)) {
          store.delete(e.type, e.id);
          counts.deleted++;
        } else counts.unchanged++;
      } else {
        countWrite(counts, store.write(e.resource, options));
      }
    } catch (err) {
      if (!isBedsideError(err)) throw err;
      throw new BedsideError(err.code, `${label}, entry ${e.index + 1}: ${err.message} Nothing from this bundle was imported.`);
    }
  }
  return counts;
}
