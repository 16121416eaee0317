/**
 * The public demo signing key (issue #12, finding 13): trusted only in demo mode or when clinic
 * IT puts it in the data folder's own trusted-keys folder; `admin doctor` says so loudly. Also
 * the doctor's report of browser-host restarts recorded by the supervisor.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_KEY_ID, keyIdOf, loadTrustedKeys, trustOnPurpose } from '../../../electron/services/models/signing';
import { ModelRegistry } from '../../../electron/services/models/registry';
import { demoKeyCheck, restartsCheck } from '../../../electron/cli/commands/doctor';
import { readRestarts, restartLogFile, superviseHost } from '../../../electron/server/supervisor';
import { repoRoot } from '../../helpers/sharedData';
import { tempDir } from '../../helpers/tempDir';
import crypto from 'node:crypto';

const shipped = path.join(repoRoot, 'models', 'keys', 'trusted');
const demoPack = path.join(repoRoot, 'models', 'packs', 'pneumonia-xray-0.2.0');

describe('the demo signing key', () => {
  it('is the key shipped in models/keys/trusted', () => {
    expect(keyIdOf(crypto.createPublicKey(fs.readFileSync(path.join(shipped, 'bedside-demo.pub'), 'utf8')))).toBe(DEMO_KEY_ID);
  });

  it('is dropped outside demo mode unless the clinic put it in its own folder', () => {
    const clinic = tempDir();
    const keys = loadTrustedKeys([shipped, clinic]);
    expect(trustOnPurpose(keys, { demoMode: false, clinicKeyDirs: [clinic] }).map((k) => k.keyId)).not.toContain(DEMO_KEY_ID);
    expect(trustOnPurpose(keys, { demoMode: true, clinicKeyDirs: [clinic] }).map((k) => k.keyId)).toContain(DEMO_KEY_ID);
    fs.copyFileSync(path.join(shipped, 'bedside-demo.pub'), path.join(clinic, 'bedside-demo.pub'));
    expect(trustOnPurpose(loadTrustedKeys([shipped, clinic]), { demoMode: false, clinicKeyDirs: [clinic] }).map((k) => k.keyId)).toContain(DEMO_KEY_ID);
  });

  it('a production registry refuses a demo-signed pack; demo mode installs it', async () => {
    const production = new ModelRegistry({ packsDir: path.join(tempDir(), 'packs'), trustedKeyDirs: [shipped], clinicKeyDirs: [], demoMode: false });
    production.boot();
    await expect(production.install(demoPack)).rejects.toThrow(/untrusted key \(key id 95f298332a751fab\)/);
    const demo = new ModelRegistry({ packsDir: path.join(tempDir(), 'packs'), trustedKeyDirs: [shipped], clinicKeyDirs: [], demoMode: true });
    demo.boot();
    await expect(demo.install(demoPack)).resolves.toMatchObject({ id: 'pneumonia-xray' });
  });

  it('admin doctor fails loudly when production trusts it, and warns in demo mode', () => {
    const data = tempDir();
    const paths = { bundledTrustedKeysDir: shipped, trustedKeysDir: path.join(data, 'keys', 'trusted') };
    expect(demoKeyCheck(paths, false)).toMatchObject({ ok: true });
    expect(demoKeyCheck(paths, true)).toMatchObject({ ok: true, warn: true, message: expect.stringMatching(/DEMO MODE.*PUBLIC demo signing key is trusted/) });
    fs.mkdirSync(paths.trustedKeysDir, { recursive: true });
    fs.copyFileSync(path.join(shipped, 'bedside-demo.pub'), path.join(paths.trustedKeysDir, 'bedside-demo.pub'));
    expect(demoKeyCheck(paths, false)).toMatchObject({ ok: false, message: expect.stringMatching(/THE PUBLIC DEMO SIGNING KEY IS TRUSTED/) });
  });
});

describe('admin doctor and the supervisor', () => {
  it('reports browser-host restarts of the last 7 days', () => {
    const logs = tempDir();
    expect(restartsCheck(logs)).toMatchObject({ ok: true, message: 'none in the last 7 days' });
    fs.writeFileSync(restartLogFile(logs), `${JSON.stringify({ at: new Date().toISOString(), exitCode: 70, signal: null, restartInMs: 1000 })}\n{torn`);
    expect(restartsCheck(logs)).toMatchObject({ warn: true, message: expect.stringMatching(/started again 1 time\(s\).*exit code 70/) });
  });

  it('the supervisor starts a host that died again, records it, and gives up on a start-up failure', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'host.cjs');
    // First run dies as after an uncaught exception (70); the second stops normally (0).
    fs.writeFileSync(script, `const fs=require('fs');const m=${JSON.stringify(path.join(dir, 'ran'))};if(!fs.existsSync(m)){fs.writeFileSync(m,'1');process.exit(70)}process.exit(0);`);
    const lines: string[] = [];
    expect(await superviseHost({ script, args: [], logsDir: dir, log: (m) => lines.push(m), firstDelayMs: 20 })).toBe(0);
    expect(lines.join('\n')).toMatch(/stopped unexpectedly \(exit code 70\); starting it again/);
    expect(readRestarts(dir)).toHaveLength(1);
    const failing = path.join(dir, 'fails.cjs');
    fs.writeFileSync(failing, 'process.exit(1);');
    expect(await superviseHost({ script: failing, args: [], logsDir: dir, log: (m) => lines.push(m), firstDelayMs: 20 })).toBe(1);
    expect(readRestarts(dir)).toHaveLength(1);
  });
});
