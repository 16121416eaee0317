/**
 * Reads electron-builder's update manifests (latest.yml, latest-linux.yml, latest-mac.yml).
 * They are small and machine-written, so a strict reader for their subset of YAML is enough
 * and keeps this security-relevant parse free of a general YAML parser.
 */
import crypto from 'node:crypto';
import semver from 'semver';

/** One downloadable file in a manifest. */
export interface ManifestFile {
  url: string;
  sha512: string;
  size?: number;
}

/** What a manifest says about a release. */
export interface UpdateManifest {
  version: string;
  releaseDate?: string;
  releaseName?: string;
  releaseNotes?: string;
  files: ManifestFile[];
  /** The main file (older manifests name it here rather than in files). */
  path?: string;
  sha512?: string;
}

/** The manifest electron-updater reads for a platform and architecture. */
export function manifestFileName(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
}

/** A YAML scalar as written by js-yaml for these files: plain, single- or double-quoted. */
function scalar(raw: string): string {
  const v = raw.trim();
  if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) return v.slice(1, -1).replace(/''/g, "'");
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) return JSON.parse(v) as string;
  return v;
}

/** Parses a manifest; throws an Error saying what is wrong with it. */
export function parseUpdateManifest(text: string): UpdateManifest {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const top: Record<string, string> = {};
  const files: Record<string, string>[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim() || line.trimStart().startsWith('#')) {
      i++;
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9_]*):(.*)$/.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not "key: value"`);
    const [, key, rest] = m as unknown as [string, string, string];
    i++;
    if (key === 'files' && rest.trim() === '') {
      while (i < lines.length && /^\s+-\s|^\s+[A-Za-z]/.test(lines[i]!)) {
        const item = /^(\s+)-\s+([A-Za-z][A-Za-z0-9_]*):(.*)$/.exec(lines[i]!);
        if (item) {
          files.push({ [item[2]!]: scalar(item[3]!) });
        } else {
          const field = /^\s+([A-Za-z][A-Za-z0-9_]*):(.*)$/.exec(lines[i]!);
          if (!field || files.length === 0) throw new Error(`line ${i + 1} is not a file entry`);
          files[files.length - 1]![field[1]!] = scalar(field[2]!);
        }
        i++;
      }
    } else if (/^\s*[|>][-+]?\s*$/.test(rest)) {
      // a block scalar (release notes): the indented lines that follow
      const block: string[] = [];
      while (i < lines.length && (lines[i]!.startsWith(' ') || lines[i]!.trim() === '')) block.push(lines[i++]!);
      const indent = Math.min(...block.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
      top[key] = block.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n').trimEnd();
    } else {
      top[key] = scalar(rest);
    }
  }
  if (!top.version) throw new Error('it has no version');
  if (!/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(top.version)) throw new Error(`its version "${top.version}" is not a release version`);
  const parsedFiles: ManifestFile[] = files.map((f, n) => {
    if (!f.url || !f.sha512) throw new Error(`file entry ${n + 1} has no url or sha512`);
    const size = f.size === undefined ? undefined : Number(f.size);
    if (size !== undefined && (!Number.isInteger(size) || size < 0)) throw new Error(`file entry ${n + 1} has an invalid size`);
    return { url: f.url, sha512: f.sha512, ...(size !== undefined ? { size } : {}) };
  });
  if (parsedFiles.length === 0 && top.path && top.sha512) parsedFiles.push({ url: top.path, sha512: top.sha512 });
  if (parsedFiles.length === 0) throw new Error('it lists no files');
  for (const f of parsedFiles) {
    if (f.url.includes('/') || f.url.includes('\\') || f.url === '..' || f.url === '.') throw new Error(`the file "${f.url}" is not a plain file name in the update folder`);
  }
  return {
    version: top.version,
    ...(top.releaseDate ? { releaseDate: top.releaseDate } : {}),
    ...(top.releaseName ? { releaseName: top.releaseName } : {}),
    ...(top.releaseNotes ? { releaseNotes: top.releaseNotes } : {}),
    files: parsedFiles,
    ...(top.path ? { path: top.path } : {}),
    ...(top.sha512 ? { sha512: top.sha512 } : {}),
  };
}

/** The installer to use on this platform: the first file with a suitable extension. */
export function pickInstaller(manifest: UpdateManifest, platform: NodeJS.Platform): ManifestFile {
  const wanted = platform === 'win32' ? ['.exe'] : platform === 'darwin' ? ['.zip'] : ['.AppImage', '.deb'];
  const file = manifest.files.find((f) => wanted.some((ext) => f.url.endsWith(ext)));
  if (!file) throw new Error(`it has no ${wanted.join(' or ')} file for this computer`);
  return file;
}

/** The base64 sha512 electron-builder writes into manifests. */
export function sha512Base64(data: Buffer | crypto.Hash): string {
  return (Buffer.isBuffer(data) ? crypto.createHash('sha512').update(data) : data).digest('base64');
}

/**
 * Compares release versions by Semantic Versioning 2.0.0 precedence (the `semver` package):
 * numeric pre-release parts compare as numbers, so 1.0.0-beta.10 is newer than 1.0.0-beta.2,
 * and a pre-release sorts before its release; build metadata (+…) is ignored. <0, 0 or >0.
 */
export function compareReleaseVersions(a: string, b: string): number {
  return semver.compare(strictVersion(a), strictVersion(b));
}

/** The version, or an error naming it when it is not a semantic version. */
function strictVersion(v: string): string {
  if (!semver.valid(v)) throw new Error(`"${v}" is not a release version (like 1.2.3 or 1.2.3-beta.4)`);
  return v;
}
