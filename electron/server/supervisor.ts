/**
 * Keeps the browser host running: `serve` starts the host as a child process and starts it
 * again if it ever dies (after 1 s, doubling to at most 30 s while it keeps dying, back to 1 s
 * once it has run for a minute). Every restart is printed and appended to
 * `<data>/logs/host-restarts.log`, which `admin doctor` reports. A host that fails while
 * starting (port taken, data folder in use, bad option) is not restarted: that needs a person.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { withLargePages } from '../services/imaging/largePages';

/** Set in the child's environment: it is the host, not the supervisor. */
export const SUPERVISED_ENV = 'BEDSIDE_SUPERVISED_HOST';
/** The child's exit code after an uncaught exception (the supervisor restarts it). */
export const EXIT_RESTART = 70;
/** The child's exit code when it could not start (the supervisor gives up). */
export const EXIT_STARTUP_FAILED = 1;

/** One line of the restart log. */
export interface RestartRecord {
  at: string;
  exitCode: number | null;
  signal: string | null;
  restartInMs: number;
}

/** The restart log of a data folder. */
export function restartLogFile(logsDir: string): string {
  return path.join(logsDir, 'host-restarts.log');
}

/** Restarts recorded in the log (newest last); unreadable lines are skipped. */
export function readRestarts(logsDir: string): RestartRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(restartLogFile(logsDir), 'utf8');
  } catch {
    return [];
  }
  const out: RestartRecord[] = [];
  for (const line of text.split('\n').slice(-1000)) {
    try {
      const r = JSON.parse(line) as RestartRecord;
      if (typeof r.at === 'string') out.push(r);
    } catch {
      // A torn last line after a power cut.
    }
  }
  return out;
}

export interface SupervisorOptions {
  /** The script to run as the host (serve.js itself). */
  script: string;
  args: readonly string[];
  logsDir: string;
  log: (message: string) => void;
  /** A child that exits with EXIT_STARTUP_FAILED within this time after starting is not restarted. */
  startupMs?: number;
  /** Wait before the first restart (doubles while the host keeps dying, up to 30 s). */
  firstDelayMs?: number;
}

/** Runs the host under supervision; resolves with the exit code `serve` should end with. */
export function superviseHost(options: SupervisorOptions): Promise<number> {
  const startupMs = options.startupMs ?? 15_000;
  const firstDelay = options.firstDelayMs ?? 1_000;
  let child: ChildProcess | null = null;
  let stopping = false;
  let delay = firstDelay;
  let restarts = 0;
  return new Promise<number>((resolve) => {
    const start = (): void => {
      const startedAt = Date.now();
      child = fork(options.script, [...options.args], { env: withLargePages({ ...process.env, [SUPERVISED_ENV]: '1' }), stdio: 'inherit' });
      child.on('error', (e) => options.log(`The Bedside browser host could not be started: ${e.message}`));
      child.on('exit', (code, signal) => {
        child = null;
        if (stopping) return resolve(code ?? 0);
        if (code === 0) return resolve(0);
        const ranMs = Date.now() - startedAt;
        if (code === EXIT_STARTUP_FAILED && ranMs < startupMs) return resolve(code);
        if (ranMs > 60_000) delay = firstDelay;
        restarts++;
        const record: RestartRecord = { at: new Date().toISOString(), exitCode: code, signal, restartInMs: delay };
        try {
          fs.mkdirSync(options.logsDir, { recursive: true });
          fs.appendFileSync(restartLogFile(options.logsDir), JSON.stringify(record) + '\n');
        } catch {
          // The restart matters more than its record.
        }
        options.log(`The Bedside browser host stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); starting it again in ${Math.round(delay / 1000)} s (restart ${restarts} since serve started). Open sessions must sign in again.`);
        setTimeout(() => (stopping ? resolve(0) : start()), delay).unref();
        delay = Math.min(30_000, delay * 2);
      });
    };
    const stop = (signal: NodeJS.Signals): void => {
      stopping = true;
      if (child) child.kill(signal);
      else resolve(0);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    start();
  });
}

/** Error codes of one client's connection going wrong: logging them and going on is safe. */
const CONNECTION_ERRORS = /^(ECONNRESET|EPIPE|ETIMEDOUT|ECONNABORTED|ECANCELED|EHOSTUNREACH|ENETUNREACH|ERR_STREAM_|ERR_HTTP_|ERR_SSL_|ERR_TLS_|HPE_|WS_ERR_)/;

/**
 * The process's last line of defence. A rejected promise nobody handled is logged and the host
 * goes on (no state is half-changed by a rejection). An uncaught exception is logged; when it
 * is one client's connection failing the host goes on, otherwise it exits with EXIT_RESTART
 * so that the supervisor starts a clean one (state after an arbitrary exception cannot be trusted).
 */
export function installLastLineOfDefence(log: (message: string) => void, exit: (code: number) => void = (c) => process.exit(c)): void {
  // Kind, code and where in the code: never the message, which can quote what a client sent.
  const describe = (e: unknown): string => (e instanceof Error ? `${e.name}${(e as NodeJS.ErrnoException).code ? ` ${(e as NodeJS.ErrnoException).code}` : ''}` : typeof e);
  process.on('unhandledRejection', (reason) => log(`Bedside: an unhandled rejection was caught and the host goes on (${describe(reason)}).`));
  process.on('uncaughtException', (e) => {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && CONNECTION_ERRORS.test(code)) {
      log(`Bedside: a client connection failed (${describe(e)}); the host goes on.`);
      return;
    }
    log(`Bedside: an unexpected error stopped the browser host (${describe(e)}${e instanceof Error && e.stack ? `\n${e.stack.split('\n').slice(1, 6).join('\n')}` : ''}); it will be started again.`);
    exit(EXIT_RESTART);
  });
}
