/** Background jobs from 'jobs.progress' events, as a pure reducer: newest state per job. */
import type { JobProgress } from '../../../../electron/contract';

/** Jobs by id, in the order they first appeared. */
export type JobsState = readonly JobProgress[];

const FINISHED = new Set(['done', 'failed', 'cancelled']);

/** Applies one progress event (replaces the job's previous state). */
export function jobsReducer(state: JobsState, event: JobProgress): JobsState {
  const i = state.findIndex((j) => j.jobId === event.jobId);
  if (i < 0) return [...state, event];
  const next = state.slice();
  next[i] = event;
  return next;
}

/** Whether a job has finished, one way or another. */
export function isFinished(job: JobProgress): boolean {
  return FINISHED.has(job.state);
}

/** How long a job that finished well stays in the tray; failures stay until cleared. */
export const DONE_VISIBLE_MS = 4000;

/** Drops one job (a finished job leaving the tray by itself). */
export function withoutJob(state: JobsState, jobId: string): JobsState {
  return state.filter((j) => j.jobId !== jobId);
}

/** Drops finished jobs (the physician cleared them). */
export function withoutFinished(state: JobsState): JobsState {
  return state.filter((j) => !isFinished(j));
}

/** Whether a payload looks like a job progress event (events arrive untyped over the wire). */
export function isJobProgress(p: unknown): p is JobProgress {
  const o = p as Partial<JobProgress> | null;
  return !!o && typeof o.jobId === 'string' && typeof o.kind === 'string' && typeof o.state === 'string' && typeof o.message === 'string';
}
