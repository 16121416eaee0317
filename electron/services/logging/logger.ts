/**
 * Bedside's log: JSON lines written by pino into `<data>/logs/<process>.log`, rotated and
 * size-capped (rotatingFile.ts), with a level per module (BEDSIDE_LOG_LEVEL, e.g.
 * `info,records=debug,inference=warn`).
 *
 * Patient data stays out by construction: an entry is an event name that must be a string
 * literal in the code (never a value), and fields that are numbers, booleans or `safe.id()`
 * identifiers (checked against an id pattern; anything else is written as "[not an id]").
 * Errors are written as their type, code and stack frames, never their message, which may
 * quote a record. Free-text messages of older service callbacks go through `scrubText`, and
 * pino's `redact` blanks known patient keys should one ever reach an entry.
 */
import pino from 'pino';
import { RotatingFile } from './rotatingFile';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

declare const safeBrand: unique symbol;
/** A string that is known to be an identifier (record id, channel name, code), never free text. */
export type SafeId = string & { readonly [safeBrand]: true };
/** What a log entry may carry. */
export type LogFields = Record<string, number | boolean | null | SafeId | readonly SafeId[]>;
/** Only a string literal: `log.info(name)` with a variable does not compile. */
type Literal<E extends string> = string extends E ? never : E;

/** FHIR ids, codes, channel and pack names, versions: letters, digits and - . _ : / @ + only. */
const ID_PATTERN = /^[A-Za-z0-9\-._:/@+]{1,128}$/;

export const safe = {
  /** Marks an identifier as loggable; anything that does not look like one is replaced. */
  id(value: string): SafeId {
    return (ID_PATTERN.test(value) ? value : '[not an id]') as SafeId;
  },
};

/** One module's logger. */
export interface ModuleLogger {
  debug<E extends string>(event: Literal<E>, fields?: LogFields): void;
  info<E extends string>(event: Literal<E>, fields?: LogFields): void;
  warn<E extends string>(event: Literal<E>, fields?: LogFields): void;
  error<E extends string>(event: Literal<E>, fields?: LogFields, error?: unknown): void;
}

/** Keys that would hold patient data; blanked should any reach an entry (defence in depth). */
const REDACT_KEYS = ['name', 'given', 'family', 'mrn', 'identifier', 'text', 'note', 'query', 'search', 'terms', 'birthDate', 'address', 'telecom', 'content', 'data', 'input', 'resource', 'message', 'password'];

/** Error details that say where, not what: type, code and stack frames (no message). */
export function describeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { type: typeof e };
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 12)
    .map((l) => l.trim());
  const code = (e as { code?: unknown }).code;
  return { type: e.name, ...(typeof code === 'string' && ID_PATTERN.test(code) ? { errorCode: code } : {}), frames };
}

/**
 * Scrubs a free-text message from our own code: quoted text (where values are quoted) and
 * anything after a colon in an embedded error message are replaced; ids and numbers stay.
 */
export function scrubText(message: string): string {
  return message
    .replace(/"[^"]*"|“[^”]*”|'[^']*'/g, '"…"')
    .replace(/\s*\([^)]*\)/g, (m) => (/^[\s(]*[\w\-./:@]*[\s)]*$/.test(m) ? m : ' (…)'))
    .slice(0, 300);
}

export interface LoggingOptions {
  /** `<data>/logs`. */
  dir: string;
  /** The process's log file stem: `bedside` (app, browser host) or `admin` (command line). */
  file: string;
  /** Default level and per-module levels, e.g. `info,records=debug` (default: BEDSIDE_LOG_LEVEL, else info). */
  levels?: string;
  maxBytes?: number;
  maxFiles?: number;
}

/** The parsed `info,records=debug` form. */
export function parseLevels(spec: string | undefined): { base: LogLevel; modules: Map<string, LogLevel> } {
  let base: LogLevel = 'info';
  const modules = new Map<string, LogLevel>();
  for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [a, b] = part.split('=');
    const level = (b ?? a)!.trim() as LogLevel;
    if (!LEVELS.includes(level)) continue;
    if (b === undefined) base = level;
    else modules.set(a!.trim(), level);
  }
  return { base, modules };
}

/** The log of one process. */
export class Logging {
  readonly file: RotatingFile;
  private readonly root: pino.Logger;
  private readonly levels: ReturnType<typeof parseLevels>;
  private readonly modules = new Map<string, ModuleLogger>();

  constructor(options: LoggingOptions) {
    this.file = new RotatingFile({ dir: options.dir, name: options.file, maxBytes: options.maxBytes ?? 5 * 1024 * 1024, maxFiles: options.maxFiles ?? 5 });
    this.levels = parseLevels(options.levels ?? process.env.BEDSIDE_LOG_LEVEL);
    this.root = pino(
      {
        level: 'debug',
        base: { pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        messageKey: 'event',
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: [...REDACT_KEYS, ...REDACT_KEYS.map((k) => `*.${k}`)], censor: '[redacted]' },
      },
      this.file,
    );
  }

  /** The logger of one module (records, inference, models, ipc, admin, …). */
  module(name: string): ModuleLogger {
    let m = this.modules.get(name);
    if (!m) {
      const child = this.root.child({ module: name }, { level: this.levels.modules.get(name) ?? this.levels.base });
      const emit = (level: 'debug' | 'info' | 'warn' | 'error', fields: object, event: string): void => {
        (child[level] as (this: pino.Logger, obj: object, msg: string) => void).call(child, fields, event);
      };
      m = {
        debug: (event, fields) => emit('debug', { ...fields }, event),
        info: (event, fields) => emit('info', { ...fields }, event),
        warn: (event, fields) => emit('warn', { ...fields }, event),
        error: (event, fields, error) => emit('error', { ...fields, ...(error === undefined ? {} : { error: describeError(error) }) }, event),
      };
      this.modules.set(name, m);
    }
    return m;
  }

  /**
   * A bridge for the services' `log(message, error?)` callbacks: the message is scrubbed
   * (scrubText) and the error reduced to its type, code and frames.
   */
  serviceLog(moduleName: string): (message: string, error?: unknown) => void {
    const child = this.root.child({ module: moduleName }, { level: this.levels.modules.get(moduleName) ?? this.levels.base });
    return (message, error) => child.warn({ detail: scrubText(message), ...(error === undefined ? {} : { error: describeError(error) }) }, 'service-message');
  }

  /** Closes the file. */
  close(): void {
    this.file.close();
  }
}
