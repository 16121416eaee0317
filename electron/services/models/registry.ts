/**
 * The model registry: installs packs (verified on a staged copy before they become visible),
 * keeps several versions side by side, one active per pack id, and rolls back. Installed packs
 * live in `<packs>/<id>/<version>/`; staging folders start with a dot and are removed at boot.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Service } from '../container';
import { BedsideError, isBedsideError } from '../errors';
import { compareVersions, packIdSchema, semverSchema, type PackManifest } from './manifest';
import { readPackState, writePackState, type PackState } from './packState';
import { MANIFEST_FILE, packRefused, verifyFiles, verifyManifestAndSignature, verifyManifestAndSignatureBytes, verifyPackFolder, type VerifiedPack } from './packVerify';
import { SIGNATURE_FILE, isDemoMode, loadTrustedKeys, trustOnPurpose, type TrustedKey } from './signing';
import { readTarFileAsync } from './tarReader';

/** Where the registry keeps packs and which keys it trusts. */
export interface ModelRegistryOptions {
  packsDir: string;
  trustedKeyDirs: readonly string[];
  /** The clinic's own key folders among them (`<data>/keys/trusted`): the demo key counts there as added on purpose. */
  clinicKeyDirs?: readonly string[];
  /** Trust the public demo key (default: BEDSIDE_DEMO=1). */
  demoMode?: boolean;
  /** Packs shipped with the app, installed on first run (in the background). */
  bundledPacksDir?: string;
  log?: (message: string) => void;
}

/** One installed version. */
export interface InstalledVersion {
  version: string;
  manifest: PackManifest;
  keyId: string;
  installedAt: string;
}

/** One pack id with its versions, newest first. */
export interface InstalledPack {
  id: string;
  active: string | null;
  versions: InstalledVersion[];
}

/** A pack version ready to load: its folder and verified manifest. */
export interface ResolvedPack {
  id: string;
  version: string;
  dir: string;
  manifest: PackManifest;
}

const STAGING_PREFIX = '.staging-';

/**
 * Where a pack file goes inside the staging folder. Both separators are normalised (a `..\\..\\`
 * path must not escape on Windows), and anything absolute or leaving the folder is refused.
 */
export function stagedPath(staging: string, rel: string, where: string): string {
  const parts = rel.replace(/\\/g, '/').split('/');
  if (/^([a-zA-Z]:|\/)/.test(rel.replace(/\\/g, '/')) || parts.some((p) => p === '..' || p === '' || p === '.')) {
    throw packRefused(where, `it lists a file outside the pack (${JSON.stringify(rel.slice(0, 100))}).`);
  }
  const root = path.resolve(staging);
  const dest = path.resolve(root, ...parts);
  if (!dest.startsWith(root + path.sep)) throw packRefused(where, `it lists a file outside the pack (${JSON.stringify(rel.slice(0, 100))}).`);
  return dest;
}

/** Installs, lists, activates and rolls back model packs. */
export class ModelRegistry implements Service {
  private trusted: TrustedKey[] = [];
  private state: PackState = { formatVersion: 1, packs: {} };
  private bundled: Promise<void> = Promise.resolve();
  /** Pack versions whose files were hashed since this process started. */
  private readonly filesChecked = new Set<string>();
  private readonly verifiedManifests = new Map<string, { stamp: string; verified: VerifiedPack }>();
  private lock: Promise<unknown> = Promise.resolve();
  private readonly log: (m: string) => void;

  constructor(private readonly options: ModelRegistryOptions) {
    this.log = options.log ?? (() => undefined);
  }

  /** Reads keys and state and clears stale staging folders; bundled packs install in the background. */
  boot(): void {
    fs.mkdirSync(this.options.packsDir, { recursive: true });
    this.trusted = trustOnPurpose(loadTrustedKeys(this.options.trustedKeyDirs, this.log), { demoMode: this.options.demoMode ?? isDemoMode(), clinicKeyDirs: this.options.clinicKeyDirs ?? [] });
    for (const name of fs.readdirSync(this.options.packsDir)) {
      if (name.startsWith(STAGING_PREFIX)) fs.rmSync(path.join(this.options.packsDir, name), { recursive: true, force: true });
    }
    this.state = readPackState(this.options.packsDir, this.log);
    // After start-up has finished (setImmediate), so first-run installs never delay the window.
    this.bundled = this.exclusive(() => new Promise<void>((r) => setImmediate(r)).then(() => this.installBundled())).catch((e: unknown) => this.log(`Bundled model packs were not installed: ${(e as Error).message}`));
  }

  /** Nothing to flush: every change is written when made. */
  async shutdown(): Promise<void> {
    await this.bundled;
  }

  /** Resolves once the packs shipped with the app are installed. */
  whenReady(): Promise<void> {
    return this.bundled;
  }

  /** The trusted keys (ids and files), for the admin screen. */
  trustedKeys(): { keyId: string; source: string }[] {
    return this.trusted.map((k) => ({ keyId: k.keyId, source: k.source }));
  }

  /** Every installed pack with its versions, newest first. */
  async list(): Promise<InstalledPack[]> {
    await this.bundled;
    const root = this.options.packsDir;
    const ids = fs.readdirSync(root).filter((n) => !n.startsWith('.') && packIdSchema.safeParse(n).success && fs.statSync(path.join(root, n)).isDirectory());
    return ids.sort().map((id) => ({ id, active: this.activeVersion(id), versions: this.versionsOf(id) }));
  }

  /** Installs a pack from a folder or a .tar/.tgz archive; verifies before anything becomes visible. */
  install(source: string): Promise<{ id: string; version: string; active: boolean; alreadyInstalled: boolean }> {
    return this.exclusive(async () => {
      await this.bundled.catch(() => undefined);
      return this.installNow(source);
    });
  }

  /** Makes an installed version the active one; the previous one is remembered for rollback. */
  activate(id: string, version: string): Promise<{ id: string; active: string }> {
    return this.exclusive(async () => {
      if (!fs.existsSync(this.versionDir(id, version))) {
        throw new BedsideError('not-found', `Model pack ${id} version ${version} is not installed. Install it first; the active version was not changed.`);
      }
      // Re-check before switching: a damaged copy must not become active.
      const dir = this.versionDir(id, version);
      const where = `${id} ${version}`;
      const verified = verifyManifestAndSignature(dir, this.trusted, where);
      await verifyFiles(dir, verified.manifest, where);
      this.filesChecked.add(`${id}@${version}`);
      const entry = this.state.packs[id];
      if (entry?.active === version) return { id, active: version };
      const next: PackState = structuredClone(this.state);
      next.packs[id] = { active: version, history: entry ? [...entry.history.filter((v) => v !== version), entry.active] : [] };
      this.commit(next);
      return { id, active: version };
    });
  }

  /** Returns to the version that was active before the current one. */
  rollback(id: string): Promise<{ id: string; active: string; previous: string }> {
    return this.exclusive(async () => {
      const entry = this.state.packs[id];
      const history = (entry?.history ?? []).filter((v) => fs.existsSync(this.versionDir(id, v)));
      const previous = history.at(-1);
      if (!entry || !previous) throw new BedsideError('conflict', `Model pack ${id} has no earlier version to go back to; the active version was not changed.`);
      const next: PackState = structuredClone(this.state);
      next.packs[id] = { active: previous, history: history.slice(0, -1) };
      this.commit(next);
      return { id, active: previous, previous: entry.active };
    });
  }

  /** The active version of a pack, verified (files hashed once per process) and ready to load. */
  async resolve(id: string): Promise<ResolvedPack> {
    await this.bundled;
    const version = this.activeVersion(id);
    if (!version) throw new BedsideError('not-found', `No model pack called "${id}" is installed. Ask your administrator to install it.`);
    const dir = this.versionDir(id, version);
    const where = `${id} ${version}`;
    const verified = this.verifiedManifest(dir, where);
    const key = `${id}@${version}`;
    if (!this.filesChecked.has(key)) {
      try {
        await verifyFiles(dir, verified.manifest, where);
      } catch (e) {
        if (isBedsideError(e)) throw new BedsideError('corrupt', e.message.replace(' was refused:', ' cannot be used:').replace(' Nothing was installed or changed.', ' Reinstall the pack; other models keep working.'), e.details);
        throw e;
      }
      this.filesChecked.add(key);
    }
    return { id, version, dir, manifest: verified.manifest };
  }

  /** Forgets that a version's files were checked, so the next use hashes them again. */
  recheck(id: string): void {
    for (const k of [...this.filesChecked]) if (k.startsWith(`${id}@`)) this.filesChecked.delete(k);
  }

  /** Manifest and signature checks, remembered while neither file changes (every job resolves its pack). */
  private verifiedManifest(dir: string, where: string): VerifiedPack {
    const stamp = [MANIFEST_FILE, SIGNATURE_FILE]
      .map((f) => {
        try {
          const st = fs.statSync(path.join(dir, f));
          return `${st.size}:${st.mtimeMs}:${st.ino}`;
        } catch {
          return 'missing';
        }
      })
      .join('|');
    const cached = this.verifiedManifests.get(dir);
    if (cached && cached.stamp === stamp) return cached.verified;
    const verified = verifyManifestAndSignature(dir, this.trusted, where);
    this.verifiedManifests.set(dir, { stamp, verified });
    return verified;
  }

  private activeVersion(id: string): string | null {
    const chosen = this.state.packs[id]?.active;
    if (chosen && fs.existsSync(this.versionDir(id, chosen))) return chosen;
    return this.versionsOf(id)[0]?.version ?? null;
  }

  private versionsOf(id: string): InstalledVersion[] {
    const dir = path.join(this.options.packsDir, id);
    if (!fs.existsSync(dir)) return [];
    const out: InstalledVersion[] = [];
    for (const version of fs.readdirSync(dir)) {
      if (!semverSchema.safeParse(version).success) continue;
      const vdir = path.join(dir, version);
      try {
        const v = verifyManifestAndSignature(vdir, this.trusted, `${id} ${version}`);
        out.push({ version, manifest: v.manifest, keyId: v.keyId, installedAt: fs.statSync(path.join(vdir, MANIFEST_FILE)).mtime.toISOString() });
      } catch (e) {
        this.log(`Installed pack ${id} ${version} is not usable: ${(e as Error).message}`);
      }
    }
    return out.sort((a, b) => compareVersions(b.version, a.version));
  }

  private versionDir(id: string, version: string): string {
    if (!packIdSchema.safeParse(id).success || !semverSchema.safeParse(version).success) {
      throw new BedsideError('invalid-input', `"${id} ${version}" is not a valid pack id and version.`);
    }
    return path.join(this.options.packsDir, id, version);
  }

  private commit(next: PackState): void {
    writePackState(this.options.packsDir, next);
    this.state = next;
  }

  private async installNow(source: string): Promise<{ id: string; version: string; active: boolean; alreadyInstalled: boolean }> {
    const where = `"${path.basename(source)}"`;
    if (!fs.existsSync(source)) throw new BedsideError('not-found', `There is no file or folder at ${source}. Check the path (a USB stick may need to be reconnected); nothing was installed.`);
    // Private to this process's user until every check has passed.
    const staging = path.join(this.options.packsDir, `${STAGING_PREFIX}${crypto.randomBytes(6).toString('hex')}`);
    fs.mkdirSync(staging, { mode: 0o700 });
    try {
      await this.stage(source, staging, where);
      const verified = await verifyPackFolder(staging, this.trusted, where);
      const { id, version } = verified.manifest;
      const dest = this.versionDir(id, version);
      if (fs.existsSync(dest)) {
        const same = fs.readFileSync(path.join(dest, MANIFEST_FILE)).equals(fs.readFileSync(path.join(staging, MANIFEST_FILE)));
        if (!same) throw new BedsideError('conflict', `Model pack ${id} version ${version} is already installed with different contents. A changed pack needs a new version number; nothing was changed.`);
        return { id, version, active: this.activeVersion(id) === version, alreadyInstalled: true };
      }
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.renameSync(staging, dest);
      this.filesChecked.add(`${id}@${version}`);
      let active = false;
      if (!this.state.packs[id]) {
        const next: PackState = structuredClone(this.state);
        next.packs[id] = { active: version, history: [] };
        this.commit(next);
        active = true;
      }
      this.log(`Installed model pack ${id} ${version}${active ? ' (active)' : ''}.`);
      return { id, version, active, alreadyInstalled: false };
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  /**
   * Checks the manifest's signature first (from the source, in memory), then copies the
   * manifest, signature and the files it lists (only those) into the private staging folder,
   * without blocking the event loop. Every destination is checked to stay inside the staging
   * folder with both separators; the caller then hashes every file before anything leaves it.
   */
  private async stage(source: string, staging: string, where: string): Promise<void> {
    const put = async (rel: string, data: Buffer | string): Promise<void> => {
      const dest = stagedPath(staging, rel, where);
      await fs.promises.mkdir(path.dirname(dest), { recursive: true, mode: 0o700 });
      if (typeof data === 'string') await fs.promises.copyFile(data, dest);
      else await fs.promises.writeFile(dest, data, { mode: 0o600 });
    };
    const info = await fs.promises.stat(source);
    if (info.isDirectory()) {
      const read = (rel: string): Buffer | undefined => {
        const file = path.join(source, rel);
        return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file) : undefined;
      };
      const manifest = read(MANIFEST_FILE);
      if (!manifest) throw packRefused(where, `the folder has no ${MANIFEST_FILE}.`);
      const verified = verifyManifestAndSignatureBytes(manifest, read(SIGNATURE_FILE), this.trusted, where);
      await put(MANIFEST_FILE, manifest);
      await put(SIGNATURE_FILE, read(SIGNATURE_FILE)!);
      for (const f of verified.manifest.files) {
        const file = path.join(source, ...f.path.split('/'));
        // Regular files only: a device, a FIFO or a folder in their place is refused by the hash check.
        if (fs.existsSync(file) && fs.statSync(file).isFile()) await put(f.path, file);
      }
      return;
    }
    if (!info.isFile()) throw packRefused(where, 'it is neither a folder nor a regular .tar/.tgz file.');
    if (!/\.(tar|tgz|tar\.gz)$/i.test(source)) throw packRefused(where, 'it is neither a folder nor a .tar/.tgz archive.');
    let entries;
    try {
      entries = await readTarFileAsync(source);
    } catch (e) {
      throw packRefused(where, `the archive could not be read (${(e as Error).message}).`);
    }
    // Archives made with `tar czf x.tgz folder/` nest everything in one folder: strip it.
    const top = new Set(entries.map((e) => e.path.split('/')[0]));
    const strip = !entries.some((e) => e.path === MANIFEST_FILE) && top.size === 1 ? `${[...top][0]}/` : '';
    const byPath = new Map(entries.map((e) => [e.path.slice(strip.length), e.data]));
    const manifest = byPath.get(MANIFEST_FILE);
    if (!manifest) throw packRefused(where, `the archive has no ${MANIFEST_FILE}.`);
    const verified = verifyManifestAndSignatureBytes(manifest, byPath.get(SIGNATURE_FILE), this.trusted, where);
    for (const rel of [MANIFEST_FILE, SIGNATURE_FILE, ...verified.manifest.files.map((f) => f.path)]) {
      const data = byPath.get(rel);
      if (data) await put(rel, data);
    }
  }

  private async installBundled(): Promise<void> {
    const dir = this.options.bundledPacksDir;
    if (!dir || !fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir).sort()) {
      const src = path.join(dir, name);
      if (!fs.existsSync(path.join(src, MANIFEST_FILE))) continue;
      try {
        // Already installed with the same manifest: nothing to copy or hash at this boot.
        const raw = fs.readFileSync(path.join(src, MANIFEST_FILE));
        const { id, version } = JSON.parse(raw.toString('utf8')) as { id?: unknown; version?: unknown };
        if (typeof id === 'string' && typeof version === 'string' && packIdSchema.safeParse(id).success && semverSchema.safeParse(version).success) {
          const installed = path.join(this.options.packsDir, id, version, MANIFEST_FILE);
          if (fs.existsSync(installed) && fs.readFileSync(installed).equals(raw)) continue;
        }
        await this.installNow(src);
      } catch (e) {
        this.log(`The bundled model pack ${name} was not installed: ${(e as Error).message}`);
      }
    }
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.lock.then(task, task);
    this.lock = run.catch(() => undefined);
    return run;
  }
}
