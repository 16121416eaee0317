/**
 * RecordsService: the encrypted patient record store as a running service. It owns the key,
 * the connection, migrations, import jobs, backups and the audit trail; every method that reads
 * or changes a chart takes the acting user (`actor`) and records it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { EmitEvent } from '../../contract/events';
import type { Service } from '../container';
import { BedsideError, isBedsideError } from '../errors';
import path from 'node:path';
import { AuditLog, setAuditKey, type AuditAction, type AuditVerification } from './auditLog';
import { CHECKPOINT_SUFFIX, checkpointSignatureValid, publicKeyOf, readCheckpoints, writeCheckpoint } from './auditCheckpoint';
import { checkBackup, pruneBackups, replaceDatabaseFile, writeBackup, type BackupSummary } from './backups';
import { isJsonObject, type JsonObject } from '../json';
import { openEncryptedDatabase, type Db } from './database';
import { generateDemoClinic, generatePatient, type DemoPatient } from './demoClinic';
import { exportBundleFile, exportRecords, type ExportFormat, type ExportOptions, type ExportSummary } from './exporter';
import { exportEncryptedBundle } from './encryptedExport';
import { RecordImporter, type ImportSummary } from './importer';
import { FileKeyStore, generateDatabaseKey, type KeyStore } from './keyStore';
import { migrate } from './migrate';
import { RecordQueries, type ChartPage, type NoteHit, type PatientSummary } from './recordQueries';
import { ResourceStore, type StoredVersion, type WriteResult } from './resourceStore';
import { translateSqliteError } from './sqliteErrors';
import { checkSignedNote } from './signedNotes';
import { dayList, type DayVisit } from './dayList';
import { deleteIntent, patientIdOf, saveIntent, type WriteGate, type WriteIntent } from './writeIntent';

export interface RecordsServiceOptions {
  databaseFile: string;
  backupsDir: string;
  keyStore: KeyStore;
  /** Pushes job progress to windows ('jobs.progress'). */
  emit?: EmitEvent;
  now?: () => Date;
  log?: (message: string, error?: unknown) => void;
  /**
   * Allows or refuses each save and delete (the app installs the write-permission table here,
   * so every channel that writes is checked the same way). Without one, every write is allowed
   * (the admin command line and tests that build the store directly).
   */
  writeGate?: WriteGate;
  /** The audit MAC key (not the database key): the OS keychain on the desktop; default `bedside.audit.key` (0600) beside the database. */
  auditKeyStore?: KeyStore;
  /** The Ed25519 seed that signs audit checkpoints; default `bedside.audit-signing.key` (0600) beside the database. */
  auditSigningKeyStore?: KeyStore;
  /** Where `admin audit-checkpoint` and each backup leave a signed checkpoint; default `audit-checkpoints/` beside the database. */
  checkpointsDir?: string;
  /** scrypt cost (log2 N) of encrypted exports; default age's own (18). Tests lower it. */
  exportScryptLogN?: number;
}

/** The state of a background job. */
export interface JobStatus {
  jobId: string;
  kind: 'records.import';
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  fraction: number | null;
  message: string;
  summary: ImportSummary | null;
}

interface Job extends JobStatus {
  cancelRequested: boolean;
  finished: Promise<void>;
}

/** The open database and the objects built on it. */
interface OpenStore {
  db: Db;
  store: ResourceStore;
  queries: RecordQueries;
  audit: AuditLog;
  importer: RecordImporter;
}

/** Loads a 32-byte key from a store, or creates and saves one at first use. */
function loadOrCreateKey(store: KeyStore): Buffer {
  const existing = store.load();
  if (existing) return existing;
  const key = generateDatabaseKey();
  store.save(key);
  return key;
}

/** Encrypted FHIR R4 record store (see docs/records.md). */
export class RecordsService implements Service {
  private open: OpenStore | null = null;
  private key: Buffer | null = null;
  private auditKey: Buffer | null = null;
  private signingSeed: Buffer | null = null;
  private readonly jobs = new Map<string, Job>();
  private backupTimer: NodeJS.Timeout | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: RecordsServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Loads (or at first run creates) the key, opens the database and migrates it. */
  boot(): void {
    const file = this.options.databaseFile;
    let key = this.options.keyStore.load();
    if (!key) {
      if (fs.existsSync(file) && fs.statSync(file).size > 0) {
        throw new BedsideError('wrong-key', `The patient records in ${file} exist but this computer has no key to unlock them, so they were not opened. Nothing was changed. Copy the key from the computer that created them, or restore a backup made on this computer.`);
      }
      key = generateDatabaseKey();
      this.options.keyStore.save(key);
    }
    this.key = key;
    const dir = path.dirname(file);
    this.auditKey = loadOrCreateKey(this.options.auditKeyStore ?? new FileKeyStore(path.join(dir, 'bedside.audit.key')));
    this.signingSeed = loadOrCreateKey(this.options.auditSigningKeyStore ?? new FileKeyStore(path.join(dir, 'bedside.audit-signing.key')));
    this.openDatabase();
  }

  private get checkpointsDir(): string {
    return this.options.checkpointsDir ?? path.join(path.dirname(this.options.databaseFile), 'audit-checkpoints');
  }

  private openDatabase(): void {
    const file = this.options.databaseFile;
    const db = openEncryptedDatabase(file, this.key!);
    try {
      migrate(db, file);
    } catch (e) {
      db.close();
      throw translateSqliteError(e, 'updating the record database', file);
    }
    const store = new ResourceStore(db, this.now);
    setAuditKey(db, this.auditKey!);
    const audit = new AuditLog(db, this.now);
    this.open = { db, store, queries: new RecordQueries(db, store), audit, importer: new RecordImporter(db, store) };
    // A chain begun before the audit key (migration 0050): seal its head now, so every later row is keyed.
    const head = db.prepare<[], { seq: number; hash: string; keyed: number }>('SELECT seq, hash, keyed FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    if (head && head.keyed !== 1) {
      this.guard('sealing the audit trail', () => audit.append({ actor: 'system:records', action: 'audit-key', detail: `audit key in use from here on; the ${head.seq} earlier entries are bound by their head link ${head.hash}` }));
    }
  }

  /** Cancels jobs, stops scheduled backups and closes the database. */
  async shutdown(): Promise<void> {
    this.stopScheduledBackups();
    for (const job of this.jobs.values()) job.cancelRequested = true;
    await Promise.allSettled([...this.jobs.values()].map((j) => j.finished));
    this.open?.db.close();
    this.open = null;
  }

  private get s(): OpenStore {
    if (!this.open) throw new BedsideError('unavailable', 'The patient records are not open (Bedside is starting, stopping or restoring a backup). Try again in a moment.');
    return this.open;
  }

  /** Runs `fn`, turning SQLite failures into clinician-readable errors. */
  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw translateSqliteError(e, what, this.options.databaseFile);
    }
  }

  /** Like guard, and audits a write the gate refused once its transaction has rolled back. */
  private guardWrite<T>(actor: string, refused: { intent?: WriteIntent; error?: unknown }, what: string, fn: () => T): T {
    try {
      return this.guard(what, fn);
    } catch (e) {
      this.auditRefusal(actor, refused);
      throw e;
    }
  }

  /** Whether the service is open, for the app's health check. */
  health(): { ok: boolean; message: string } {
    if (!this.open) return { ok: false, message: 'The patient records are not open.' };
    const c = this.counts();
    return { ok: true, message: `Patient records open: ${c.patients} patients, ${c.resources} records.` };
  }

  /** How many records, patients and notes are stored. */
  counts(): { resources: number; patients: number; notes: number } {
    const db = this.s.db;
    const one = (sql: string): number => Number(db.prepare(sql).pluck().get());
    return {
      resources: one('SELECT count(*) FROM resources'),
      patients: one("SELECT count(*) FROM resources WHERE type = 'Patient'"),
      notes: one('SELECT count(*) FROM notes_fts'),
    };
  }

  /** True when no records are stored (the app shell may then offer the demo clinic). */
  isEmpty(): boolean {
    return this.s.db.prepare('SELECT 1 FROM resources LIMIT 1').get() === undefined;
  }

  /** Records a sign-in (accounts come later; the shell calls this). */
  recordLogin(actor: string): void {
    this.guard('recording the sign-in', () => this.s.audit.append({ actor, action: 'login' }));
  }

  /** Patients matching a name, MRN or birth date prefix. Not audited (it runs as one types). */
  searchPatients(_actor: string, query: string, limit = 20): PatientSummary[] {
    return this.guard('searching patients', () => this.s.queries.searchPatients(query, limit));
  }

  /** The day list: visits open at some time in [from, to) and every open visit, with their patients. */
  dayList(from: string, to: string, limit = 200): DayVisit[] {
    return this.guard('listing the day\'s visits', () => dayList(this.s.db, from, to, limit));
  }

  /** One page of a patient's chart, newest first; audited as a chart read. */
  chart(actor: string, patientId: string, options: { cursor?: string; limit?: number } = {}): ChartPage {
    return this.guard(`opening the chart of Patient/${patientId}`, () => {
      if (!this.s.store.exists('Patient', patientId)) throw new BedsideError('not-found', `Patient/${patientId} is not in Bedside (it may have been deleted). Search for the patient again.`);
      const page = this.s.queries.chart(patientId, options.cursor, options.limit ?? 100);
      this.s.audit.append({ actor, action: 'chart-read', patientId, target: `Patient/${patientId}`, detail: `${page.resources.length} records${options.cursor ? ' (next page)' : ''}` });
      return page;
    });
  }

  /** One resource (current version); audited. */
  getResource(actor: string, type: string, id: string): JsonObject {
    return this.guard(`reading ${type}/${id}`, () => {
      const r = this.s.store.get(type, id);
      if (!r) throw new BedsideError('not-found', `${type}/${id} is not in Bedside (it may have been deleted).`);
      this.s.audit.append({ actor, action: 'resource-read', patientId: this.patientOf(r), target: `${type}/${id}` });
      return r;
    });
  }

  /** Every version of a resource, newest first. */
  history(actor: string, type: string, id: string): StoredVersion[] {
    return this.guard(`reading the history of ${type}/${id}`, () => {
      const h = this.s.store.history(type, id);
      if (h.length) this.s.audit.append({ actor, action: 'resource-read', target: `${type}/${id}`, detail: 'history' });
      return h;
    });
  }

  private patientOf(r: JsonObject): string | null {
    return patientIdOf(r);
  }

  /** The stored JSON of a resource (binaries left as markers), for the write gate; undefined when absent. */
  private storedForGate(type: string, id: string): JsonObject | undefined {
    const json = this.s.db.prepare<[string, string], string>('SELECT json FROM resources WHERE type = ? AND id = ?').pluck().get(type, id);
    return json === undefined ? undefined : (JSON.parse(json) as JsonObject);
  }

  /** Runs the write gate (if any); a refusal is remembered so it can be audited after the rollback. */
  private gate(actor: string, intent: () => WriteIntent, refused: { intent?: WriteIntent; error?: unknown }): void {
    if (!this.options.writeGate) return;
    const i = intent();
    try {
      this.options.writeGate(actor, i);
    } catch (e) {
      refused.intent = i;
      refused.error = e;
      throw e;
    }
  }

  /** Audits a write the gate refused (the write's transaction has rolled back, so this row stands). */
  private auditRefusal(actor: string, refused: { intent?: WriteIntent; error?: unknown }): void {
    if (!refused.intent) return;
    const { type, id, action, fromStatus, toStatus, patientId } = refused.intent;
    const code = isBedsideError(refused.error) ? refused.error.code : 'error';
    try {
      this.s.audit.append({ actor, action: 'access-denied', patientId, target: `${type}/${id ?? '(new)'}`, detail: `${code}: ${action}${action === 'status' ? ` ${fromStatus || '(none)'} -> ${toStatus || '(none)'}` : ''}` });
    } catch (e) {
      this.options.log?.('Could not audit a refused write', e);
    }
  }

  /** Creates or updates a resource; a stale `expectedVersionId` is a 'conflict'. */
  saveResource(actor: string, resource: unknown, expectedVersionId?: string): WriteResult {
    const refused: { intent?: WriteIntent; error?: unknown } = {};
    return this.guardWrite(actor, refused, `saving ${isJsonObject(resource) ? String(resource.resourceType) : 'the record'}`, () =>
      this.s.db.transaction(() => {
        if (isJsonObject(resource) && typeof resource.resourceType === 'string') {
          const existing = typeof resource.id === 'string' ? this.storedForGate(resource.resourceType, resource.id) : undefined;
          this.gate(actor, () => saveIntent(existing, resource), refused);
          checkSignedNote(actor, existing, resource);
        }
        const r = this.s.store.write(resource, { mode: 'save', ...(expectedVersionId !== undefined ? { expectedVersionId } : {}) });
        if (r.outcome !== 'unchanged') {
          this.s.audit.append({ actor, action: r.outcome === 'created' ? 'resource-create' : 'resource-update', patientId: this.patientOf(resource as JsonObject), target: `${r.type}/${r.id}`, detail: `version ${r.versionId}` });
        }
        return r;
      }).immediate(),
    );
  }

  /**
   * Creates or updates several resources in one transaction: each passes the write gate and is
   * audited (with its `detail`), and either all are written or none is (a medication change or
   * a reconciliation). `audit` adds one more row inside the same transaction.
   */
  saveResources(
    actor: string,
    writes: readonly { resource: JsonObject; expectedVersionId?: string; detail?: string }[],
    audit?: { action: string; patientId: string; target: string; detail: string },
  ): WriteResult[] {
    const refused: { intent?: WriteIntent; error?: unknown } = {};
    return this.guardWrite(actor, refused, 'saving the medication changes', () =>
      this.s.db.transaction(() => {
        const results = writes.map(({ resource, expectedVersionId, detail }) => {
          const existing = typeof resource.id === 'string' ? this.storedForGate(String(resource.resourceType), resource.id) : undefined;
          this.gate(actor, () => saveIntent(existing, resource), refused);
          const r = this.s.store.write(resource, { mode: 'save', ...(expectedVersionId !== undefined ? { expectedVersionId } : {}) });
          if (r.outcome !== 'unchanged') {
            this.s.audit.append({ actor, action: r.outcome === 'created' ? 'resource-create' : 'resource-update', patientId: this.patientOf(resource), target: `${r.type}/${r.id}`, detail: [`version ${r.versionId}`, detail].filter(Boolean).join('; ').slice(0, 2000) });
          }
          return r;
        });
        if (audit) this.s.audit.append({ actor, action: audit.action as AuditAction, patientId: audit.patientId, target: audit.target, detail: audit.detail.slice(0, 2000) });
        return results;
      }).immediate(),
    );
  }

  /** Deletes a resource (its versions stay in history). */
  deleteResource(actor: string, type: string, id: string, expectedVersionId?: string): { versionId: string } {
    const refused: { intent?: WriteIntent; error?: unknown } = {};
    return this.guardWrite(actor, refused, `deleting ${type}/${id}`, () =>
      this.s.db.transaction(() => {
        const stored = this.storedForGate(type, id);
        if (stored) this.gate(actor, () => deleteIntent(stored), refused);
        const r = this.s.store.delete(type, id, expectedVersionId);
        this.s.audit.append({ actor, action: 'resource-delete', patientId: stored ? this.patientOf(stored) : null, target: `${type}/${id}` });
        return r;
      }).immediate(),
    );
  }

  /** Notes whose text matches every typed term; audited (note text is sensitive). */
  searchNotes(actor: string, query: string, options: { patientId?: string; limit?: number } = {}): NoteHit[] {
    return this.guard('searching notes', () => {
      const hits = this.s.queries.searchNotes(query, options.patientId, options.limit ?? 50);
      this.s.audit.append({ actor, action: 'note-search', patientId: options.patientId ?? null, detail: `"${query.slice(0, 100)}": ${hits.length} notes` });
      return hits;
    });
  }

  /** Imports one Bundle (or single resource) object in one transaction. */
  importBundle(actor: string, bundle: unknown, label = 'The bundle'): ImportSummary {
    const pending = new Set<string>();
    // The audit row is written inside the bundle's transaction: both commit, or neither.
    const counts = this.guard(`importing ${label}`, () =>
      this.s.importer.importBundleObject(bundle, label, pending, (c) => this.s.audit.append({ actor, action: 'import', target: label, detail: `${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted` })),
    );
    const unresolved = [...pending];
    return { ...counts, files: 1, resources: counts.created + counts.updated + counts.unchanged + counts.deleted, unresolvedCount: unresolved.length, unresolvedExamples: unresolved.slice(0, 10), cancelled: false };
  }

  /** Imports a file or folder now (admin command, tests); progress through `onProgress`. */
  async runImport(actor: string, path: string, onProgress?: (fraction: number, message: string) => void, isCancelled?: () => boolean, label = path, batchSize?: number): Promise<ImportSummary> {
    const s = this.s;
    try {
      // One audit row per committed batch, inside the batch's transaction; then a summary row.
      const auditBatch = ({ file, counts: c, lines }: { file: string; counts: { created: number; updated: number; unchanged: number; deleted: number }; lines?: [number, number] }): void =>
        s.audit.append({ actor, action: 'import', target: `${label}: ${file}`.slice(0, 1000), detail: `batch${lines ? ` (lines ${lines[0]}-${lines[1]})` : ''}: ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deleted} deleted` });
      const summary = await s.importer.run(path, { ...(onProgress ? { onProgress } : {}), ...(isCancelled ? { isCancelled } : {}), ...(batchSize ? { batchSize } : {}), auditBatch });
      s.audit.append({ actor, action: 'import', target: label, detail: `finished: ${summary.created} new, ${summary.updated} updated, ${summary.unchanged} unchanged${summary.cancelled ? ', cancelled' : ''}; ${summary.unresolvedCount} unresolved references` });
      return summary;
    } catch (e) {
      if (this.open === s) s.audit.append({ actor, action: 'import', target: label, detail: `failed: ${(e as Error).message.slice(0, 300)}` });
      throw e;
    }
  }

  /** Starts an import in the background; progress arrives as 'jobs.progress' events. */
  startImport(actor: string, path: string, options: { label?: string; onFinished?: () => void } = {}): { jobId: string } {
    void this.s; // fail now, not in the job, when the store is closed
    const label = options.label ?? path;
    const jobId = crypto.randomUUID();
    const job: Job = { jobId, kind: 'records.import', state: 'queued', fraction: 0, message: `Import of ${label} is waiting to start`, summary: null, cancelRequested: false, finished: Promise.resolve() };
    this.jobs.set(jobId, job);
    const update = (patch: Partial<JobStatus>): void => {
      Object.assign(job, patch);
      this.options.emit?.('jobs.progress', { jobId, kind: job.kind, fraction: job.fraction, message: job.message, state: job.state });
    };
    update({});
    let lastEmit = 0;
    job.finished = (async () => {
      await new Promise<void>((r) => setImmediate(r));
      update({ state: 'running', message: `Importing ${label}` });
      try {
        const summary = await this.runImport(actor, path, (fraction, message) => {
          job.fraction = fraction;
          job.message = message;
          if (Date.now() - lastEmit > 200) {
            lastEmit = Date.now();
            update({});
          }
        }, () => job.cancelRequested, label);
        const what = `${summary.created} new, ${summary.updated} updated, ${summary.unchanged} already present`;
        if (summary.cancelled) update({ state: 'cancelled', summary, message: `Import cancelled. Records imported before the cancel are complete (${what}); importing again continues where it stopped.` });
        else update({ state: 'done', fraction: 1, summary, message: `Import finished: ${what}.${summary.unresolvedCount ? ` ${summary.unresolvedCount} references point to records not in Bedside (kept as they are).` : ''}` });
      } catch (e) {
        this.options.log?.(`Import ${jobId} failed`, e);
        update({ state: 'failed', message: isBedsideError(e) ? e.message : 'The import failed because of an error inside Bedside. Records imported before it are complete; details are in the log.' });
      } finally {
        options.onFinished?.();
      }
    })();
    return { jobId };
  }

  /** Asks a job to stop after the batch it is writing. */
  cancelJob(jobId: string): { cancelled: boolean } {
    const job = this.jobs.get(jobId);
    if (!job) throw new BedsideError('not-found', 'There is no such import job (it may have finished before Bedside restarted).');
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') return { cancelled: false };
    job.cancelRequested = true;
    return { cancelled: true };
  }

  /** The state of a job. */
  jobStatus(jobId: string): JobStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new BedsideError('not-found', 'There is no such import job (it may have finished before Bedside restarted).');
    const { jobId: id, kind, state, fraction, message, summary } = job;
    return { jobId: id, kind, state, fraction, message, summary };
  }

  /** Waits until a job has finished (tests, the admin command line). */
  async waitForJob(jobId: string): Promise<JobStatus> {
    await this.jobs.get(jobId)?.finished;
    return this.jobStatus(jobId);
  }

  /** Exports one patient or everything as a Bundle file or NDJSON folder at a path the admin command line was given; audited. */
  exportRecords(actor: string, patientId: string | 'all', dest: string, format: ExportFormat, options: ExportOptions = {}): ExportSummary {
    try {
      const summary = this.guard('the export', () => exportRecords(this.s.db, this.s.store, patientId, dest, format, options));
      this.auditExport(actor, patientId, format, false, `written to ${summary.files.join(', ')}`.slice(0, 1000), summary.resources);
      return summary;
    } catch (e) {
      this.auditExport(actor, patientId, format, false, 'failed', null, e);
      throw e;
    }
  }

  /**
   * Exports to exactly `target` (a Bundle file, or an NDJSON folder), encrypted with `passphrase`
   * when one is given (age format; Bundle only). `delivery` says where it goes for the audit
   * trail ("saved on this computer", "download"). Every export, and every failed one, is audited
   * with its scope.
   */
  async exportTo(actor: string, patientId: string | 'all', target: string, format: ExportFormat, options: { passphrase?: string; delivery: string; scryptLogN?: number }): Promise<ExportSummary> {
    const encrypted = options.passphrase !== undefined;
    try {
      if (encrypted && format !== 'bundle') throw new BedsideError('invalid-input', 'Encrypted exports are single FHIR Bundle files; choose the Bundle format (or export NDJSON unencrypted). Nothing was exported.');
      const s = this.s;
      const summary = encrypted
        ? await exportEncryptedBundle(s.db, s.store, patientId, target, options.passphrase!, options.scryptLogN ?? this.options.exportScryptLogN).catch((e: unknown) => {
            throw translateSqliteError(e, 'the export', target);
          })
        : this.guard('the export', () => (format === 'bundle' ? exportBundleFile(s.db, s.store, patientId, target) : exportRecords(s.db, s.store, patientId, target, format)));
      this.auditExport(actor, patientId, format, encrypted, options.delivery, summary.resources);
      return summary;
    } catch (e) {
      this.auditExport(actor, patientId, format, encrypted, `${options.delivery}, failed`, null, e);
      throw e;
    }
  }

  /** One audit row per export: who, which patient (or all), how many records, the format, encrypted or not, and where it went. */
  private auditExport(actor: string, patientId: string | 'all', format: ExportFormat, encrypted: boolean, delivery: string, resources: number | null, error?: unknown): void {
    if (!this.open) return;
    const scope = patientId === 'all' ? 'scope: every patient' : `scope: Patient/${patientId} (chart and the shared records it references)`;
    const what = resources === null ? `not exported (${isBedsideError(error) ? error.code : 'error'})` : `${resources} records`;
    this.s.audit.append({ actor, action: 'export', patientId: patientId === 'all' ? null : patientId, target: patientId === 'all' ? 'all patients' : `Patient/${patientId}`, detail: `${what} as ${format}, ${encrypted ? 'encrypted (age, passphrase)' : 'not encrypted'}; ${scope}; ${delivery}`.slice(0, 2000) });
  }

  /** Writes a verified encrypted backup into `dest` (default: the data folder's backups). */
  backup(actor: string, dest?: string): BackupSummary {
    // The head the backup holds: signed beside it and among the checkpoints, once the backup is verified.
    const head = this.s.audit.head();
    const summary = writeBackup(this.s.db, this.key!, dest ?? this.options.backupsDir, this.now());
    if (head) {
      const body = { seq: head.seq, hash: head.hash, at: this.now().toISOString(), reason: `backup ${path.basename(summary.file)}` };
      writeCheckpoint(`${summary.file}${CHECKPOINT_SUFFIX}`, body, this.signingSeed!);
      writeCheckpoint(path.join(this.checkpointsDir, `${path.basename(summary.file, '.db')}${CHECKPOINT_SUFFIX}`), body, this.signingSeed!);
    }
    this.s.audit.append({ actor, action: 'backup', target: summary.file, detail: `${summary.resources} records, ${summary.bytes} bytes, verified` });
    return summary;
  }

  /** Backs up every `intervalMs`, keeping the newest `keep` backups in `dest`. */
  scheduleBackups(options: { intervalMs: number; dest?: string; keep?: number; actor?: string }): void {
    this.stopScheduledBackups();
    const dest = options.dest ?? this.options.backupsDir;
    this.backupTimer = setInterval(() => {
      try {
        if (!this.open || [...this.jobs.values()].some((j) => j.state === 'running')) return;
        this.backup(options.actor ?? 'system:scheduled-backup', dest);
        pruneBackups(dest, options.keep ?? 14);
      } catch (e) {
        this.options.log?.('Scheduled backup failed', e);
      }
    }, options.intervalMs);
    this.backupTimer.unref();
  }

  /** Stops scheduled backups. */
  stopScheduledBackups(): void {
    if (this.backupTimer) clearInterval(this.backupTimer);
    this.backupTimer = null;
  }

  /** Checks a backup, then atomically replaces the live database with it; the old file is kept. */
  restore(actor: string, file: string, label = file): { restoredFrom: string; resources: number; keptPrevious: string } {
    const facts = checkBackup(file, this.key!);
    if ([...this.jobs.values()].some((j) => j.state === 'running' || j.state === 'queued')) {
      throw new BedsideError('unavailable', 'An import is running, so the backup was not restored. Wait for it to finish (or cancel it) and try again.');
    }
    const s = this.s;
    s.audit.append({ actor, action: 'restore', target: label, detail: 'replacing this database with the backup' });
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    s.db.close();
    this.open = null;
    let kept: string;
    try {
      kept = replaceDatabaseFile(this.options.databaseFile, file, this.key!, this.now());
    } finally {
      this.openDatabase();
    }
    const aside = this.setAsideCheckpointsAfterRestore();
    this.s.audit.append({ actor, action: 'restore', target: label, detail: `restored ${facts.resources} records; previous database kept as ${kept}${aside ? `; ${aside}` : ''}` });
    return { restoredFrom: label, resources: facts.resources, keptPrevious: kept };
  }

  /**
   * Checkpoints signed after the restored backup was made point past its chain (their entries are
   * in the database kept as before-restore): they move to a folder of their own, named in the
   * restore's audit entry, and verify-audit checks the chain against those still in force.
   */
  private setAsideCheckpointsAfterRestore(): string | null {
    const headSeq = this.s.audit.head()?.seq ?? 0;
    const later = readCheckpoints(this.checkpointsDir).filter((c) => c.checkpoint && c.checkpoint.seq > headSeq);
    if (!later.length) return null;
    const folder = path.join(this.checkpointsDir, `before-restore-${this.now().toISOString().replace(/[:.]/g, '-')}`);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const c of later) fs.renameSync(c.file, path.join(folder, path.basename(c.file)));
    return `${later.length} later audit checkpoints moved to ${folder}`;
  }

  /** Signs the audit chain's head into the checkpoints folder (`admin audit-checkpoint`); audited first, so the checkpoint covers its own entry. */
  writeAuditCheckpoint(actor: string, reason = 'admin audit-checkpoint'): { file: string; seq: number; hash: string; publicKey: string } {
    this.guard('recording the audit checkpoint', () => this.s.audit.append({ actor, action: 'audit-checkpoint', detail: reason }));
    const head = this.s.audit.head()!;
    const at = this.now();
    const file = path.join(this.checkpointsDir, `checkpoint-${at.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${head.seq}${CHECKPOINT_SUFFIX}`);
    const c = writeCheckpoint(file, { seq: head.seq, hash: head.hash, at: at.toISOString(), reason }, this.signingSeed!);
    return { file, seq: c.seq, hash: c.hash, publicKey: c.publicKey };
  }

  /** The public half of the checkpoint signing key (base64, raw Ed25519), for clinic IT to keep elsewhere. */
  auditPublicKey(): string {
    return publicKeyOf(this.signingSeed!);
  }

  /** Checks the audit chain (keyed links) and every signed checkpoint in force against it. */
  verifyAudit(): AuditVerification & { checkpoints: number } {
    return this.guard('checking the audit trail', () => {
      const chain = this.s.audit.verify();
      const checkpoints = readCheckpoints(this.checkpointsDir);
      if (!chain.ok) return { ...chain, checkpoints: checkpoints.length };
      const publicKey = this.auditPublicKey();
      const byPk = this.s.db.prepare<[number], string>('SELECT hash FROM audit_log WHERE seq = ?').pluck();
      for (const { file, checkpoint: c } of checkpoints) {
        const name = path.basename(file);
        const fail = (firstBrokenSeq: number | null, why: string): AuditVerification & { checkpoints: number } => ({
          ok: false,
          rows: chain.rows,
          firstBrokenSeq,
          checkpoints: checkpoints.length,
          message: `The audit trail does not match the signed checkpoint ${name}: ${why}. Keep this database, its backups and the checkpoints unchanged and tell your administrator.`,
        });
        if (!c) return fail(null, 'the checkpoint file is damaged');
        if (!checkpointSignatureValid(c, publicKey)) return fail(null, "it is not signed by this Bedside's audit signing key (it was altered, or made elsewhere)");
        if (c.seq > chain.rows) return fail(chain.rows + 1, `entries ${chain.rows + 1} to ${c.seq} were removed (the trail now ends at entry ${chain.rows}; the checkpoint of ${c.at} saw ${c.seq})`);
        if (byPk.get(c.seq) !== c.hash) return fail(c.seq, `entry ${c.seq} is not the entry that was signed on ${c.at} (the trail was rewritten)`);
      }
      return { ...chain, checkpoints: checkpoints.length, message: `${chain.message} ${checkpoints.length ? `${checkpoints.length} signed checkpoints match.` : 'No signed checkpoints yet (each backup and "admin audit-checkpoint" writes one).'}` };
    });
  }

  /** Whether the demo clinic's first patient is already stored. */
  hasDemoClinic(): boolean {
    return this.guard('looking for the demo clinic', () => this.s.store.exists('Patient', 'demo-01'));
  }

  /** Loads the demo clinic (the app shell decides when to offer it), dated back from `anchor` (default: the fixed DEMO_ANCHOR). */
  seedDemoClinic(actor: string, options: { anchor?: string } = {}): { patients: DemoPatient[]; summary: ImportSummary } {
    const { resources, patients } = generateDemoClinic({ anchor: options.anchor });
    const summary = this.importBundle(actor, { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }, 'the demo clinic');
    return { patients, summary };
  }

  /** Adds `count` generated patients (about 50 records each), in batches of 100 patients. */
  seedGeneratedPatients(actor: string, count: number, seed = 1): ImportSummary {
    const total = { created: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0, notes: [] as string[] };
    for (let start = 0; start < count; start += 100) {
      const entry: { resource: JsonObject }[] = [];
      for (let i = start; i < Math.min(count, start + 100); i++) for (const resource of generatePatient(seed, i)) entry.push({ resource });
      const c = this.guard('adding generated patients', () =>
        this.s.importer.importBundleObject({ resourceType: 'Bundle', type: 'collection', entry }, 'generated patients', undefined, (b) => this.s.audit.append({ actor, action: 'seed', detail: `generated patients ${start + 1}-${Math.min(count, start + 100)}: ${b.created} new records` })),
      );
      total.created += c.created;
      total.updated += c.updated;
      total.unchanged += c.unchanged;
    }
    this.s.audit.append({ actor, action: 'seed', detail: `${count} generated patients: ${total.created} new records` });
    return { ...total, files: 0, resources: total.created + total.updated + total.unchanged, unresolvedCount: 0, unresolvedExamples: [], cancelled: false };
  }

  /** The raw connection, for benchmarks and tests that measure or tamper. */
  get database(): Db {
    return this.s.db;
  }
}
