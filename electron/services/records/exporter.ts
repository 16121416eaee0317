/**
 * Export as FHIR: one patient (their chart plus the shared records it references) or everything,
 * as a transaction Bundle (PUT entries, so it re-imports to the same records) or as bulk NDJSON
 * (one file per type). Files are written beside the destination and renamed when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../errors';
import type { JsonObject } from '../json';
import type { Db } from './database';
import { collectReferences } from './references';
import type { ResourceStore } from './resourceStore';

/** Export formats. */
export type ExportFormat = 'bundle' | 'ndjson';

/** What an export wrote. */
export interface ExportSummary {
  files: string[];
  resources: number;
}

/** The resources an export holds: one patient's chart after the shared records it references, or everything. */
export function* resourcesToExport(db: Db, store: ResourceStore, patientId: string | 'all'): Generator<JsonObject> {
  if (patientId === 'all') {
    for (const row of db.prepare<[], { json: string }>('SELECT json FROM resources ORDER BY type, rowid').iterate()) yield store.parseStored(row.json);
    return;
  }
  if (!store.exists('Patient', patientId)) throw new BedsideError('not-found', `Patient/${patientId} is not in Bedside, so nothing was exported.`);
  const shared = new Set<string>();
  const rows = db.prepare<[string], { json: string }>('SELECT json FROM resources WHERE patient_id = ? ORDER BY type, rowid').all(patientId);
  const chart = rows.map((r) => store.parseStored(r.json));
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
    const r = store.parseStored(row.json);
    const k = `${String(r.resourceType)}/${String(r.id)}`;
    if (!seen.has(k)) {
      seen.add(k);
      yield r;
    }
  }
  yield* chart;
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
export function* bundleChunks(resources: Iterable<JsonObject>, counter: { resources: number }): Generator<string> {
  let buffer = '{"resourceType":"Bundle","type":"transaction","entry":[';
  for (const r of resources) {
    const url = `${String(r.resourceType)}/${String(r.id)}`;
    buffer += `${counter.resources ? ',' : ''}\n${JSON.stringify({ fullUrl: url, resource: r, request: { method: 'PUT', url } })}`;
    counter.resources++;
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}\n]}\n`;
}

/** Writes one patient's (or every) record as a transaction Bundle to exactly `file` (made whole, then renamed). */
export function exportBundleFile(db: Db, store: ResourceStore, patientId: string | 'all', file: string): ExportSummary {
  const counter = { resources: 0 };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeAtomically(file, (fd) => {
    for (const chunk of bundleChunks(resourcesToExport(db, store, patientId), counter)) fs.writeSync(fd, chunk);
  });
  return { files: [file], resources: counter.resources };
}

/** Writes the export; `dest` is a .json file for a bundle, a folder for NDJSON. */
export function exportRecords(db: Db, store: ResourceStore, patientId: string | 'all', dest: string, format: ExportFormat): ExportSummary {
  const resources = resourcesToExport(db, store, patientId);
  if (format === 'bundle') {
    const file = dest.toLowerCase().endsWith('.json') ? dest : path.join(dest, `bedside-${patientId === 'all' ? 'all' : `patient-${patientId}`}.json`);
    return exportBundleFile(db, store, patientId, file);
  }
  fs.mkdirSync(dest, { recursive: true });
  const open = new Map<string, { fd: number; tmp: string; file: string }>();
  let n = 0;
  try {
    for (const r of resources) {
      const type = String(r.resourceType);
      let f = open.get(type);
      if (!f) {
        const file = path.join(dest, `${type}.ndjson`);
        f = { fd: fs.openSync(`${file}.partial`, 'w', 0o600), tmp: `${file}.partial`, file };
        open.set(type, f);
      }
      fs.writeSync(f.fd, JSON.stringify(r) + '\n');
      n++;
    }
    for (const f of open.values()) fs.fsyncSync(f.fd);
  } finally {
    for (const f of open.values()) fs.closeSync(f.fd);
  }
  for (const f of open.values()) fs.renameSync(f.tmp, f.file);
  return { files: [...open.values()].map((f) => f.file).sort(), resources: n };
}
