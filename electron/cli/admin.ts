/**
 * `npm run admin -- <command>` (or `Bedside --admin <command>` in the installed app): Bedside's
 * command line for clinic IT. Every command honours `--data-dir` and BEDSIDE_DATA_DIR, `--json`
 * and `--help`, prints what it did, and exits non-zero with a clear message on standard error on
 * failure (runner.ts holds the conventions, command.ts the exit codes).
 */
import path from 'node:path';
import type { AdminCommand } from './command';
import { nodeAppPaths, type AppPaths } from '../services/paths';
import type { KeyStore } from '../services/records/keyStore';
import { runCommandLine } from './runner';
import { Logging, safe } from '../services/logging/logger';
import { versionCommand, versionLine } from './commands/version';
import { doctorCommand } from './commands/doctor';
import { createUserCommand, recoverKeyCommand, resetPasswordCommand, unlockCommand } from './commands/accounts';
import { importCommand } from './commands/import';
import { exportCommand } from './commands/export';
import { validateCommand } from './commands/validate';
import { seedCommand } from './commands/seed';
import { backupCommand } from './commands/backup';
import { restoreCommand } from './commands/restore';
import { auditCheckpointCommand, verifyAuditCommand } from './commands/verifyAudit';
import { cdsReportCommand, suggestCommand } from './commands/suggest';
import { dicomCommand } from './commands/dicom';
import { pacsCommand } from './commands/pacs';

/** Every admin command, in the order `help` lists them. */
export const adminCommands: AdminCommand[] = [
  versionCommand,
  doctorCommand,
  importCommand,
  exportCommand,
  seedCommand,
  backupCommand,
  restoreCommand,
  verifyAuditCommand,
  auditCheckpointCommand,
  createUserCommand,
  unlockCommand,
  resetPasswordCommand,
  recoverKeyCommand,
  suggestCommand,
  cdsReportCommand,
  validateCommand,
  dicomCommand,
  pacsCommand,
];

/** How the admin typed the program, for usage lines: the installed app or a checkout. */
function programName(): string {
  return process.versions.electron ? 'Bedside --admin' : 'npm run admin --';
}

/**
 * Runs one command line; returns the exit code. Output lines go to `out`, errors and usage
 * mistakes to `err` (standard error); a caller that passes only `out` (a test collecting
 * everything) gets both there.
 */
export async function runAdmin(argv: string[], out?: (l: string) => void, err?: (l: string) => void, installed?: { paths: AppPaths; keyStore: KeyStore }): Promise<number> {
  // The installed app passes its paths; a checkout's admin.js sits in dist/electron/cli.
  const appRoot = installed ? path.resolve(installed.paths.rendererDir, '..', '..') : path.resolve(__dirname, '..', '..', '..');
  const paths = installed?.paths ?? nodeAppPaths(appRoot, 'browser-host', process.env, argv);
  const logging = new Logging({ dir: paths.logsDir, file: 'admin' });
  const log = logging.module('admin');
  const started = performance.now();
  const code = await runCommandLine(
    argv,
    { commands: adminCommands, program: programName(), versionLine: versionLine(), paths, appRoot, ...(installed ? { keyStore: installed.keyStore } : {}) },
    {
      out: out ?? ((l) => process.stdout.write(`${l}\n`)),
      err: err ?? out ?? ((l) => process.stderr.write(`${l}\n`)),
      ...(out ? {} : { progressStream: process.stderr }),
      logFault: (command, error) => log.error('command-fault', { command: safe.id(command) }, error),
    },
  );
  // The command's name and outcome only: its arguments may name files or patients.
  const name = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--data-dir');
  if (name && adminCommands.some((c) => c.name === name)) log.info('command', { command: safe.id(name), exitCode: code, ms: Math.round(performance.now() - started) });
  logging.close();
  return code;
}

// Run as a script (node dist/electron/cli/admin.js); not when bundled into the main process (main.js).
if (require.main === module && path.basename(__filename) === 'admin.js') {
  void runAdmin(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
