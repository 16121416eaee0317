/**
 * `npm run admin -- <command>`: Bedside's command line for clinic IT. Every command honours
 * `--data-dir` and BEDSIDE_DATA_DIR, prints what it did, and exits non-zero with a clear
 * message on failure.
 */
import path from 'node:path';
import type { AdminCommand } from './command';
import { nodeAppPaths } from '../services/paths';
import { isBedsideError } from '../services/errors';
import { versionCommand } from './commands/version';
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
];

function usage(out: (l: string) => void): void {
  out('Usage: npm run admin -- <command> [options] [--data-dir <folder>]');
  out('');
  for (const c of adminCommands) out(`  ${c.usage.padEnd(40)} ${c.summary}`);
}

/** The arguments without `--data-dir <folder>` (already applied to the paths). */
function withoutDataDir(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data-dir') i++;
    else if (!argv[i]!.startsWith('--data-dir=')) out.push(argv[i]!);
  }
  return out;
}

/** Runs one command line; returns the exit code. */
export async function runAdmin(argv: string[], out = (l: string) => console.log(l)): Promise<number> {
  const appRoot = path.resolve(__dirname, '..', '..', '..');
  const paths = nodeAppPaths(appRoot, 'browser-host', process.env, argv);
  const args = withoutDataDir(argv);
  const nameIndex = args.findIndex((a) => !a.startsWith('--'));
  const name = nameIndex >= 0 ? args[nameIndex] : undefined;
  const rest = args.filter((_a, i) => i !== nameIndex);
  if (!name || name === 'help' || argv.includes('--help')) {
    usage(out);
    return name ? 0 : 2;
  }
  const command = adminCommands.find((c) => c.name === name);
  if (!command) {
    out(`Unknown command "${name}".`);
    usage(out);
    return 2;
  }
  try {
    return await command.run(rest, { paths, appRoot, out });
  } catch (e) {
    out(isBedsideError(e) ? `Error: ${e.message}` : `Error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  void runAdmin(process.argv.slice(2)).then((code) => process.exit(code));
}
