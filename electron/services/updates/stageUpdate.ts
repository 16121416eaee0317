/**
 * Checks an update source and stages a verified update. The manifest (latest*.yml) must be
 * signed by a release key shipped with the app; the installer it names must match its size
 * and sha512. Only then are both copied into `<data>/updates/staged/<version>/`, from which
 * electron-updater installs (it checks the sha512 once more). Nothing here touches the
 * installed version, so a refused or failed update leaves it working. Plain Node.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BedsideError } from '../errors';
import { compareReleaseVersions, manifestFileName, parseUpdateManifest, pickInstaller, type UpdateManifest } from './updateManifest';
import { parseUpdateSignature, SIGNATURE_SUFFIX, verifyUpdateManifest, type UpdateKey } from './updateSignature';

/** What the person at the workstation is shown before anything is installed. */
export interface UpdateInfo {
  currentVersion: string;
  version: string;
  /** True when the offered version is newer than the installed one. */
  isNewer: boolean;
  releaseDate: string | null;
  releaseNotes: string | null;
  /** The installer that will run, and its size in bytes when the manifest gives it. */
  installer: { name: string; size: number | null; sha512: string };
  /** Where the update came from (folder or address). */
  source: string;
  /** The release key that signed the manifest. */
  signedBy: string;
  /** When it is installed: only when the user chooses, or when Bedside next closes if they chose that. */
  installWhen: 'when-you-choose';
}

/** What checkForUpdate needs. */
export interface CheckOptions {
  feedUrl: string;
  trustedKeys: readonly UpdateKey[];
  currentVersion: string;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Fetch for http(s) sources (injected in tests); defaults to global fetch. */
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/** A checked, signature-verified manifest, ready to stage. */
export interface CheckedUpdate {
  info: UpdateInfo;
  manifest: UpdateManifest;
  manifestName: string;
  manifestBytes: Buffer;
  signatureBytes: Buffer;
}

const refused = (what: string) =>
  new BedsideError('verification-failed', `The update was refused: ${what}. The installed version of Bedside is unchanged and keeps working.`);

/** Reads one file from a file:// folder or an http(s) address, as bytes. */
export async function readFromFeed(feedUrl: string, name: string, fetchImpl: typeof fetch = fetch, timeoutMs = 30_000): Promise<Buffer> {
  const url = new URL(encodeURIComponent(name), feedUrl);
  if (url.protocol === 'file:') {
    const file = fileURLToPath(url);
    if (!fs.existsSync(file)) throw new BedsideError('not-found', `${name} was not found in ${fileURLToPath(feedUrl)}. Check that the update folder or USB stick is the right one and is connected.`);
    return fs.readFileSync(file);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BedsideError('invalid-input', `Updates can come from a folder or an http(s) address, not ${url.protocol}`);
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (e) {
    throw new BedsideError('unavailable', `The update address ${feedUrl} could not be reached (${(e as Error).message}). Check the clinic network, or use a USB stick.`);
  }
  if (!response.ok) throw new BedsideError('not-found', `${name} could not be read from ${feedUrl} (HTTP ${response.status}).`);
  return Buffer.from(await response.arrayBuffer());
}

/** Fetches and verifies the manifest and summarises the update it offers; installs nothing. */
export async function checkForUpdate(o: CheckOptions): Promise<CheckedUpdate> {
  const platform = o.platform ?? process.platform;
  const manifestName = manifestFileName(platform, o.arch ?? process.arch);
  const manifestBytes = await readFromFeed(o.feedUrl, manifestName, o.fetchImpl, o.timeoutMs);
  let signatureBytes: Buffer;
  try {
    signatureBytes = await readFromFeed(o.feedUrl, manifestName + SIGNATURE_SUFFIX, o.fetchImpl, o.timeoutMs);
  } catch {
    throw refused(`${manifestName} has no signature (${manifestName}${SIGNATURE_SUFFIX})`);
  }
  const sig = parseUpdateSignature(signatureBytes.toString('utf8'));
  if ('reason' in sig) throw refused(sig.reason);
  const check = verifyUpdateManifest(manifestBytes, sig.signature, o.trustedKeys);
  if (!check.ok) throw refused(check.reason);
  let manifest: UpdateManifest;
  try {
    manifest = parseUpdateManifest(manifestBytes.toString('utf8'));
  } catch (e) {
    throw refused(`${manifestName} could not be read: ${(e as Error).message}`);
  }
  let installer;
  try {
    installer = pickInstaller(manifest, platform);
  } catch (e) {
    throw refused(`${manifestName}: ${(e as Error).message}`);
  }
  return {
    manifest,
    manifestName,
    manifestBytes,
    signatureBytes,
    info: {
      currentVersion: o.currentVersion,
      version: manifest.version,
      isNewer: compareReleaseVersions(manifest.version, o.currentVersion) > 0,
      releaseDate: manifest.releaseDate ?? null,
      releaseNotes: manifest.releaseNotes ?? null,
      installer: { name: installer.url, size: installer.size ?? null, sha512: installer.sha512 },
      source: o.feedUrl.startsWith('file:') ? fileURLToPath(o.feedUrl).replace(/[\\/]+$/, '') : o.feedUrl,
      signedBy: check.keyId,
      installWhen: 'when-you-choose',
    },
  };
}

/** Copies the verified manifest and installer into `<updatesDir>/staged/<version>/` and checks the installer; returns that folder. */
export async function stageUpdate(checked: CheckedUpdate, feedUrl: string, updatesDir: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const { info } = checked;
  const stagedRoot = path.join(updatesDir, 'staged');
  const finalDir = path.join(stagedRoot, info.version);
  const workDir = path.join(stagedRoot, `.incoming-${process.pid}-${Date.now()}`);
  fs.mkdirSync(workDir, { recursive: true });
  try {
    const data = await readFromFeed(feedUrl, info.installer.name, fetchImpl, 10 * 60_000);
    if (info.installer.size !== null && data.length !== info.installer.size) throw refused(`${info.installer.name} is ${data.length} bytes, not the ${info.installer.size} its signed description says (an incomplete or altered copy)`);
    const digest = crypto.createHash('sha512').update(data).digest('base64');
    if (digest !== info.installer.sha512) throw refused(`${info.installer.name} does not match the checksum in its signed description (an incomplete or altered copy)`);
    fs.writeFileSync(path.join(workDir, info.installer.name), data);
    fs.writeFileSync(path.join(workDir, checked.manifestName), checked.manifestBytes);
    fs.writeFileSync(path.join(workDir, checked.manifestName + SIGNATURE_SUFFIX), checked.signatureBytes);
    fs.rmSync(finalDir, { recursive: true, force: true });
    fs.renameSync(workDir, finalDir);
    return finalDir;
  } catch (e) {
    fs.rmSync(workDir, { recursive: true, force: true });
    throw e;
  }
}

/** Removes staged updates other than `keepVersion` (after an install, or when one is refused). */
export function cleanStaged(updatesDir: string, keepVersion?: string): void {
  const stagedRoot = path.join(updatesDir, 'staged');
  if (!fs.existsSync(stagedRoot)) return;
  for (const name of fs.readdirSync(stagedRoot)) if (name !== keepVersion) fs.rmSync(path.join(stagedRoot, name), { recursive: true, force: true });
}
