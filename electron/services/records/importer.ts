/**
 * Imports a file or folder: FHIR Bundles (.json, each in one transaction: whole or nothing),
 * single resources (.json) and bulk NDJSON (.ndjson, written in batches of whole resources).
 * NDJSON files are read Patients first, then shared resources (organisations, practitioners,
 * locations), then encounters, then the rest, so references resolve as they are written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError, isBedsideError } from '../errors';
import { isJsonObject } from '../json';
import type { Db } from './database';
import { addCounts, countWrite, emptyCounts, prepareBundle, writeBundle, type ImportCounts } from './bundleImport';
import { parseJson } from './losslessJson';
import { firstLineType, ndjsonLines } from './ndjsonLines';
import type { ResourceStore } from './resourceStore';
import { translateSqliteError } from './sqliteErrors';

/** What an import did. */
export interface ImportSummary extends ImportCounts {
  files: number;
  resources: number;
  /** References to records not in Bedside (kept as they are), with a few examples. */
  unresolvedCount: number;
  unresolvedExamples: string[];
  cancelled: boolean;
}

/** Hooks the job runner gives an import. */
export interface ImportHooks {
  onProgress?: (fraction: number, message: string) => void;
  isCancelled?: () => boolean;
  /** Resources per transaction for NDJSON (default 5,000). */
  batchSize?: number;
  /** Lets other work run between batches (default: setImmediate). */
  yieldToEventLoop?: () => Promise<void>;
  /**
   * Records one committed batch (a bundle file, or one NDJSON batch with its line range); called
   * inside the batch's transaction, so a batch and its audit row commit together or not at all.
   */
  auditBatch?: (batch: { file: string; counts: ImportCounts; lines?: [number, number] }) => void;
}

const SHARED_TYPES = new Set(['Organization', 'Location', 'Practitioner', 'PractitionerRole', 'Medication', 'Device', 'Substance', 'HealthcareService', 'Endpoint', 'Group']);
const LATE_TYPES = new Set(['DocumentReference', 'DiagnosticReport', 'Provenance', 'Composition', 'Claim', 'ExplanationOfBenefit']);

/** Order of NDJSON files by resource type: Patient, shared, Encounter, clinical, documents. */
export function typeRank(type: string | undefined): number {
  if (type === 'Patient') return 0;
  if (type && SHARED_TYPES.has(type)) return 1;
  if (type === 'Encounter') return 2;
  if (type && LATE_TYPES.has(type)) return 4;
  return 3;
}

interface Source {
  file: string;
  kind: 'ndjson' | 'json';
  bytes: number;
  rank: number;
}

/**
 * The NDJSON files a Bulk Data export folder's `manifest.json` lists under `output` (found in
 * the folder by file name, since the URLs name where the export was written), or undefined when
 * the folder has no manifest. Files under `error` (OperationOutcomes) are not imported.
 */
function bulkManifestFiles(folder: string): string[] | undefined {
  const file = path.join(folder, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new BedsideError('invalid-input', `${file} is not valid JSON, so the Bulk Data export it describes cannot be read. Nothing was imported.`);
  }
  if (!isJsonObject(manifest) || !Array.isArray(manifest.output)) {
    throw new BedsideError('invalid-input', `${file} is not a Bulk Data manifest (it has no "output" list). Nothing was imported.`);
  }
  return manifest.output.map((o, i) => {
    const url = isJsonObject(o) && typeof o.url === 'string' ? o.url : '';
    const name = decodeURIComponent(url.split(/[/\\]/).pop() ?? '');
    const local = path.join(folder, name);
    if (!name || !fs.existsSync(local)) {
      throw new BedsideError('not-found', `manifest.json lists output ${i + 1} (${url.slice(0, 200) || 'no url'}), but ${name || 'that file'} is not in ${folder}. Download every file of the export into the folder. Nothing was imported.`);
    }
    return local;
  });
}

/** Largest .json file read whole (bundles); NDJSON is read line by line and has no total limit. */
export const MAX_JSON_FILE_BYTES = 512 * 1024 * 1024;

/** Where JSON.parse stopped, without the text around it (the file may be anything, e.g. /etc/passwd). */
function parsePosition(e: unknown): string {
  const m = /position (\d+)/.exec(e instanceof Error ? e.message : '');
  return m ? ` (the JSON breaks at byte ${m[1]})` : '';
}

/** The files an import path names, in import order. */
export function importSources(target: string): Source[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new BedsideError('not-found', `There is no file or folder at ${target}. Nothing was imported.`);
  }
  // Regular files only: a device (/dev/zero), a FIFO or a socket would never end.
  if (!stat.isDirectory() && !stat.isFile()) throw new BedsideError('invalid-input', `${target} is not a regular file or folder, so it cannot be imported. Nothing was imported.`);
  const manifest = stat.isDirectory() ? bulkManifestFiles(target) : undefined;
  const files = manifest ?? (stat.isDirectory()
    ? fs.readdirSync(target).filter((n) => /\.(ndjson|jsonl|json)$/i.test(n) && fs.statSync(path.join(target, n)).isFile()).map((n) => path.join(target, n))
    : [target]);
  for (const file of files) {
    const size = fs.statSync(file).size;
    if (!/\.(ndjson|jsonl)$/i.test(file) && size > MAX_JSON_FILE_BYTES) {
      throw new BedsideError('too-large', `${path.basename(file)} is ${Math.round(size / 1024 / 1024)} MB; a .json bundle can be at most ${MAX_JSON_FILE_BYTES / 1024 / 1024} MB (export large data sets as NDJSON). Nothing was imported.`);
    }
  }
  const sources = files.map((file): Source => {
    const kind = /\.(ndjson|jsonl)$/i.test(file) ? 'ndjson' : 'json';
    return { file, kind, bytes: fs.statSync(file).size, rank: kind === 'json' ? -1 : typeRank(firstLineType(file)) };
  });
  if (stat.isDirectory() && sources.length === 0) throw new BedsideError('invalid-input', `The folder ${target} has no .ndjson or .json files. Nothing was imported.`);
  return sources.sort((a, b) => a.rank - b.rank || a.file.localeCompare(b.file));
}

/** Runs imports against one store. */
export class RecordImporter {
  constructor(
    private readonly db: Db,
    private readonly store: ResourceStore,
  ) {}

  /** Imports a Bundle (or single resource) already parsed, in one transaction. */
  importBundleObject(bundle: unknown, label: string, pending?: Set<string>, audit?: (counts: ImportCounts) => void): ImportCounts {
    const wrapped = isJsonObject(bundle) && bundle.resourceType !== 'Bundle' ? { resourceType: 'Bundle', type: 'collection', entry: [{ resource: bundle }] } : bundle;
    const entries = prepareBundle(wrapped, label);
    const sink = new Set<string>();
    const counts = this.db
      .transaction(() => {
        const c = writeBundle(this.store, entries, label, sink);
        // In the same transaction: the bundle and its audit row commit together.
        audit?.(c);
        return c;
      })
      .immediate();
    this.settle(sink, pending);
    return counts;
  }

  /** Moves still-unresolved targets from `sink` into `pending`. */
  private settle(sink: Set<string>, pending?: Set<string>): void {
    for (const t of sink) if (!this.store.resolves(t)) pending?.add(t);
  }

  /** Imports a file or folder. */
  async run(target: string, hooks: ImportHooks = {}): Promise<ImportSummary> {
    const sources = importSources(target);
    const totalBytes = sources.reduce((s, x) => s + x.bytes, 0) || 1;
    const batchSize = hooks.batchSize ?? 5000;
    const yieldNow = hooks.yieldToEventLoop ?? (() => new Promise<void>((r) => setImmediate(r)));
    const counts = emptyCounts();
    const pending = new Set<string>();
    let doneBytes = 0;
    let resources = 0;
    let cancelled = false;
    const progress = (extra: number, message: string): void => hooks.onProgress?.(Math.min(1, (doneBytes + extra) / totalBytes), message);
    const add = (c: ImportCounts): void => addCounts(counts, c);

    for (const source of sources) {
      if (hooks.isCancelled?.()) {
        cancelled = true;
        break;
      }
      const name = path.basename(source.file);
      if (source.kind === 'json') {
        let parsed: unknown;
        try {
          parsed = parseJson(fs.readFileSync(source.file, 'utf8'));
        } catch (e) {
          throw new BedsideError('invalid-input', `${name} is not valid JSON${parsePosition(e)}. Nothing from it was imported.`);
        }
        const c = this.guard(() => this.importBundleObject(parsed, name, pending, hooks.auditBatch ? (counts) => hooks.auditBatch!({ file: name, counts }) : undefined), `importing ${name}`, counts, resources);
        add(c);
        resources += c.created + c.updated + c.unchanged + c.deleted;
        doneBytes += source.bytes;
        progress(0, `Imported ${name}`);
        await yieldNow();
        continue;
      }
      const lines = ndjsonLines(source.file);
      let finished = false;
      while (!finished) {
        if (hooks.isCancelled?.()) {
          cancelled = true;
          break;
        }
        const sink = new Set<string>();
        let bytes = 0;
        let firstLine = 0;
        let lastLine = 0;
        const batch = (): ImportCounts => {
          const c = emptyCounts();
          // Lives as long as this transaction: a rolled-back batch takes its patients with it.
          const knownPatients = new Set<string>();
          const options = { mode: 'import', referenceSink: sink, knownPatients } as const;
          for (let i = 0; i < batchSize; i++) {
            const next = lines.next();
            if (next.done) {
              finished = true;
              break;
            }
            const { lineNumber, text, bytesRead } = next.value;
            bytes = bytesRead;
            if (!firstLine) firstLine = lineNumber;
            lastLine = lineNumber;
            let resource: unknown;
            try {
              resource = parseJson(text);
            } catch {
              throw new BedsideError('invalid-input', `${name} line ${lineNumber} is not valid JSON.`);
            }
            try {
              countWrite(c, this.store.write(resource, options));
            } catch (e) {
              if (isBedsideError(e)) throw new BedsideError(e.code, `${name} line ${lineNumber}: ${e.message}`);
              throw e;
            }
          }
          if (firstLine) hooks.auditBatch?.({ file: name, counts: c, lines: [firstLine, lastLine] });
          return c;
        };
        const c = this.guard(() => this.db.transaction(batch).immediate(), `importing ${name}`, counts, resources);
        add(c);
        resources += c.created + c.updated + c.unchanged + c.deleted;
        this.settle(sink, pending);
        progress(bytes, `Importing ${name}: ${resources.toLocaleString('en')} records so far`);
        await yieldNow();
      }
      if (cancelled) break;
      doneBytes += source.bytes;
    }
    const unresolved = [...pending].filter((t) => !this.store.resolves(t));
    return {
      ...counts,
      files: sources.length,
      resources,
      unresolvedCount: unresolved.length,
      unresolvedExamples: unresolved.slice(0, 10).map((t) => (t.startsWith('?') ? t.slice(1) : t)),
      cancelled,
    };
  }

  /** Runs one transaction; failures say what was kept from earlier batches. */
  private guard<T>(fn: () => T, what: string, counts: ImportCounts, resources: number): T {
    try {
      return fn();
    } catch (e) {
      const err = translateSqliteError(e, what, this.db.name);
      if (!isBedsideError(err)) throw err;
      const said = /Nothing (from|was)/.test(err.message);
      const kept = resources > 0
        ? ` ${resources.toLocaleString('en')} records before it were imported whole (${counts.created} new, ${counts.updated} updated); importing the same files again skips them.`
        : said ? '' : ' Nothing was imported.';
      throw new BedsideError(err.code, `${err.message}${said || resources === 0 ? '' : ' That batch was not imported.'}${kept}`);
    }
  }
}
