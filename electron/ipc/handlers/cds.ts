/** Handlers of the `cds` channels, and the wrapper that lets record saves fire CDS triggers. */
import type { BedsideContract } from '../../contract';
import type { CallContext, HandlersOf } from '../router';
import type { CdsService } from '../../services/cds/cdsService';
import { criticalLimitRows } from '../../services/cds/rules/criticalValues';

type RecordsHandlers = HandlersOf<Pick<BedsideContract, 'records'>>['records'];

/** The acting user's name as the audit trail records it. */
const actorName = (ctx: CallContext): string => ctx.actor?.name ?? 'anonymous';

/** The `cds` feature over the CDS service. */
export function cdsHandlers(cds: () => CdsService, actorOf: (ctx: CallContext) => string = actorName): HandlersOf<Pick<BedsideContract, 'cds'>>['cds'] {
  return {
    cardsForPatient: (input, ctx) => cds().cardsForPatient(actorOf(ctx), input.patientId),
    checkOrder: (input, ctx) => cds().checkOrder(actorOf(ctx), input.patientId, input.medicationRequest),
    feedback: (input, ctx) => cds().feedback(actorOf(ctx), input),
    searchDrugs: (input) => cds().searchDrugs(input.query, input.limit),
    changeMedication: (input, ctx) => cds().changeMedication(actorOf(ctx), input),
    reconcileMedications: (input, ctx) => cds().reconcileMedications(actorOf(ctx), input),
    criticalLimits: () => ({ limits: criticalLimitRows() }),
    report: () => cds().report(),
  };
}

/** The records handlers, with a saved record passed to the CDS triggers after the save has committed. */
export function withCdsTriggers(records: RecordsHandlers, cds: () => CdsService, log: (message: string, error?: unknown) => void = () => undefined): RecordsHandlers {
  return {
    ...records,
    saveResource: async (input, ctx) => {
      const saved = await records.saveResource(input, ctx);
      if (saved.outcome !== 'unchanged') {
        try {
          cds().afterSave(saved.resourceType, saved.id);
        } catch (e) {
          // The record is saved; a trigger that cannot be queued costs suggestions, never the save.
          log('Decision support was not triggered for a saved record', e);
        }
      }
      return saved;
    },
  };
}
