/**
 * Bulk Data exports asked for over the FHIR API (FHIR Bulk Data Access 2.0, async pattern):
 * each job writes the record store's own NDJSON export (services/records/exporter.ts, the one
 * `admin export` uses, so `admin import` reads the result back identically) into a folder of the
 * data folder chosen by Bedside, never by the client. A job belongs to the client that started
 * it; its files are deleted when the client DELETEs the status URL, or an hour after it finished.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RecordsService } from '../services/records/recordsService';
import { BedsideError, isBedsideError } from '../services/errors';
import { exportFilter } from '../services/records/exporter';

/** How long finished files are kept for download. */
export const EXPORT_KEEP_MS = 60 * 60 * 1000;
/** Jobs one client may have at once. */
const MAX_JOBS_PER_CLIENT = 3;

/** One export job. */
export interface BulkExportJob {
  id: string;
  owner: string;
  state: 'running' | 'done' | 'failed';
  dir: string;
  request: string;
  error?: string;
  finishedAt?: number;
  manifest?: Record<string, unknown>;
}

/** The export jobs of one host. */
export class BulkExports {
  private readonly jobs = new Map<string, BulkExportJob>();

  constructor(
    private readonly root: string,
    private readonly records: () => RecordsService,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Starts an export of everything (`_type`, `_since` as the exporter checks them); returns the job, or why not (a bad parameter, or too many running). */
  start(owner: string, actor: string, request: string, fileBase: (jobId: string) => string, options: { since?: string; types?: string[] }): BulkExportJob | string {
    this.expire();
    try {
      exportFilter(options);
    } catch (e) {
      // The exporter names the command line's options; the API's are _since and _type.
      if (e instanceof BedsideError) return e.message.replace('--since', '_since').replace('--type', '_type');
      throw e;
    }
    if ([...this.jobs.values()].filter((j) => j.owner === owner && j.state === 'running').length >= MAX_JOBS_PER_CLIENT) return `This client already has ${MAX_JOBS_PER_CLIENT} exports running; wait for one to finish.`;
    const id = crypto.randomUUID();
    const job: BulkExportJob = { id, owner, state: 'running', dir: path.join(this.root, id), request };
    this.jobs.set(id, job);
    // After the 202 has gone out: the export runs on the host's thread (a small clinic's store takes seconds).
    setImmediate(() => {
      try {
        fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
        this.records().exportRecords(actor, 'all', job.dir, 'ndjson', { ...options, baseUrl: fileBase(id) });
        const manifestFile = path.join(job.dir, 'manifest.json');
        const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
        // The files are behind the same bearer token as the API; the request is the kick-off URL.
        job.manifest = { ...manifest, request, requiresAccessToken: true };
        fs.writeFileSync(manifestFile, `${JSON.stringify(job.manifest, null, 2)}\n`);
        job.state = 'done';
      } catch (e) {
        job.state = 'failed';
        job.error = isBedsideError(e) ? e.message : 'The export failed; nothing was sent. The host log says more.';
        fs.rmSync(job.dir, { recursive: true, force: true });
      }
      job.finishedAt = this.now();
    });
    return job;
  }

  /** The job if it exists and belongs to `owner`. */
  get(id: string, owner: string): BulkExportJob | undefined {
    this.expire();
    const job = this.jobs.get(id);
    return job && job.owner === owner ? job : undefined;
  }

  /** The path of one output file of a finished job, or undefined. */
  file(job: BulkExportJob, name: string): string | undefined {
    if (job.state !== 'done' || !/^[A-Z][A-Za-z]{1,63}\.ndjson$/.test(name)) return undefined;
    const file = path.join(job.dir, name);
    return fs.existsSync(file) ? file : undefined;
  }

  /** Removes a job and its files. */
  remove(job: BulkExportJob): void {
    this.jobs.delete(job.id);
    fs.rmSync(job.dir, { recursive: true, force: true });
  }

  private expire(): void {
    for (const job of this.jobs.values()) if (job.finishedAt !== undefined && this.now() - job.finishedAt > EXPORT_KEEP_MS) this.remove(job);
  }
}
