/** Handlers of the `records` channels: thin calls into RecordsService with the acting user. */
import path from 'node:path';
import type { BedsideContract } from '../../contract';
import type { CallContext, HandlersOf } from '../router';
import type { RecordsService } from '../../services/records/recordsService';
import { BedsideError } from '../../services/errors';
import type { FileDelivery } from '../fileDelivery';

/** Who is acting, until accounts exist: the transport and connection. */
export function defaultActor(ctx: CallContext): string {
  return ctx.transport === 'cli' ? 'admin' : `${ctx.transport}:${ctx.connectionId ?? 'local'}`;
}

const BUNDLE = [{ name: 'FHIR Bundle (JSON)', extensions: ['json'] }];
const ENCRYPTED = [{ name: 'Encrypted FHIR Bundle (age)', extensions: ['age'] }];
const IMPORTABLE = [{ name: 'FHIR Bundle or NDJSON', extensions: ['json', 'ndjson', 'jsonl'] }];
const BACKUPS = [{ name: 'Bedside backup', extensions: ['db'] }];

/** The `records` feature. */
export function recordsHandlers(records: () => RecordsService, actorOf: (ctx: CallContext) => string = defaultActor, files?: FileDelivery): HandlersOf<Pick<BedsideContract, 'records'>>['records'] {
  const noFiles = (): never => {
    throw new BedsideError('unavailable', 'File transfers are not set up in this copy of Bedside; use the admin command line. Nothing was changed.');
  };
  return {
    searchPatients: (input, ctx) => ({ patients: records().searchPatients(actorOf(ctx), input.query, input.limit) }),
    dayList: (input) => ({ visits: records().dayList(input.from, input.to, input.limit) }),
    chart: (input, ctx) => records().chart(actorOf(ctx), input.patientId, { limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) }),
    getResource: (input, ctx) => ({ resource: records().getResource(actorOf(ctx), input.resourceType, input.id) }),
    saveResource: (input, ctx) => {
      const r = records().saveResource(actorOf(ctx), input.resource, input.expectedVersionId);
      return { resourceType: r.type, id: r.id, versionId: r.versionId, lastUpdated: r.lastUpdated, outcome: r.outcome, unresolved: r.unresolved };
    },
    deleteResource: (input, ctx) => ({ deleted: true as const, ...records().deleteResource(actorOf(ctx), input.resourceType, input.id, input.expectedVersionId) }),
    searchNotes: (input, ctx) => ({ hits: records().searchNotes(actorOf(ctx), input.query, { limit: input.limit, ...(input.patientId ? { patientId: input.patientId } : {}) }) }),
    uploadSlot: (input, ctx) => {
      if (!files) return noFiles();
      if (files.dialogFor(ctx)) throw new BedsideError('invalid-input', 'The desktop app chooses files with the OS dialog; nothing needs uploading.');
      return files.transfers().openUpload(files.owner(ctx), input.purpose, input.name, input.bytes);
    },
    importStart: async (input, ctx) => {
      if (!files) return noFiles();
      if (input.upload) {
        const upload = files.transfers().claimUpload(input.upload, files.owner(ctx), 'import');
        try {
          return records().startImport(actorOf(ctx), upload.file, { label: `upload ${upload.name}`, onFinished: upload.release });
        } catch (e) {
          upload.release();
          throw e;
        }
      }
      const dialog = files.dialogFor(ctx);
      if (!dialog) throw new BedsideError('invalid-input', 'Upload the file to import first (records.uploadSlot); Bedside never reads a path sent by a browser. Nothing was imported.');
      const chosen = await dialog.openFile({ title: input.source === 'folder' ? 'Import a bulk NDJSON folder' : 'Import a FHIR file', filters: IMPORTABLE, folder: input.source === 'folder' });
      if (!chosen) throw new BedsideError('cancelled', 'No file was chosen, so nothing was imported.');
      return records().startImport(actorOf(ctx), chosen);
    },
    jobStatus: (input) => records().jobStatus(input.jobId),
    jobCancel: (input) => records().cancelJob(input.jobId),
    exportPatient: async (input, ctx) => {
      if (!files) return noFiles();
      const encrypted = input.passphrase !== undefined;
      const base = `bedside-${input.patientId === 'all' ? 'all-patients' : `patient-${input.patientId}`}`;
      const name = input.format === 'ndjson' ? base : `${base}.json${encrypted ? '.age' : ''}`;
      const options = { ...(encrypted ? { passphrase: input.passphrase! } : {}) };
      const dialog = files.dialogFor(ctx);
      if (dialog) {
        const target = input.format === 'ndjson' && !encrypted
          ? await dialog.openFile({ title: 'Choose an empty folder for the NDJSON export', filters: [], folder: true })
          : await dialog.saveFile({ title: 'Save the export', suggestedName: name, filters: encrypted ? ENCRYPTED : BUNDLE });
        if (!target) return { delivered: 'cancelled' as const, name: null, resources: 0, encrypted, download: null };
        const s = await records().exportTo(actorOf(ctx), input.patientId, target, input.format, { ...options, delivery: 'saved on this computer (desktop dialog)' });
        return { delivered: 'saved' as const, name: path.basename(target), resources: s.resources, encrypted, download: null };
      }
      if (input.format === 'ndjson') throw new BedsideError('invalid-input', 'Through the browser, exports are single FHIR Bundle files; choose the Bundle format (NDJSON folders are exported with the admin command line). Nothing was exported.');
      const transfers = files.transfers();
      const tmp = transfers.newFile(encrypted ? '.json.age' : '.json');
      const s = await records().exportTo(actorOf(ctx), input.patientId, tmp, 'bundle', { ...options, delivery: 'offered as a download to this session' });
      return { delivered: 'download' as const, name, resources: s.resources, encrypted, download: transfers.offerDownload(files.owner(ctx), tmp, name, { temporary: true }) };
    },
    backup: (_input, ctx) => {
      const b = records().backup(actorOf(ctx));
      const download = files && !files.dialogFor(ctx) && ctx.transport === 'ws' ? files.transfers().offerDownload(files.owner(ctx), b.file, path.basename(b.file), { temporary: false }) : null;
      return { path: b.file, bytes: b.bytes, resources: b.resources, download };
    },
    restore: async (input, ctx) => {
      if (!files) return noFiles();
      if (input.upload) {
        const upload = files.transfers().claimUpload(input.upload, files.owner(ctx), 'restore');
        try {
          const r = records().restore(actorOf(ctx), upload.file, `upload ${upload.name}`);
          return { restored: true, resources: r.resources, keptPrevious: r.keptPrevious };
        } finally {
          upload.release();
        }
      }
      const dialog = files.dialogFor(ctx);
      if (!dialog) throw new BedsideError('invalid-input', 'Upload the backup file first (records.uploadSlot); Bedside never reads a path sent by a browser. Nothing was changed.');
      const chosen = await dialog.openFile({ title: 'Restore a Bedside backup', filters: BACKUPS });
      if (!chosen) return { restored: false, resources: 0, keptPrevious: null };
      const r = records().restore(actorOf(ctx), chosen);
      return { restored: true, resources: r.resources, keptPrevious: r.keptPrevious };
    },
    verifyAudit: () => records().verifyAudit(),
  };
}
