/**
 * Supervises the inference host: starts it on first use, matches answers to requests, and
 * after a crash rejects what was in flight with `HostCrashedError` and starts a new host after
 * an exponential backoff (so a model that crashes at load cannot spin the machine).
 */
import crypto from 'node:crypto';
import { BedsideError } from '../errors';
import type { HostLauncher, HostProcess } from './hostLauncher';
import type { FromHost, HostError, HostJob, HostResult, HostSettings, HostStats, ToHost } from './hostProtocol';

/** The host process ended while this request was in flight. */
export class HostCrashedError extends Error {
  constructor(readonly exitDescription: string) {
    super(`The inference host stopped (${exitDescription}).`);
    this.name = 'HostCrashedError';
  }
}

/** Supervisor settings. */
export interface SupervisorOptions {
  script: string;
  launcher: HostLauncher;
  settings: HostSettings;
  env?: Record<string, string>;
  /** First restart delay; doubles with each crash in a row up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long the host must wait to answer 'ready' before start-up counts as failed. */
  startTimeoutMs?: number;
  log?: (message: string) => void;
}

interface Pending {
  resolve: (value: FromHost) => void;
  reject: (e: unknown) => void;
  onProgress?: (fraction: number | null, message: string) => void;
}

/** Converts a host error to the BedsideError a handler returns. */
export function fromHostError(e: HostError): BedsideError {
  const codes = ['invalid-input', 'not-found', 'conflict', 'unsupported', 'corrupt', 'too-large', 'unavailable', 'cancelled', 'verification-failed', 'internal'] as const;
  const code = (codes as readonly string[]).includes(e.code) ? (e.code as (typeof codes)[number]) : 'internal';
  return new BedsideError(code, e.message, e.details);
}

/** Owns one inference host process at a time. */
export class HostSupervisor {
  private proc: HostProcess | null = null;
  private ready: Promise<HostProcess> | null = null;
  private readonly pending = new Map<string, Pending>();
  private crashesInARow = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartAt = 0;
  private stopped = false;
  /** Host processes started so far (1 + restarts). */
  starts = 0;

  constructor(private readonly options: SupervisorOptions) {}

  /** The running host's pid, if one is running. */
  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Runs a job in the host; rejects with HostCrashedError if the host dies meanwhile. */
  async run(id: string, job: HostJob, onProgress?: Pending['onProgress']): Promise<HostResult> {
    const answer = await this.request({ type: 'run', id, job }, id, onProgress);
    if (answer.type === 'result') return answer.result;
    if (answer.type === 'error') throw fromHostError(answer.error);
    throw new Error(`unexpected answer ${answer.type}`);
  }

  /** Asks the host to stop a running job at its next step. */
  cancel(id: string): void {
    this.proc?.send({ type: 'cancel', id });
  }

  /** The host's memory and loaded sessions. */
  async stats(): Promise<HostStats> {
    const id = crypto.randomUUID();
    const answer = await this.request({ type: 'stats', id }, id);
    if (answer.type !== 'stats') throw new Error('unexpected answer');
    return answer.stats;
  }

  /** Releases the sessions of a pack (after activate or rollback) or of all packs. */
  async unload(packId?: string): Promise<void> {
    if (!this.proc) return;
    const id = crypto.randomUUID();
    await this.request({ type: 'unload', id, ...(packId ? { packId } : {}) }, id);
  }

  /** Stops the host and refuses further work. */
  shutdown(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const proc = this.proc;
    this.proc = null;
    this.ready = null;
    proc?.kill();
    for (const [, p] of this.pending) p.reject(new BedsideError('unavailable', 'Bedside is shutting down; the analysis was stopped.'));
    this.pending.clear();
  }

  /** Kills the host as a crash would (tests and the admin "restart engine" action). */
  killHost(): void {
    this.proc?.kill();
  }

  private async request(message: ToHost, id: string, onProgress?: Pending['onProgress']): Promise<FromHost> {
    const proc = await this.ensureStarted();
    return new Promise<FromHost>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
      proc.send(message);
    });
  }

  private ensureStarted(): Promise<HostProcess> {
    if (this.stopped) return Promise.reject(new BedsideError('unavailable', 'The inference engine is stopped because Bedside is shutting down.'));
    this.ready ??= this.start();
    return this.ready;
  }

  private async start(): Promise<HostProcess> {
    const wait = Math.max(0, this.restartAt - Date.now());
    if (wait > 0) await new Promise((r) => (this.restartTimer = setTimeout(r, wait)));
    if (this.stopped) throw new BedsideError('unavailable', 'The inference engine is stopped because Bedside is shutting down.');
    this.starts++;
    const proc = this.options.launcher(this.options.script, this.options.env ?? {});
    this.proc = proc;
    return new Promise<HostProcess>((resolve, reject) => {
      let isReady = false;
      const timer = setTimeout(() => {
        if (!isReady) proc.kill();
      }, this.options.startTimeoutMs ?? 60_000);
      proc.onMessage((m) => {
        if (m.type === 'ready') {
          isReady = true;
          clearTimeout(timer);
          proc.send({ type: 'configure', settings: this.options.settings });
          resolve(proc);
          return;
        }
        this.onAnswer(m);
      });
      proc.onExit((code, signal) => {
        clearTimeout(timer);
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        if (!isReady) reject(new BedsideError('unavailable', `The inference engine could not start (${how}). Check that Bedside is installed completely; other features keep working.`));
        this.onExit(proc, how);
      });
    });
  }

  private onAnswer(m: FromHost): void {
    if (m.type === 'ready') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.fraction, m.message);
      return;
    }
    this.pending.delete(m.id);
    if (m.type === 'result') this.crashesInARow = 0;
    p.resolve(m);
  }

  private onExit(proc: HostProcess, how: string): void {
    if (this.proc !== proc) return;
    this.proc = null;
    this.ready = null;
    if (this.stopped) return;
    this.crashesInARow++;
    const base = this.options.initialBackoffMs ?? 250;
    const delay = Math.min(this.options.maxBackoffMs ?? 30_000, base * 2 ** (this.crashesInARow - 1));
    this.restartAt = Date.now() + delay;
    this.options.log?.(`The inference host stopped (${how}); restarting in ${delay} ms.`);
    const inFlight = [...this.pending.values()];
    this.pending.clear();
    for (const p of inFlight) p.reject(new HostCrashedError(how));
    // Start the replacement now (it waits out the backoff) so the next job finds it warm.
    this.ensureStarted().catch((e: unknown) => this.options.log?.(`The inference host did not restart: ${(e as Error).message}`));
  }
}
