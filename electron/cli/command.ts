/**
 * The shape of an admin command: each lives in commands/ and is listed in admin.ts. A command
 * that declares `options` has its arguments parsed strictly (node:util parseArgs: an unknown
 * option or a wrong number of arguments exits 2 with its usage); one that does not gets its
 * arguments as given, less the global options (--data-dir, --json, --help).
 */
import type { AppPaths } from '../services/paths';
import type { KeyStore } from '../services/records/keyStore';

/** Exit codes of the admin command line (docs/clinic-it.md lists them for clinic IT). */
export const EXIT = {
  /** It did what was asked. */
  ok: 0,
  /** It could not, or a check found problems: the message on stderr says what to fix. */
  failed: 1,
  /** The command line was wrong (unknown command or option, missing argument): usage on stderr. */
  usage: 2,
  /** An unexpected fault in Bedside itself (a bug): details are in the log. */
  internal: 70,
} as const;

/** One option of a command, as node:util parseArgs declares it. */
export interface CommandOption {
  type: 'string' | 'boolean';
  short?: string;
  /** One line for `<command> --help`. */
  description?: string;
}

export interface CommandContext {
  paths: AppPaths;
  appRoot: string;
  /** Prints a line for the admin (standard output; held back with --json). */
  out: (line: string) => void;
  /** Prints a line on standard error (warnings; the runner prints errors). */
  err: (line: string) => void;
  /** True with --json: the runner prints the result (see `result`) as one JSON document. */
  json: boolean;
  /** Parsed option values (for commands that declare `options`; empty otherwise). */
  values: Record<string, string | boolean | undefined>;
  /** Positional arguments (for commands that declare `options`; `args` otherwise). */
  positionals: string[];
  /** The command's result for --json (printed with `command`, `ok` and `exitCode`). */
  result: (data: Record<string, unknown>) => void;
  /** Reports progress of a long task (0–1): a bar on standard error when it is a terminal. */
  progress: (fraction: number, message: string) => void;
  /** The installed app's key store (OS keychain); absent: the key file in the data folder. */
  keyStore?: KeyStore;
}

export interface AdminCommand {
  name: string;
  usage: string;
  summary: string;
  /** Options, parsed strictly when present (an empty object allows none). */
  options?: Record<string, CommandOption>;
  /** With `options`: the fewest and most positional arguments (default [0, 0]). */
  positionals?: [number, number];
  /** Returns the process exit code; throws a BedsideError for failures the admin can fix. */
  run: (args: string[], ctx: CommandContext) => Promise<number>;
}
