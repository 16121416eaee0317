import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateUpdateKeyPair, loadUpdateKeys, parseUpdateSignature, signUpdateManifest, updateKeyId, verifyUpdateManifest, type UpdateKey } from '../../../electron/services/updates';

const manifest = Buffer.from("version: 0.2.0\nfiles:\n  - url: Bedside-Setup-0.2.0.exe\n    sha512: abc==\n    size: 10\npath: Bedside-Setup-0.2.0.exe\nsha512: abc==\nreleaseDate: '2026-01-01T00:00:00.000Z'\n");
const keyOf = (pem: string, source = 'test'): UpdateKey => {
  const key = crypto.createPublicKey(pem);
  return { keyId: updateKeyId(key), key, source };
};
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('update manifest signatures (Ed25519)', () => {
  const release = generateUpdateKeyPair();
  const other = generateUpdateKeyPair();

  it('accepts a manifest signed by a trusted key', () => {
    const sig = signUpdateManifest(manifest, release.privateKeyPem, 'latest.yml');
    expect(sig.keyId).toBe(release.keyId);
    expect(verifyUpdateManifest(manifest, sig, [keyOf(release.publicKeyPem)])).toMatchObject({ ok: true, keyId: release.keyId });
  });

  it('refuses a manifest changed after signing, even by one byte', () => {
    const sig = signUpdateManifest(manifest, release.privateKeyPem);
    const tampered = Buffer.from(manifest.toString().replace('0.2.0', '0.2.1'));
    const check = verifyUpdateManifest(tampered, sig, [keyOf(release.publicKeyPem)]);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(/changed after it was signed/);
    const flipped = Buffer.from(manifest);
    flipped[flipped.length - 2] = flipped[flipped.length - 2]! ^ 1;
    expect(verifyUpdateManifest(flipped, sig, [keyOf(release.publicKeyPem)]).ok).toBe(false);
  });

  it('refuses a manifest signed with a key it does not trust', () => {
    const sig = signUpdateManifest(manifest, other.privateKeyPem);
    const check = verifyUpdateManifest(manifest, sig, [keyOf(release.publicKeyPem)]);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(/does not trust/);
  });

  it('refuses a signature made with another key but labelled with the trusted key id', () => {
    const forged = { ...signUpdateManifest(manifest, other.privateKeyPem), keyId: release.keyId };
    expect(verifyUpdateManifest(manifest, forged, [keyOf(release.publicKeyPem)]).ok).toBe(false);
  });

  it('refuses everything when no release key is installed', () => {
    const sig = signUpdateManifest(manifest, release.privateKeyPem);
    const check = verifyUpdateManifest(manifest, sig, []);
    expect(!check.ok && check.reason).toMatch(/no trusted release key/);
  });

  it('rejects malformed signature files and non-Ed25519 keys', () => {
    expect(parseUpdateSignature('not json')).toHaveProperty('reason');
    expect(parseUpdateSignature(JSON.stringify({ algorithm: 'rsa', keyId: 'x', signature: 'y' }))).toHaveProperty('reason');
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => signUpdateManifest(manifest, rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(/Ed25519/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'rsa.pub'), rsa.publicKey.export({ type: 'spki', format: 'pem' }));
    fs.writeFileSync(path.join(dir, 'release.pub'), release.publicKeyPem);
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a key');
    const problems: string[] = [];
    const keys = loadUpdateKeys(dir, (m) => problems.push(m));
    expect(keys.map((k) => k.keyId)).toEqual([release.keyId]);
    expect(problems.join()).toMatch(/rsa\.pub/);
  });

  it('verifies signatures written by build/sign-update.mjs (the release tool)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'latest-linux.yml'), manifest);
    const tool = path.resolve(__dirname, '../../../build/sign-update.mjs');
    const { signFolder, verifyFolder } = (await import(tool)) as { signFolder: (d: string, k: string) => string[]; verifyFolder: (d: string, k: string) => string[] };
    expect(signFolder(dir, release.privateKeyPem)).toEqual(['latest-linux.yml']);
    const parsed = parseUpdateSignature(fs.readFileSync(path.join(dir, 'latest-linux.yml.sig'), 'utf8'));
    if ('reason' in parsed) throw new Error(parsed.reason);
    expect(verifyUpdateManifest(manifest, parsed.signature, [keyOf(release.publicKeyPem)]).ok).toBe(true);
    const keysDir = path.join(dir, 'keys');
    fs.mkdirSync(keysDir);
    fs.writeFileSync(path.join(keysDir, 'release.pub'), release.publicKeyPem);
    expect(verifyFolder(dir, keysDir)).toEqual([]);
    fs.appendFileSync(path.join(dir, 'latest-linux.yml'), '# edited\n');
    expect(verifyFolder(dir, keysDir)).toEqual(['latest-linux.yml: signature does not match']);
  });
});
