/**
 * The log: JSON lines in <data>/logs, rotated and size-capped, levels per module, and no
 * patient data. A golden-path-like run through the real services (sign-in, demo clinic,
 * searches by name and MRN, charts, a note, an export, a refused call, a failing import, and
 * the admin command line) must leave no demo patient's name or MRN in any log file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBedside } from '../../../electron/app/createBedside';
import { runAdmin } from '../../../electron/cli/admin';
import { Logging, parseLevels, safe, scrubText } from '../../../electron/services/logging/logger';
import { nodeAppPaths } from '../../../electron/services/paths';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import type { AuthService } from '../../../electron/services/auth/authService';
import { TEST_PASSWORD_COST } from '../../helpers/bedsideHarness';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
const ctx = { transport: 'ipc' as const, senderUrl: 'app://bedside/index.html', isMainFrame: true, connectionId: '1' };

/** Every line of every file under `dir`. */
function logLines(dir: string): { file: string; line: string }[] {
  return fs.readdirSync(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((line) => ({ file: f, line })));
}

describe('log redaction', () => {
  const dataDir = tempDir();
  const paths = nodeAppPaths(repoRoot, 'browser-host', { BEDSIDE_DATA_DIR: dataDir }, []);
  const logging = new Logging({ dir: paths.logsDir, file: 'bedside', levels: 'debug' });
  afterAll(() => logging.close());

  it('a golden-path run leaves no demo patient name or MRN in any log file', async () => {
    const bedside = await createBedside({ paths, logging, mode: 'headless', isTrustedSender: () => true, passwordCost: TEST_PASSWORD_COST });
    const records = bedside.container.get<RecordsService>('records');
    const auth = bedside.container.get<AuthService>('auth');
    const call = (channel: string, input: unknown) => bedside.router.invoke(ctx, channel, input);
    try {
      await auth.createUser('system:test', { username: 'dr.log', displayName: 'Dr Log', roles: ['clinician', 'nurse', 'admin'], temporaryPassword: 'log test: long enough pass', permanent: true });
      expect((await call('auth.signIn', { username: 'dr.log', password: 'log test: long enough pass' })).ok).toBe(true);
      const { patients } = records.seedDemoClinic('dr.log', { anchor: '2026-01-15T00:00:00Z' });
      const secrets: string[] = [];
      for (const p of patients) {
        const found = await call('records.searchPatients', { query: p.name.split(' ').at(-1)!, limit: 5 });
        expect(found.ok).toBe(true);
        const summary = (found as { value: { patients: { id: string; name: string; identifiers: string[] }[] } }).value.patients.find((s) => s.id === p.id)!;
        secrets.push(...summary.name.split(/\s+/).filter((w) => w.length > 2), summary.name, ...summary.identifiers.map((i) => i.split('|').at(-1)!.trim()));
        for (const mrn of summary.identifiers) expect((await call('records.searchPatients', { query: mrn.split('|').at(-1)!.trim(), limit: 5 })).ok).toBe(true);
        expect((await call('records.chart', { patientId: p.id, limit: 50 })).ok).toBe(true);
      }
      const first = patients[0]!;
      const note = { resourceType: 'DocumentReference', status: 'current', subject: { reference: `Patient/${first.id}` }, date: '2026-01-15T09:00:00Z', content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(`${first.name} reports chest pain.`).toString('base64') } }] };
      await call('records.saveResource', { resource: note });
      await call('records.searchNotes', { query: first.name.split(' ')[0], limit: 5 });
      await call('records.exportPatient', { patientId: first.id, dest: path.join(dataDir, `${first.name}.json`), format: 'bundle' });
      // Refused and failing calls carry the name in their input; only the outcome may be logged.
      await call('records.searchPatients', { query: first.name, limit: 5, extra: first.name });
      await call('records.importStart', { path: path.join(dataDir, `${first.name} missing.json`) });
      await call('no.such.channel', { name: first.name });
      await new Promise((r) => setTimeout(r, 300));
      // The admin command line logs into the same folder (admin.log); it runs once the app has
      // let go of the data folder (it refuses to write while Bedside runs there).
      await bedside.shutdown();
      const sink = () => undefined;
      await runAdmin(['export', first.id, path.join(dataDir, `${first.name} cli.json`), '--data-dir', dataDir], sink, sink);
      await runAdmin(['suggest', first.id, '--no-models', '--data-dir', dataDir], sink, sink);
      await runAdmin(['export', 'all', path.join(dataDir, 'x.json'), `--${first.name.split(' ')[0]}`, '--data-dir', dataDir], sink, sink);

      const lines = logLines(paths.logsDir);
      expect(new Set(lines.map((l) => l.file))).toEqual(new Set(['bedside.log', 'admin.log']));
      const entries = lines.map((l) => JSON.parse(l.line) as Record<string, unknown>);
      expect(entries.filter((e) => e.event === 'call').length).toBeGreaterThan(patients.length * 2);
      expect(entries.some((e) => e.event === 'call-refused')).toBe(true);
      expect(entries.filter((e) => e.module === 'admin' && e.event === 'command').map((e) => e.exitCode)).toEqual([0, 0, 2]);
      expect(secrets.length).toBeGreaterThan(patients.length * 2);
      const text = lines.map((l) => l.line).join('\n').toLowerCase();
      for (const s of secrets) expect(text.includes(s.toLowerCase()), `"${s}" is in the log`).toBe(false);
      expect(text).not.toContain('chest pain');
    } finally {
      await bedside.shutdown();
    }
  }, 60_000);
});

describe('logger', () => {
  it('rotates at the size cap and keeps at most maxFiles files', () => {
    const dir = tempDir();
    const logging = new Logging({ dir, file: 'bedside', maxBytes: 2000, maxFiles: 3 });
    const log = logging.module('records');
    for (let i = 0; i < 200; i++) log.info('tick', { i });
    logging.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['bedside.1.log', 'bedside.2.log', 'bedside.log']);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(2000);
    const last = fs.readFileSync(path.join(dir, 'bedside.log'), 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ level: 'info', module: 'records', event: 'tick', i: 199, time: expect.any(String) });
  });

  it('has a level per module, and writes only ids, numbers and error frames', () => {
    const dir = tempDir();
    const logging = new Logging({ dir, file: 'bedside', levels: 'warn,records=debug' });
    logging.module('records').debug('kept', { n: 1 });
    logging.module('inference').info('dropped', { n: 2 });
    logging.module('inference').error('failed', { pack: safe.id('ncbi-disease-ner@0.1.1'), who: safe.id('Ana Lopez <MRN 12345>') }, new Error('Ana Lopez, MRN 12345'));
    logging.serviceLog('models')('Installed pack "Ana Lopez" failed (Ana Lopez, MRN 12345)');
    logging.close();
    const entries = fs.readFileSync(path.join(dir, 'bedside.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => e.event)).toEqual(['kept', 'failed', 'service-message']);
    expect(entries[1]).toMatchObject({ pack: 'ncbi-disease-ner@0.1.1', who: '[not an id]', error: { type: 'Error', frames: expect.any(Array) } });
    expect(JSON.stringify(entries)).not.toMatch(/Ana|12345/);
    expect(parseLevels('info,records=debug,bad=nope').modules.get('records')).toBe('debug');
    expect(scrubText('Import abc-1 failed: "Ana"')).toBe('Import abc-1 failed: "…"');
  });
});
