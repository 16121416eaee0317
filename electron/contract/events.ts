/** Events pushed from the main side to every connected window, declared like channels. */
import { z } from 'zod';

export const jobProgressSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  /** 0..1, or null while the total is unknown. */
  fraction: z.number().min(0).max(1).nullable(),
  message: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const events = {
  'jobs.progress': jobProgressSchema,
  'cds.cardsReady': z.object({ patientId: z.string(), trigger: z.string(), cardIds: z.array(z.string()) }),
};
export type BedsideEvents = typeof events;
export type BedsideEventName = keyof BedsideEvents;

/** How services emit events without knowing the transports. */
export type EmitEvent = <K extends BedsideEventName>(name: K, payload: z.input<BedsideEvents[K]>) => void;
