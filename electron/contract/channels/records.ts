/** Record store channels: patient search, charts, notes, edits, import/export, backups, audit. */
import { z } from 'zod';
import { channel } from '../define';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9\-.]+$/, 'must be a FHIR id (letters, digits, "-" and ".")');
const resourceType = z.string().min(1).max(64).regex(/^[A-Z][A-Za-z]+$/, 'must be a FHIR resource type name');
/** A single-use upload token from records.uploadSlot (browser host); a desktop window sends none and the main process shows the OS file dialog. */
const uploadToken = z.string().min(20).max(128).regex(/^[A-Za-z0-9_-]+$/, 'must be an upload token from records.uploadSlot');
/** A single-use download the browser fetches (GET url); null where the file went elsewhere (the desktop's save dialog). */
const downloadOffer = z.object({ url: z.string(), name: z.string(), bytes: z.number() }).nullable();
/** A FHIR resource as JSON; the service checks its structure and names problems by path. */
const resource = z.looseObject({ resourceType: z.string().max(64) });
const storedResource = z.record(z.string(), z.unknown());

export const patientSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  birthDate: z.string().nullable(),
  gender: z.string().nullable(),
  identifiers: z.array(z.string()),
});
export type PatientSummaryDto = z.infer<typeof patientSummarySchema>;

/** One visit on the day list: the patient, the visit's status and times, the clinicians in it. */
export const dayVisitSchema = z.object({
  encounterId: z.string(),
  patient: patientSummarySchema,
  status: z.string(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  clinicians: z.array(z.string()),
});
export type DayVisitDto = z.infer<typeof dayVisitSchema>;

export const noteHitSchema = z.object({ type: z.string(), id: z.string(), patientId: z.string().nullable(), date: z.string(), snippet: z.string() });

export const importSummarySchema = z.object({
  files: z.number(),
  resources: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  deleted: z.number(),
  /** Entries left out on purpose (reads, conditional updates), with the first few reasons. */
  skipped: z.number().optional(),
  notes: z.array(z.string()).optional(),
  unresolvedCount: z.number(),
  unresolvedExamples: z.array(z.string()),
  cancelled: z.boolean(),
});

export const recordsChannels = {
  searchPatients: channel({
    summary: 'Patients whose name, MRN or birth date start with the typed terms',
    input: z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }),
    output: z.object({ patients: z.array(patientSummarySchema) }),
  }),
  dayList: channel({
    summary: "The day list: visits open at some time between from and to (the workstation's day; a visit across midnight included), and every visit still open, with their patients",
    input: z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), limit: z.number().int().min(1).max(500).default(200) }),
    output: z.object({ visits: z.array(dayVisitSchema) }),
  }),
  chart: channel({
    summary: "One page of a patient's chart (every record, newest first)",
    input: z.strictObject({ patientId: id, cursor: z.string().max(512).optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    output: z.object({ patientId: z.string(), resources: z.array(storedResource), nextCursor: z.string().nullable() }),
  }),
  getResource: channel({
    summary: 'The current version of one record',
    input: z.strictObject({ resourceType, id }),
    output: z.object({ resource: storedResource }),
  }),
  saveResource: channel({
    summary: 'Creates or updates a record; a stale expectedVersionId is a conflict',
    input: z.strictObject({ resource, expectedVersionId: z.string().max(64).optional() }),
    output: z.object({
      resourceType: z.string(),
      id: z.string(),
      versionId: z.string(),
      lastUpdated: z.string(),
      outcome: z.enum(['created', 'updated', 'unchanged']),
      unresolved: z.array(z.string()),
    }),
    // Notes are limited to 5 MB of text and records to 64 MB (images); base64 adds a third.
    maxRequestBytes: 90 * 1024 * 1024,
  }),
  deleteResource: channel({
    summary: 'Deletes a record (its versions stay in history)',
    input: z.strictObject({ resourceType, id, expectedVersionId: z.string().max(64).optional() }),
    output: z.object({ deleted: z.literal(true), versionId: z.string() }),
  }),
  searchNotes: channel({
    summary: 'Notes whose text contains the typed terms, for one patient or all',
    input: z.strictObject({ patientId: id.optional(), query: z.string().min(1).max(500), limit: z.number().int().min(1).max(200).default(50) }),
    output: z.object({ hits: z.array(noteHitSchema) }),
  }),
  uploadSlot: channel({
    summary: 'Opens a size-capped, single-use upload for a restore or an import (browser host); the file is then POSTed to the url',
    input: z.strictObject({ purpose: z.enum(['restore', 'import']), name: z.string().min(1).max(255), bytes: z.number().int().min(1) }),
    output: z.object({ token: z.string(), url: z.string(), maxBytes: z.number() }),
  }),
  importStart: channel({
    summary: 'Starts importing, in the background, an uploaded file (browser host) or a file or NDJSON folder chosen in the OS dialog (desktop)',
    input: z.strictObject({ upload: uploadToken.optional(), source: z.enum(['file', 'folder']).default('file') }),
    output: z.object({ jobId: z.string() }),
  }),
  jobStatus: channel({
    summary: 'The state of an import job',
    input: z.strictObject({ jobId: z.string().max(64) }),
    output: z.object({
      jobId: z.string(),
      kind: z.string(),
      state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
      fraction: z.number().nullable(),
      message: z.string(),
      summary: importSummarySchema.nullable(),
    }),
  }),
  jobCancel: channel({
    summary: 'Stops an import after the batch it is writing',
    input: z.strictObject({ jobId: z.string().max(64) }),
    output: z.object({ cancelled: z.boolean() }),
  }),
  exportPatient: channel({
    summary: "Exports one patient's records, or all, as a FHIR Bundle (optionally encrypted with a passphrase, age format): saved where the user chooses in the OS dialog (desktop) or offered as a download (browser host)",
    input: z.strictObject({ patientId: z.union([id, z.literal('all')]), format: z.enum(['bundle', 'ndjson']).default('bundle'), passphrase: z.string().min(12).max(1024).optional() }),
    output: z.object({ delivered: z.enum(['saved', 'download', 'cancelled']), name: z.string().nullable(), resources: z.number(), encrypted: z.boolean(), download: downloadOffer }),
  }),
  backup: channel({
    summary: 'Writes a verified, encrypted backup into the data folder’s backups (and offers it as a download in the browser host)',
    input: z.strictObject({}),
    output: z.object({ path: z.string(), bytes: z.number(), resources: z.number(), download: downloadOffer }),
  }),
  restore: channel({
    summary: 'Checks a backup, then replaces the records with it (the old file is kept)',
    input: z.strictObject({ upload: uploadToken.optional() }),
    output: z.object({ restored: z.boolean(), resources: z.number(), keptPrevious: z.string().nullable() }),
  }),
  verifyAudit: channel({
    summary: "Checks the audit trail's hash chain and reports the first broken link",
    input: z.strictObject({}),
    output: z.object({ ok: z.boolean(), rows: z.number(), firstBrokenSeq: z.number().nullable(), checkpoints: z.number(), message: z.string() }),
  }),
};
