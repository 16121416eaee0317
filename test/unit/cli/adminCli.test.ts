/**
 * The admin command line's conventions: strict options (unknown flags exit 2 with the usage),
 * errors on standard error, `--help` per command, `--version`, exit codes, and `--json` on
 * every command. The process-level checks run the built CLI (dist/) as clinic IT would.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminCommands, runAdmin } from '../../../electron/cli/admin';
import { EXIT, type AdminCommand } from '../../../electron/cli/command';
import { runCommandLine } from '../../../electron/cli/runner';
import { nodeAppPaths } from '../../../electron/services/paths';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const adminJs = path.join(repoRoot, 'dist', 'electron', 'cli', 'admin.js');
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));

beforeAll(() => {
  const built = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs'), '--quiet', '--main-only'], { cwd: repoRoot, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
}, 60_000);

/** Runs the built admin CLI; stdout, stderr and the exit code apart. */
function cli(args: string[], dataDir: string, input?: string) {
  const r = spawnSync(process.execPath, [adminJs, ...args, '--data-dir', dataDir], { encoding: 'utf8', input: input ?? '', env: { ...process.env, BEDSIDE_DATA_DIR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('admin command line (process)', () => {
  it('--version prints the version and exits 0; version --json is one JSON document', () => {
    const dir = tempDir();
    const v = cli(['--version'], dir);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^Bedside \d+\.\d+\.\d+ \(Node 24\./);
    expect(v.stderr).toBe('');
    const j = cli(['version', '--json'], dir);
    expect(JSON.parse(j.stdout)).toMatchObject({ command: 'version', ok: true, exitCode: 0, node: process.versions.node });
  });

  it('an unknown flag exits 2 with the usage on stderr and writes nothing', () => {
    const dir = tempDir();
    const dest = path.join(dir, 'out.json');
    const r = cli(['export', 'all', dest, '--fromat', 'ndjson'], dir);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Unknown option '--fromat'/);
    expect(r.stderr).toMatch(/Usage: npm run admin -- export <patient-id\|all> <dest>/);
    expect(fs.existsSync(dest)).toBe(false);
  });

  it('missing and extra arguments, unknown commands and no command exit 2 on stderr', () => {
    const dir = tempDir();
    for (const args of [['import'], ['restore', 'a', 'b'], ['frobnicate'], [], ['version', 'extra']]) {
      const r = cli(args, dir);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/^Error: /);
    }
  });

  it('<command> --help shows that command, with its options, on stdout', () => {
    const dir = tempDir();
    const r = cli(['export', '--help'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run admin -- export <patient-id\|all> <dest> \[--format bundle\|ndjson\]/);
    expect(r.stdout).toMatch(/--format <value>/);
    expect(r.stdout).not.toMatch(/cds-report/);
    expect(cli(['help', 'seed'], dir).stdout).toMatch(/--patients <value>/);
  });

  it('a failure exits 1 with the message on stderr (and as JSON with --json)', () => {
    const dir = tempDir();
    const missing = path.join(dir, 'no-such-backup.db');
    const r = cli(['restore', missing], dir);
    expect(r.code).toBe(EXIT.failed);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: /);
    const j = cli(['restore', missing, '--json'], dir);
    expect(j.code).toBe(EXIT.failed);
    expect(JSON.parse(j.stdout)).toMatchObject({ command: 'restore', ok: false, exitCode: 1, error: { code: expect.any(String), message: expect.any(String) } });
  });
});

describe('--json on every command', () => {
  it('each command prints exactly one JSON document with its result', async () => {
    const dir = tempDir();
    const results = new Map<string, Record<string, unknown>>();
    const json = async (args: string[]): Promise<Record<string, unknown>> => {
      const out: string[] = [];
      const err: string[] = [];
      await runAdmin([...args, '--json', '--data-dir', dir], (l) => out.push(l), (l) => err.push(l));
      const doc = JSON.parse(out.join('\n')) as Record<string, unknown>;
      results.set(args[0]!, doc);
      return doc;
    };
    expect(await json(['version'])).toMatchObject({ ok: true, version: expect.any(String) });
    const seeded = await json(['seed']);
    expect(seeded).toMatchObject({ ok: true, loaded: true });
    const [firstId] = seeded.patientIds as string[];
    const bundle = path.join(dir, 'all.json');
    expect(await json(['export', 'all', bundle])).toMatchObject({ ok: true, format: 'bundle', files: [bundle] });
    expect(await json(['import', bundle])).toMatchObject({ ok: true, created: 0, updated: 0 });
    const backup = (await json(['backup', path.join(dir, 'b')])) as { file: string };
    expect(backup).toMatchObject({ ok: true, resources: expect.any(Number) });
    expect(await json(['restore', backup.file])).toMatchObject({ ok: true, restoredFrom: backup.file });
    expect(await json(['verify-audit'])).toMatchObject({ ok: true, intact: true });
    const user = (await json(['create-user', 'dr.ana', '--roles', 'admin,clinician'])) as { recoveryCode: string };
    expect(user).toMatchObject({ ok: true, username: 'dr.ana', roles: ['admin', 'clinician'], temporaryPassword: expect.any(String), recoveryCode: expect.any(String) });
    expect(await json(['recover-key', '--code', user.recoveryCode])).toMatchObject({ ok: true });
    expect(await json(['unlock', 'dr.ana'])).toMatchObject({ ok: true, user: 'dr.ana', unlocked: true });
    expect(await json(['reset-password', 'dr.ana'])).toMatchObject({ ok: true, user: 'dr.ana', temporaryPassword: expect.any(String) });
    expect(await json(['audit-checkpoint'])).toMatchObject({ ok: true });
    expect(await json(['validate', bundle])).toMatchObject({ ok: true, invalid: 0, total: expect.any(Number) });
    // Not a DICOM file: a failure, still one JSON document.
    expect(await json(['dicom', bundle])).toMatchObject({ ok: false, exitCode: 1, error: { message: expect.any(String) } });
    expect(await json(['suggest', firstId!, '--no-models', '--as-of', '2026-01-15'])).toMatchObject({ ok: true, patientId: firstId, cards: expect.any(Array) });
    expect(await json(['cds-report'])).toMatchObject({ ok: true, report: expect.any(Object) });
    expect(await json(['doctor'])).toMatchObject({ logsDir: path.join(dir, 'logs'), checks: expect.any(Array) });
    // No PACS set: `pacs show` says so (no network); set/check/off are tested against Orthanc in test/unit/pacs.
    expect(await json(['pacs', 'show'])).toMatchObject({ ok: true, configured: false });
    // Every admin command is covered above.
    for (const c of adminCommands.map((a) => a.name)) {
      expect(results.get(c), c).toMatchObject({ command: c, exitCode: expect.any(Number) });
    }
  }, 120_000);

  it('a command that declares no options still gets --json (its lines) and its arguments as before', async () => {
    const seen: string[][] = [];
    const legacy: AdminCommand = {
      name: 'legacy',
      usage: 'legacy <x>',
      summary: 'old style',
      run: async (args, ctx) => {
        seen.push(args);
        ctx.out(`got ${args.join(' ')}`);
        return 0;
      },
    };
    const out: string[] = [];
    const settings = { commands: [legacy], program: 'admin', versionLine: 'v', paths: nodeAppPaths(repoRoot, 'browser-host', {}, ['--data-dir', tempDir()]), appRoot: repoRoot };
    expect(await runCommandLine(['legacy', 'a', '--flag', 'b', '--json', '--data-dir', '/x'], settings, { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    expect(seen).toEqual([['a', '--flag', 'b']]);
    expect(JSON.parse(out.join('\n'))).toEqual({ command: 'legacy', ok: true, exitCode: 0, output: ['got a --flag b'] });
  });
});
