/**
 * `admin doctor`: checks the install and says what to fix: native modules load, execution
 * providers, the data folder is writable, the screens are built.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AdminCommand } from '../command';
import { DataFolderService } from '../../services/dataFolder';
import { probeProviders } from '../../services/inference/providerProbe';
import { DEMO_KEY_ID, isDemoMode, loadTrustedKeys, trustOnPurpose } from '../../services/models/signing';
import { readRestarts } from '../../server/supervisor';
import { readLockHolder } from '../../services/dataFolderLock';
import { InteropClients } from '../../server/interopClients';

/** The systems registered for CDS Hooks and the FHIR API (docs/interop.md): a bad file refuses them all, so it fails the doctor. */
function interopClientsCheck(dataDir: string): Check {
  const { clients, problem } = new InteropClients(dataDir).current();
  if (problem) return { name: 'interoperability clients', ok: false, message: problem };
  return { name: 'interoperability clients', ok: true, message: clients.size ? `${clients.size} registered: ${[...clients.values()].map((c) => `${c.name} (${c.roles.join(', ')})`).join('; ')}` : 'none registered (no other system can call the CDS Hooks service or the FHIR API)' };
}

interface Check {
  name: string;
  ok: boolean;
  message: string;
  /** Works, but someone should look (printed as WARN; does not fail the doctor). */
  warn?: boolean;
}

/** Whether the public demo signing key would be trusted here, said loudly: its private key is public. */
export function demoKeyCheck(paths: { bundledTrustedKeysDir: string; trustedKeysDir: string }, demoMode = isDemoMode()): Check {
  const keys = trustOnPurpose(loadTrustedKeys([paths.bundledTrustedKeysDir, paths.trustedKeysDir]), { demoMode, clinicKeyDirs: [paths.trustedKeysDir] });
  const demo = keys.filter((k) => k.keyId === DEMO_KEY_ID);
  if (!demo.length) return { name: 'pack signing keys', ok: true, message: `${keys.length} trusted key(s); the public demo key is not trusted.` };
  const where = demo.map((k) => k.source).join(', ');
  return demoMode
    ? { name: 'pack signing keys', ok: true, warn: true, message: `DEMO MODE (BEDSIDE_DEMO=1): the PUBLIC demo signing key is trusted (${where}). Anyone can sign a model pack with it. Never use demo mode with real patients.` }
    : {
        name: 'pack signing keys',
        ok: false,
        message: `THE PUBLIC DEMO SIGNING KEY IS TRUSTED (${where}). Its private key is published, so anyone can make a model pack this Bedside accepts. Remove that file unless this computer is only a demonstration.`,
      };
}

/** Restarts of the browser host recorded by its supervisor in the last 7 days. */
export function restartsCheck(logsDir: string, now = Date.now()): Check {
  const recent = readRestarts(logsDir).filter((r) => now - Date.parse(r.at) < 7 * 86_400_000);
  if (!recent.length) return { name: 'browser host restarts', ok: true, message: 'none in the last 7 days' };
  const last = recent[recent.length - 1]!;
  return {
    name: 'browser host restarts',
    ok: true,
    warn: true,
    message: `the browser host stopped unexpectedly and was started again ${recent.length} time(s) in the last 7 days (last ${last.at}, ${last.signal ? `signal ${last.signal}` : `exit code ${last.exitCode}`}). Its console output says why; report it to your Bedside supplier.`,
  };
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
  checks.push(demoKeyCheck(ctx.paths));
  checks.push(restartsCheck(ctx.paths.logsDir));
  checks.push(interopClientsCheck(ctx.paths.dataDir));
  const holder = readLockHolder(ctx.paths.dataDir);
  checks.push({ name: 'data folder in use', ok: true, message: holder ? `by the Bedside ${holder.what} (process ${holder.pid}, started ${holder.startedAt})` : 'no Bedside holds it now' });
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
    for (const c of checks) (c.ok ? ctx.out : ctx.err)(`${!c.ok ? 'FIX ' : c.warn ? 'WARN' : 'ok  '} ${c.name}: ${c.message}`);
    const failed = checks.filter((c) => !c.ok).length;
    ctx.out(`Data folder: ${ctx.paths.dataDir}`);
    ctx.out(`Logs: ${ctx.paths.logsDir} (JSON lines, newest in bedside.log; send these to support, they hold no patient data)`);
    ctx.out(failed ? `${failed} problem(s) found.` : 'Everything Bedside needs is in place.');
    ctx.result({ problems: failed, dataDir: ctx.paths.dataDir, logsDir: ctx.paths.logsDir, checks });
    return failed ? 1 : 0;
  },
};
