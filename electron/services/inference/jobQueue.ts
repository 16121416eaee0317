/**
 * The inference job queue: one job runs at a time (the host's ORT pool already uses the
 * cores), 'interactive' jobs before 'background' ones, first come first served within a
 * priority. Queued jobs can be cancelled outright; a running job is asked to stop.
 */
import { BedsideError } from '../errors';

export type JobPriority = 'interactive' | 'background';

/** A job as the queue sees it. */
export interface QueuedJob<T> {
  id: string;
  priority: JobPriority;
  /** Runs the job; `queuedMs` is how long it waited. */
  run: (queuedMs: number) => Promise<T>;
  /** Asks a running job to stop. */
  cancelRunning: () => void;
  /** Called when the job leaves the queue to run. */
  onStart?: () => void;
}

interface Entry {
  job: QueuedJob<unknown>;
  enqueuedAt: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** The error a job cancelled before it ran ends with. */
export function cancelledBeforeStart(): BedsideError {
  return new BedsideError('cancelled', 'The analysis was cancelled before it started; nothing was saved.');
}

/** Priority queue with one job running at a time. */
export class JobQueue {
  private readonly waiting: Entry[] = [];
  private running: Entry | null = null;

  /** Adds a job; resolves with its result. */
  enqueue<T>(job: QueuedJob<T>): Promise<T> {
    if (this.has(job.id)) return Promise.reject(new BedsideError('conflict', `A job with id ${job.id} is already queued or running.`));
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = { job: job as QueuedJob<unknown>, enqueuedAt: performance.now(), resolve: resolve as (v: unknown) => void, reject };
      // After the last job of the same or higher priority.
      const rank = (p: JobPriority): number => (p === 'interactive' ? 0 : 1);
      let at = this.waiting.length;
      while (at > 0 && rank(this.waiting[at - 1]!.job.priority) > rank(job.priority)) at--;
      this.waiting.splice(at, 0, entry);
      this.pump();
    });
  }

  /** Cancels a queued job (rejected at once) or asks the running one to stop. False when unknown. */
  cancel(id: string): boolean {
    const i = this.waiting.findIndex((e) => e.job.id === id);
    if (i >= 0) {
      const [entry] = this.waiting.splice(i, 1);
      entry!.reject(cancelledBeforeStart());
      return true;
    }
    if (this.running?.job.id === id) {
      this.running.job.cancelRunning();
      return true;
    }
    return false;
  }

  /** Whether a job with this id is queued or running. */
  has(id: string): boolean {
    return this.running?.job.id === id || this.waiting.some((e) => e.job.id === id);
  }

  /** Ids waiting, in the order they will run. */
  pendingIds(): string[] {
    return this.waiting.map((e) => e.job.id);
  }

  /** Rejects every waiting job (shutdown). */
  clear(reason: BedsideError): void {
    for (const e of this.waiting.splice(0)) e.reject(reason);
  }

  private pump(): void {
    if (this.running) return;
    const next = this.waiting.shift();
    if (!next) return;
    this.running = next;
    next.job.onStart?.();
    next.job
      .run(performance.now() - next.enqueuedAt)
      .then(next.resolve, next.reject)
      .finally(() => {
        this.running = null;
        this.pump();
      });
  }
}
