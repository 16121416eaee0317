/** Handlers of the `records` channels: thin calls into RecordsService with the acting user. */
import type { BedsideContract } from '../../contract';
import type { CallContext, HandlersOf } from '../router';
import type { RecordsService } from '../../services/records/recordsService';

/** Who is acting, until accounts exist: the transport and connection. */
export function defaultActor(ctx: CallContext): string {
  return ctx.transport === 'cli' ? 'admin' : `${ctx.transport}:${ctx.connectionId ?? 'local'}`;
}

/** The `records` feature. */
export function recordsHandlers(records: () => RecordsService, actorOf: (ctx: CallContext) => string = defaultActor): HandlersOf<Pick<BedsideContract, 'records'>>['records'] {
  return {
    searchPatients: (input, ctx) => ({ patients: records().searchPatients(actorOf(ctx), input.query, input.limit) }),
    chart: (input, ctx) => records().chart(actorOf(ctx), input.patientId, { limit: input.limit, ...(input.cursor ? { cursor: input.cursor } : {}) }),
    getResource: (input, ctx) => ({ resource: records().getResource(actorOf(ctx), input.resourceType, input.id) }),
    saveResource: (input, ctx) => {
      const r = records().saveResource(actorOf(ctx), input.resource, input.expectedVersionId);
      return { resourceType: r.type, id: r.id, versionId: r.versionId, lastUpdated: r.lastUpdated, outcome: r.outcome, unresolved: r.unresolved };
    },
    deleteResource: (input, ctx) => ({ deleted: true as const, ...records().deleteResource(actorOf(ctx), input.resourceType, input.id, input.expectedVersionId) }),
    searchNotes: (input, ctx) => ({ hits: records().searchNotes(actorOf(ctx), input.query, { limit: input.limit, ...(input.patientId ? { patientId: input.patientId } : {}) }) }),
    importStart: (input, ctx) => records().startImport(actorOf(ctx), input.path),
    jobStatus: (input) => records().jobStatus(input.jobId),
    jobCancel: (input) => records().cancelJob(input.jobId),
    exportPatient: (input, ctx) => records().exportRecords(actorOf(ctx), input.patientId, input.dest, input.format),
    backup: (input, ctx) => {
      const b = records().backup(actorOf(ctx), input.dest);
      return { path: b.file, bytes: b.bytes, resources: b.resources };
    },
    restore: (input, ctx) => {
      const r = records().restore(actorOf(ctx), input.file);
      return { restored: true as const, resources: r.resources, keptPrevious: r.keptPrevious };
    },
    verifyAudit: () => records().verifyAudit(),
  };
}
