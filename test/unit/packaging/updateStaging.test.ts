import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkForUpdate,
  compareReleaseVersions,
  generateUpdateKeyPair,
  manifestFileName,
  normaliseFeed,
  parseUpdateManifest,
  readUpdateSettings,
  serveStagedUpdate,
  signUpdateManifest,
  stageUpdate,
  updateKeyId,
  writeUpdateSettings,
  type UpdateKey,
} from '../../../electron/services/updates';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const release = generateUpdateKeyPair();
const trusted: UpdateKey[] = [{ keyId: release.keyId, key: crypto.createPublicKey(release.publicKeyPem), source: 'test' }];

/** A release folder as electron-builder + build/sign-update.mjs leave it (Linux). */
function releaseFolder(version = '0.2.0', installer = Buffer.from('pretend AppImage bytes'), privateKeyPem = release.privateKeyPem) {
  const dir = tempDir();
  const name = `Bedside-${version}-x86_64.AppImage`;
  fs.writeFileSync(path.join(dir, name), installer);
  const sha512 = crypto.createHash('sha512').update(installer).digest('base64');
  const yml = `version: ${version}\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n    size: ${installer.length}\n    blockMapSize: 123\npath: ${name}\nsha512: ${sha512}\nreleaseDate: '2026-02-03T04:05:06.000Z'\nreleaseNotes: |\n  Fixes the renal dosing card.\n  Faster start.\n`;
  fs.writeFileSync(path.join(dir, 'latest-linux.yml'), yml);
  fs.writeFileSync(path.join(dir, 'latest-linux.yml.sig'), JSON.stringify(signUpdateManifest(Buffer.from(yml), privateKeyPem, 'latest-linux.yml')));
  return { dir, name, feedUrl: pathToFileURL(dir).toString() + '/' };
}
const opts = (feedUrl: string) => ({ feedUrl, trustedKeys: trusted, currentVersion: '0.1.0', platform: 'linux' as const, arch: 'x64' });

describe('update manifests', () => {
  it('reads what electron-builder writes and names the manifest per platform', () => {
    const m = parseUpdateManifest("version: 1.2.3\nfiles:\n  - url: Bedside-Setup-1.2.3.exe\n    sha512: AAA==\n    size: 42\npath: Bedside-Setup-1.2.3.exe\nsha512: AAA==\nreleaseDate: '2026-01-01T00:00:00.000Z'\n");
    expect(m).toMatchObject({ version: '1.2.3', releaseDate: '2026-01-01T00:00:00.000Z', files: [{ url: 'Bedside-Setup-1.2.3.exe', sha512: 'AAA==', size: 42 }] });
    expect(manifestFileName('win32', 'x64')).toBe('latest.yml');
    expect(manifestFileName('linux', 'x64')).toBe('latest-linux.yml');
    expect(manifestFileName('linux', 'arm64')).toBe('latest-linux-arm64.yml');
    expect(manifestFileName('darwin', 'arm64')).toBe('latest-mac.yml');
  });

  it('refuses manifests without a version or with file names that leave the folder', () => {
    expect(() => parseUpdateManifest('files:\n  - url: a.exe\n    sha512: x\n')).toThrow(/no version/);
    expect(() => parseUpdateManifest('version: 1.0.0\nfiles:\n  - url: ../../evil.exe\n    sha512: x\n')).toThrow(/plain file name/);
    expect(() => parseUpdateManifest('version: 1.0.0\n')).toThrow(/no files/);
  });

  it('orders release versions', () => {
    expect(compareReleaseVersions('0.2.0', '0.1.9')).toBeGreaterThan(0);
    expect(compareReleaseVersions('0.10.0', '0.9.0')).toBeGreaterThan(0);
    expect(compareReleaseVersions('1.0.0-beta.1', '1.0.0')).toBeLessThan(0);
    expect(compareReleaseVersions('1.0.0', '1.0.0')).toBe(0);
  });
});

describe('checking and staging an update from a folder (USB stick or share)', () => {
  it('summarises a verified update: version, notes, installer, source, signer, install when chosen', async () => {
    const r = releaseFolder();
    const { info } = await checkForUpdate(opts(r.feedUrl));
    expect(info).toMatchObject({ currentVersion: '0.1.0', version: '0.2.0', isNewer: true, releaseDate: '2026-02-03T04:05:06.000Z', signedBy: release.keyId, source: r.dir, installWhen: 'when-you-choose' });
    expect(info.releaseNotes).toBe('Fixes the renal dosing card.\nFaster start.');
    expect(info.installer).toMatchObject({ name: r.name, size: 22 });
  });

  it('refuses a tampered manifest, and says the installed version is unchanged', async () => {
    const r = releaseFolder();
    fs.appendFileSync(path.join(r.dir, 'latest-linux.yml'), 'stagingPercentage: 100\n');
    await expect(checkForUpdate(opts(r.feedUrl))).rejects.toThrow(/refused.*changed after it was signed.*unchanged/s);
  });

  it('refuses a manifest signed with the wrong key, or not signed at all', async () => {
    const r = releaseFolder('0.2.0', undefined, generateUpdateKeyPair().privateKeyPem);
    await expect(checkForUpdate(opts(r.feedUrl))).rejects.toThrow(/does not trust/);
    fs.rmSync(path.join(r.dir, 'latest-linux.yml.sig'));
    await expect(checkForUpdate(opts(r.feedUrl))).rejects.toThrow(/has no signature/);
  });

  it('says when the folder holds no update for this computer', async () => {
    const dir = tempDir();
    await expect(checkForUpdate(opts(pathToFileURL(dir).toString() + '/'))).rejects.toThrow(/latest-linux\.yml was not found/);
  });

  it('stages only an installer that matches the signed checksum; a bad copy leaves nothing behind', async () => {
    const r = releaseFolder();
    const updatesDir = tempDir();
    const checked = await checkForUpdate(opts(r.feedUrl));
    const staged = await stageUpdate(checked, r.feedUrl, updatesDir);
    expect(staged).toBe(path.join(updatesDir, 'staged', '0.2.0'));
    expect(fs.readdirSync(staged).sort()).toEqual([r.name, 'latest-linux.yml', 'latest-linux.yml.sig'].sort());

    fs.writeFileSync(path.join(r.dir, r.name), Buffer.from('pretend AppImage bytez')); // same size, different bytes
    fs.rmSync(path.join(updatesDir, 'staged'), { recursive: true });
    await expect(stageUpdate(checked, r.feedUrl, updatesDir)).rejects.toThrow(/does not match the checksum/);
    fs.writeFileSync(path.join(r.dir, r.name), Buffer.from('short'));
    await expect(stageUpdate(checked, r.feedUrl, updatesDir)).rejects.toThrow(/incomplete or altered/);
    expect(fs.readdirSync(path.join(updatesDir, 'staged'))).toEqual([]);
  });

  it('reports an older or equal version as not newer', async () => {
    const r = releaseFolder('0.1.0');
    expect((await checkForUpdate(opts(r.feedUrl))).info.isNewer).toBe(false);
  });

  it('reads from a clinic-network address too', async () => {
    const r = releaseFolder();
    const server = http.createServer((req, res) => {
      const file = path.join(r.dir, decodeURIComponent((req.url ?? '/').slice('/updates/'.length)));
      if (!req.url?.startsWith('/updates/') || !fs.existsSync(file)) return void res.writeHead(404).end();
      res.end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/updates/`;
      const checked = await checkForUpdate(opts(url));
      expect(checked.info.version).toBe('0.2.0');
      expect(checked.info.source).toBe(url);
      const staged = await stageUpdate(checked, url, tempDir());
      expect(fs.existsSync(path.join(staged, r.name))).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('serves a staged update to electron-updater on loopback, only the listed files', async () => {
    const r = releaseFolder();
    fs.writeFileSync(path.join(r.dir, 'other.txt'), 'not listed');
    const feed = await serveStagedUpdate(r.dir, ['latest-linux.yml', r.name]);
    try {
      expect(feed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(new URL('latest-linux.yml', feed.url))).status).toBe(200);
      expect(Buffer.from(await (await fetch(new URL(r.name, feed.url))).arrayBuffer()).toString()).toBe('pretend AppImage bytes');
      expect((await fetch(new URL('other.txt', feed.url))).status).toBe(404);
      expect((await fetch(new URL('..%2Fetc%2Fpasswd', feed.url))).status).toBe(404);
    } finally {
      await feed.close();
    }
  });
});

describe('update settings', () => {
  it('are off by default and persist the chosen source in the data folder', () => {
    const updatesDir = path.join(tempDir(), 'updates');
    expect(readUpdateSettings(updatesDir)).toEqual({ feedUrl: null });
    writeUpdateSettings(updatesDir, '/media/usb/bedside-updates');
    expect(readUpdateSettings(updatesDir).feedUrl).toBe('file:///media/usb/bedside-updates/');
    writeUpdateSettings(updatesDir, 'http://clinic-server/bedside');
    expect(readUpdateSettings(updatesDir).feedUrl).toBe('http://clinic-server/bedside/');
    writeUpdateSettings(updatesDir, null);
    expect(readUpdateSettings(updatesDir).feedUrl).toBeNull();
  });

  it('accept folders and http(s) addresses only, without embedded passwords', () => {
    expect(normaliseFeed('file:///mnt/share/updates')).toBe('file:///mnt/share/updates/');
    expect(normaliseFeed('E:\\bedside-updates', 'win32')).toMatch(/^file:\/\/\/E:\/bedside-updates\/$/);
    expect(() => normaliseFeed('ftp://x/y')).toThrow(/not a folder path/);
    expect(() => normaliseFeed('updates')).toThrow(/not a folder path/);
    expect(() => normaliseFeed('https://user:pw@clinic/updates')).toThrow(/no user name or password/);
    expect(() => normaliseFeed('  ')).toThrow(/Enter the folder/);
  });

  it('ignore a corrupt settings file (updates stay off)', () => {
    const updatesDir = tempDir();
    fs.writeFileSync(path.join(updatesDir, 'settings.json'), '{not json');
    expect(readUpdateSettings(updatesDir)).toEqual({ feedUrl: null });
  });
});

it('key ids match the model-pack key id format (sha256 of SPKI DER, 16 hex digits)', () => {
  const der = crypto.createPublicKey(release.publicKeyPem).export({ type: 'spki', format: 'der' });
  expect(updateKeyId(crypto.createPublicKey(release.publicKeyPem))).toBe(crypto.createHash('sha256').update(der).digest('hex').slice(0, 16));
});
