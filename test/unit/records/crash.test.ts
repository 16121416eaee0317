/**
 * Crash safety: a child process importing bundles is killed with SIGKILL at random moments, 20
 * times. Afterwards the database passes integrity_check, every bundle the child reported as
 * committed is complete, and no bundle is partly there.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../electron/services/records/prng';
import { openRecords, tempDir } from './fixtures';

const repoRoot = path.resolve(__dirname, '../../..');

function runAndKill(script: string, dir: string, start: number, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir, String(start)], {
      env: { ...process.env, NODE_PATH: path.join(repoRoot, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready') && !timer) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    const fallback = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(fallback);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`worker exited on its own: ${err}`));
      else resolve([...out.matchAll(/^committed (\S+)$/gm)].map((m) => m[1]!));
    });
  });
}

describe('crash safety', () => {
  it('survives 20 SIGKILLs during bundle imports with every committed bundle whole and none partial', async () => {
    const work = tempDir();
    const script = path.join(work, 'crashWorker.cjs');
    await build({ entryPoints: [path.join(__dirname, 'crashWorker.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', outfile: script, logLevel: 'error' });
    const dir = path.join(work, 'data');
    const rng = createRng(4242);
    const committed = new Set<string>();
    for (let run = 0; run < 20; run++) {
      for (const id of await runAndKill(script, dir, run * 10_000, rng.int(5, 250))) committed.add(id);
    }
    expect(committed.size).toBeGreaterThan(5);

    const s = openRecords(dir);
    try {
      expect(s.database.pragma('integrity_check', { simple: true })).toBe('ok');
      const perBundle = new Map<string, number>();
      for (const id of s.database.prepare<[], string>("SELECT id FROM resources WHERE id LIKE 'p-b%' OR id LIKE 'b%-o%'").pluck().iterate()) {
        const bundleId = id.startsWith('p-') ? id.slice(2) : id.slice(0, id.indexOf('-o'));
        perBundle.set(bundleId, (perBundle.get(bundleId) ?? 0) + 1);
      }
      for (const id of committed) expect(perBundle.get(id), `bundle ${id}`).toBe(31);
      // Every bundle in the database has its audit row (written in the bundle's own transaction).
      const audited = new Set(s.database.prepare<[], string>("SELECT target FROM audit_log WHERE action = 'import'").pluck().all());
      for (const id of perBundle.keys()) expect(audited.has(id), `audit row of bundle ${id}`).toBe(true);
      for (const [id, n] of perBundle) expect(n, `bundle ${id} is partial`).toBe(31);
      expect(s.verifyAudit().ok).toBe(true);
    } finally {
      await s.shutdown();
    }
  }, 90_000);
});
