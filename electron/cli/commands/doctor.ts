/**
 * `admin doctor`: checks the install and says what to fix: native modules load, execution
 * providers, the data folder is writable, the screens are built.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AdminCommand } from '../command';
import { DataFolderService } from '../../services/dataFolder';
import { probeProviders } from '../../services/inference/providerProbe';

interface Check {
  name: string;
  ok: boolean;
  message: string;
}

function loads(moduleName: string, fix: string, probe: (m: unknown) => void): Check {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    probe(require(moduleName));
    return { name: moduleName, ok: true, message: 'loads' };
  } catch (e) {
    return { name: moduleName, ok: false, message: `${(e as Error).message.split('\n')[0]}. ${fix}` };
  }
}

/** Runs every install check. */
export function runDoctorChecks(ctx: Parameters<AdminCommand['run']>[1]): Check[] {
  const reinstall = 'Run "npm ci" again (see the README for the offline install flags).';
  const checks: Check[] = [
    loads('better-sqlite3-multiple-ciphers', reinstall, (m) => {
      const Database = m as new (file: string) => { prepare(s: string): { get(): unknown }; close(): void };
      const db = new Database(':memory:');
      db.prepare('select sqlite_version()').get();
      db.close();
    }),
    loads('onnxruntime-node', reinstall, (m) => {
      if (typeof (m as { InferenceSession?: unknown }).InferenceSession !== 'function') throw new Error('InferenceSession missing');
    }),
    loads('sharp', reinstall, (m) => {
      if (typeof m !== 'function') throw new Error('sharp did not load');
    }),
  ];
  for (const p of probeProviders()) {
    checks.push({ name: `provider ${p.name}`, ok: true, message: p.available ? 'available' : `not available: ${p.note ?? ''}` });
  }
  const folder = new DataFolderService(ctx.paths);
  try {
    folder.boot();
    checks.push({ name: 'data folder', ...folder.checkWritable() });
  } catch (e) {
    checks.push({ name: 'data folder', ok: false, message: (e as Error).message });
  }
  const rendererBuilt = fs.existsSync(path.join(ctx.paths.rendererDir, 'index.html'));
  checks.push({ name: 'screens', ok: rendererBuilt, message: rendererBuilt ? 'built' : 'not built: run "npm run build"' });
  return checks;
}

export const doctorCommand: AdminCommand = {
  name: 'doctor',
  usage: 'doctor',
  summary: 'Check the install and say what to fix; shows where the logs are',
  options: {},
  run: async (_args, ctx) => {
    const checks = runDoctorChecks(ctx);
    for (const c of checks) (c.ok ? ctx.out : ctx.err)(`${c.ok ? 'ok  ' : 'FIX '} ${c.name}: ${c.message}`);
    const failed = checks.filter((c) => !c.ok).length;
    ctx.out(`Data folder: ${ctx.paths.dataDir}`);
    ctx.out(`Logs: ${ctx.paths.logsDir} (JSON lines, newest in bedside.log; send these to support, they hold no patient data)`);
    ctx.out(failed ? `${failed} problem(s) found.` : 'Everything Bedside needs is in place.');
    ctx.result({ problems: failed, dataDir: ctx.paths.dataDir, logsDir: ctx.paths.logsDir, checks });
    return failed ? 1 : 0;
  },
};
