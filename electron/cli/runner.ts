/**
 * The admin command line's conventions, for every command: global options (--data-dir,
 * --json, --help, --version), strict parsing with node:util parseArgs for commands that
 * declare their options, `<command> --help`, errors on standard error, --json output, progress
 * on a terminal, and the exit codes in command.ts (EXIT).
 */
import { parseArgs } from 'node:util';
import { EXIT, type AdminCommand, type CommandContext, type CommandOption } from './command';
import type { AppPaths } from '../services/paths';
import type { KeyStore } from '../services/records/keyStore';
import { isBedsideError } from '../services/errors';
import { terminalProgress } from './progress';

/** Where the runner writes: lines on standard output and standard error, and the progress stream. */
export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  progressStream?: { isTTY?: boolean; columns?: number; write(s: string): unknown };
  /** Records an unexpected fault (the logger); the runner adds the command name. */
  logFault?: (command: string, error: unknown) => void;
}

export interface RunnerSettings {
  commands: AdminCommand[];
  /** How the admin types the program (`npm run admin --`, `Bedside --admin`). */
  program: string;
  /** The line `--version` prints. */
  versionLine: string;
  paths: AppPaths;
  appRoot: string;
  /** The installed app's key store (the OS keychain); absent: the key file. */
  keyStore?: KeyStore;
}

/** Options every command accepts. */
const GLOBAL_OPTIONS: Record<string, CommandOption> = {
  'data-dir': { type: 'string', description: 'the data folder (else BEDSIDE_DATA_DIR, else the platform default)' },
  json: { type: 'boolean', description: 'print the result as one JSON document on standard output' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** The global usage: every command with its summary. */
function globalUsage(s: RunnerSettings): string[] {
  return [
    `Usage: ${s.program} <command> [options] [--data-dir <folder>] [--json]`,
    `       ${s.program} <command> --help   |   ${s.program} --version`,
    '',
    'Commands:',
    ...s.commands.map((c) => `  ${c.usage.padEnd(40)} ${c.summary}`),
    '',
    'Exit codes: 0 done, 1 failed or problems found (see the message), 2 wrong command line, 70 internal fault (see the log).',
  ];
}

/** One command's help: usage, summary and options. */
function commandHelp(s: RunnerSettings, c: AdminCommand): string[] {
  const opts = { ...(c.options ?? {}), ...GLOBAL_OPTIONS };
  return [
    `Usage: ${s.program} ${c.usage}`,
    '',
    c.summary,
    '',
    'Options:',
    ...Object.entries(opts).map(([name, o]) => `  ${`${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' <value>' : ''}`.padEnd(28)} ${o.description ?? ''}`),
  ];
}

/** Removes the global options from a command's arguments (for commands without declared options). */
function withoutGlobals(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--data-dir') i++;
    else if (a.startsWith('--data-dir=') || a === '--json' || a === '--help' || a === '-h') continue;
    else out.push(a);
  }
  return out;
}

/** The first sentence of parseArgs' message ("Unknown option '--fromat'."). */
function firstSentence(message: string): string {
  const m = /^[^]*?\.(?=\s|$)/.exec(message);
  return (m ? m[0] : message).trim();
}

/** Runs one command line with `settings`; returns the exit code. */
export async function runCommandLine(argv: string[], settings: RunnerSettings, io: CommandIo): Promise<number> {
  const jsonWanted = argv.includes('--json');
  const firstPositional = (() => {
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === '--data-dir') i++;
      else if (!argv[i]!.startsWith('-')) return i;
    }
    return -1;
  })();
  const name = firstPositional >= 0 ? argv[firstPositional]! : undefined;
  const rest = argv.filter((_a, i) => i !== firstPositional);
  const printJson = (data: Record<string, unknown>) => io.out(JSON.stringify(data, null, 2));

  if (!name) {
    if (argv.includes('--version') || argv.includes('-V')) {
      if (jsonWanted) printJson({ command: 'version', ok: true, exitCode: 0, version: settings.versionLine });
      else io.out(settings.versionLine);
      return EXIT.ok;
    }
    if (argv.includes('--help') || argv.includes('-h')) {
      for (const l of globalUsage(settings)) io.out(l);
      return EXIT.ok;
    }
    const unknown = argv.find((a) => a.startsWith('-') && !['--json', '--data-dir'].includes(a) && !a.startsWith('--data-dir='));
    io.err(unknown ? `Error: Unknown option '${unknown}'.` : 'Error: Give a command.');
    for (const l of globalUsage(settings)) io.err(l);
    return EXIT.usage;
  }
  if (name === 'help') {
    const topic = settings.commands.find((c) => c.name === rest.find((a) => !a.startsWith('-')));
    for (const l of topic ? commandHelp(settings, topic) : globalUsage(settings)) io.out(l);
    return EXIT.ok;
  }
  const command = settings.commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Error: Unknown command "${name}".`);
    for (const l of globalUsage(settings)) io.err(l);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    for (const l of commandHelp(settings, command)) io.out(l);
    return EXIT.ok;
  }

  const usageError = (message: string): number => {
    if (jsonWanted) printJson({ command: command.name, ok: false, exitCode: EXIT.usage, error: { code: 'usage', message } });
    io.err(`Error: ${message}`);
    io.err(`Usage: ${settings.program} ${command.usage}   (${settings.program} ${command.name} --help for the options)`);
    return EXIT.usage;
  };

  let values: Record<string, string | boolean | undefined> = {};
  let positionals: string[];
  const args = withoutGlobals(rest);
  if (command.options) {
    try {
      const parsed = parseArgs({ args: rest, options: { ...command.options, ...GLOBAL_OPTIONS }, strict: true, allowPositionals: true });
      values = parsed.values as Record<string, string | boolean | undefined>;
      positionals = parsed.positionals;
    } catch (e) {
      return usageError(firstSentence((e as Error).message));
    }
    const [min, max] = command.positionals ?? [0, 0];
    if (positionals.length < min) return usageError(`${command.name} needs ${min === max ? min : `at least ${min}`} argument(s); ${positionals.length} given.`);
    if (positionals.length > max) return usageError(`${command.name} takes ${max ? `at most ${max}` : 'no'} argument(s); unexpected "${positionals.slice(max).join(' ')}".`);
  } else {
    positionals = args.filter((a) => !a.startsWith('-'));
  }

  const held: string[] = [];
  let result: Record<string, unknown> | undefined;
  const silent = { isTTY: false, write: () => true };
  const bar = terminalProgress(jsonWanted ? silent : (io.progressStream ?? silent));
  const ctx: CommandContext = {
    paths: settings.paths,
    appRoot: settings.appRoot,
    out: jsonWanted ? (l) => held.push(l) : io.out,
    err: io.err,
    json: jsonWanted,
    values,
    positionals,
    result: (data) => {
      result = data;
    },
    progress: bar.report,
    ...(settings.keyStore ? { keyStore: settings.keyStore } : {}),
  };
  let code: number;
  try {
    code = await command.run(args, ctx);
    bar.done();
  } catch (e) {
    bar.done();
    const fault = !isBedsideError(e);
    const message = isBedsideError(e) ? e.message : `${e instanceof Error ? e.message : String(e)} (an unexpected fault in Bedside; details are in the log).`;
    if (fault) io.logFault?.(command.name, e);
    code = fault ? EXIT.internal : EXIT.failed;
    if (jsonWanted) printJson({ command: command.name, ok: false, exitCode: code, error: { code: isBedsideError(e) ? e.code : 'internal', message } });
    io.err(`Error: ${message}`);
    return code;
  }
  if (jsonWanted) {
    printJson({ command: command.name, ok: code === EXIT.ok, exitCode: code, ...(result ?? { output: held }) });
  }
  return code;
}
