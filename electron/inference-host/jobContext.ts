/** What a pipeline receives to report progress and notice cancellation between steps. */
import { BedsideError } from '../services/errors';

/** Progress and cancellation for one running job. */
export interface JobContext {
  progress(fraction: number | null, message: string): void;
  /** Throws a 'cancelled' error when the job was cancelled; call between forward passes. */
  checkCancelled(): void;
}

/** The error a cancelled job ends with. */
export function cancelledError(): BedsideError {
  return new BedsideError('cancelled', 'The analysis was cancelled; nothing was saved.');
}

/** Milliseconds since `t0` (performance.now), rounded to 0.01 ms. */
export function since(t0: number): number {
  return Math.round((performance.now() - t0) * 100) / 100;
}
