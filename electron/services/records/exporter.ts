/**
 * Export as FHIR: one patient (their chart plus the shared records it references) or everything,
 * as a transaction Bundle (PUT entries with absolute fullUrls, so it re-imports to the same
 * records) or as bulk NDJSON (one file per type, with a Bulk Data `manifest.json`). Decimals keep
 * their original text. Files are written beside the destination and renamed when complete.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BedsideError } from '../errors';
import { isJsonObject, type JsonObject } from '../json';
import type { Db } from './database';
import { stringifyJson } from './losslessJson';
import { collectReferences } from './references';
import type { ResourceStore } from './resourceStore';
import { isR4ResourceType } from './resourceTypes';

/** Export formats. */
export type ExportFormat = 'bundle' | 'ndjson';

/** Filters and addressing of an export. */
export interface ExportOptions {
  /** Only resources whose meta.lastUpdated is at or after this FHIR instant. */
  since?: string;
  /** Only these resource types. */
  types?: readonly string[];
  /** Base URL for fullUrl (`<base>/<Type>/<id>`); without one, fullUrl is a urn:uuid. */
  baseUrl?: string;
}

/** What an export wrote. */
export interface ExportSummary {
  files: string[];
  resources: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Checks the options and turns them into a filter on resources (throws 'invalid-input' naming the bad option). */
export function exportFilter(options: ExportOptions): (r: JsonObject) => boolean {
  let since: number | undefined;
  if (options.since !== undefined) {
    since = Date.parse(options.since);
    if (!INSTANT.test(options.since) || Number.isNaN(since)) {
      throw new BedsideError('invalid-input', `--since "${options.since.slice(0, 40)}" is not a FHIR instant: give a date and time with seconds and a time zone, e.g. 2024-05-01T00:00:00Z. Nothing was exported.`);
    }
  }
  const types = options.types?.length ? new Set(options.types) : undefined;
  for (const t of types ?? []) {
    if (!isR4ResourceType(t)) throw new BedsideError('invalid-input', `--type "${t.slice(0, 40)}" is not a FHIR R4 resource type. Nothing was exported.`);
  }
  return (r) => {
    if (types && !types.has(String(r.resourceType))) return false;
    if (since === undefined) return true;
    const updated = isJsonObject(r.meta) && typeof r.meta.lastUpdated === 'string' ? Date.parse(r.meta.lastUpdated) : NaN;
    return updated >= since;
  };
}

/**
 * The absolute fullUrl of a resource: `<base>/<Type>/<id>` with a base URL, otherwise a
 * `urn:uuid:` — the id itself when it is a UUID, else a name-based UUID (SHA-1, RFC 4122 §4.3)
 * of `Type/id`, so the same record always gets the same fullUrl.
 */
export function fullUrlOf(type: string, id: string, baseUrl?: string): string {
  if (baseUrl) return `${baseUrl.replace(/\/+$/, '')}/${type}/${id}`;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return `urn:uuid:${id}`;
  const h = crypto.createHash('sha1').update(`bedside:${type}/${id}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The resources an export holds: one patient's chart after the shared records it references, or everything. */
export function* resourcesToExport(db: Db, store: ResourceStore, patientId: string | 'all'): Generator<JsonObject> {
  if (patientId === 'all') {
    for (const row of db.prepare<[], { json: string }>('SELECT json FROM resources ORDER BY type, rowid').iterate()) yield store.parseStoredLossless(row.json);
    return;
  }
  if (!store.exists('Patient', patientId)) throw new BedsideError('not-found', `Patient/${patientId} is not in Bedside, so nothing was exported.`);
  const shared = new Set<string>();
  const rows = db.prepare<[string], { json: string }>('SELECT json FROM resources WHERE patient_id = ? ORDER BY type, rowid').all(patientId);
  const chart = rows.map((r) => store.parseStoredLossless(r.json));
  for (const r of chart) for (const ref of collectReferences(r)) shared.add(store.referenceKey(ref.reference));
  const byIdentifier = db.prepare<[string, string, string], { json: string }>(
    'SELECT r.json FROM identifiers i JOIN resources r ON r.rowid = i.resource_rowid WHERE i.type = ? AND i.system = ? AND i.value = ? LIMIT 1',
  );
  const byId = db.prepare<[string, string], { json: string }>('SELECT json FROM resources WHERE type = ? AND id = ? AND patient_id IS NULL');
  const seen = new Set<string>();
  for (const key of [...shared].sort()) {
    const q = key.indexOf('?');
    let row: { json: string } | undefined;
    if (q < 0) {
      const slash = key.indexOf('/');
      row = byId.get(key.slice(0, slash), key.slice(slash + 1));
    } else if (q > 0) {
      const bar = key.indexOf('|', q);
      row = byIdentifier.get(key.slice(0, q), key.slice(q + 1, bar), key.slice(bar + 1));
    }
    if (!row) continue;
    const r = store.parseStoredLossless(row.json);
    const k = `${String(r.resourceType)}/${String(r.id)}`;
    if (!seen.has(k)) {
      seen.add(k);
      yield r;
    }
  }
  yield* chart;
}

/** The resources an export with these filters holds (the options are checked first). */
export function exportedResources(db: Db, store: ResourceStore, patientId: string | 'all', options: ExportOptions = {}): Iterable<JsonObject> {
  const keep = exportFilter(options);
  return (function* () {
    for (const r of resourcesToExport(db, store, patientId)) if (keep(r)) yield r;
  })();
}

/** Writes `file` through a `.partial` file (owner-only), fsynced and renamed when complete. */
export function writeAtomically(file: string, write: (fd: number) => void): void {
  const tmp = `${file}.partial`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    write(fd);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** The Bundle's text in chunks of about 64 KiB (what the file or the encrypting stream is written from). */
export function* bundleChunks(resources: Iterable<JsonObject>, counter: { resources: number }, baseUrl?: string): Generator<string> {
  let buffer = '{"resourceType":"Bundle","type":"transaction","entry":[';
  for (const r of resources) {
    const url = `${String(r.resourceType)}/${String(r.id)}`;
    const fullUrl = fullUrlOf(String(r.resourceType), String(r.id), baseUrl);
    buffer += `${counter.resources ? ',' : ''}\n{"fullUrl":${JSON.stringify(fullUrl)},"resource":${stringifyJson(r)},"request":${JSON.stringify({ method: 'PUT', url })}}`;
    counter.resources++;
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n]}\n`;
}

/** Writes one patient's (or every) record as a transaction Bundle to exactly `file` (made whole, then renamed). */
export function exportBundleFile(db: Db, store: ResourceStore, patientId: string | 'all', file: string, options: ExportOptions = {}): ExportSummary {
  const counter = { resources: 0 };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, (fd) => {
    for (const chunk of bundleChunks(exportedResources(db, store, patientId, options), counter, options.baseUrl)) fs.writeSync(fd, chunk);
  });
  return { files: [file], resources: counter.resources };
}

/** Writes the export; `dest` is a .json file for a bundle, a folder for NDJSON. */
export function exportRecords(db: Db, store: ResourceStore, patientId: string | 'all', dest: string, format: ExportFormat, options: ExportOptions = {}): ExportSummary {
  const resources = exportedResources(db, store, patientId, options);
  const transactionTime = new Date().toISOString();
  if (format === 'bundle') {
    const file = dest.toLowerCase().endsWith('.json') ? dest : path.join(dest, `bedside-${patientId === 'all' ? 'all' : `patient-${patientId}`}.json`);
    return exportBundleFile(db, store, patientId, file, options);
  }
  fs.mkdirSync(dest, { recursive: true });
  const open = new Map<string, { fd: number; tmp: string; file: string; count: number }>();
  let n = 0;
  try {
    for (const r of resources) {
      const type = String(r.resourceType);
      let f = open.get(type);
      if (!f) {
        const file = path.join(dest, `${type}.ndjson`);
        f = { fd: fs.openSync(`${file}.partial`, 'w', 0o600), tmp: `${file}.partial`, file, count: 0 };
        open.set(type, f);
      }
      fs.writeSync(f.fd, stringifyJson(r) + '\n');
      f.count++;
      n++;
    }
    for (const f of open.values()) fs.fsyncSync(f.fd);
  } finally {
    for (const f of open.values()) fs.closeSync(f.fd);
  }
  for (const f of open.values()) fs.renameSync(f.tmp, f.file);
  // The Bulk Data manifest (FHIR Bulk Data Access 2.0, "Response - Complete Status"), written
  // last: a folder with a manifest is a finished export.
  const files = [...open.entries()].sort(([a], [b]) => a.localeCompare(b));
  const manifest = {
    transactionTime,
    request: `Bedside export ${patientId === 'all' ? 'all' : `Patient/${patientId}`}${options.types?.length ? ` _type=${options.types.join(',')}` : ''}${options.since ? ` _since=${options.since}` : ''}`,
    requiresAccessToken: false,
    output: files.map(([type, f]) => ({ type, url: options.baseUrl ? `${options.baseUrl.replace(/\/+$/, '')}/${path.basename(f.file)}` : pathToFileURL(f.file).href, count: f.count })),
    error: [],
  };
  const manifestFile = path.join(dest, 'manifest.json');
  writeAtomically(manifestFile, (fd) => fs.writeSync(fd, `${JSON.stringify(manifest, null, 2)}\n`));
  return { files: [...files.map(([, f]) => f.file), manifestFile], resources: n };
}
