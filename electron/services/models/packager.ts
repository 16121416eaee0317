/**
 * Builds and signs a pack from a source folder: hashes the files the manifest names, writes
 * manifest.json and signature.json beside copies of them, and optionally a .tgz for shipping.
 * Used at build time for the demo packs and by clinics signing their own packs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sha256File } from './hashing';
import { manifestSchema, type PackManifestInput } from './manifest';
import { MANIFEST_FILE } from './packVerify';
import { SIGNATURE_FILE, signManifest } from './signing';
import { writeTgz } from './tarReader';

/** What to pack: the manifest without `files` (computed here) and the files to include. */
export interface PackSource {
  sourceDir: string;
  /** Paths relative to sourceDir, forward slashes. */
  include: readonly string[];
  manifest: Omit<PackManifestInput, 'files'>;
}

/** Where a built pack went. */
export interface BuiltPack {
  dir: string;
  archive: string | null;
  id: string;
  version: string;
}

/** Copies, hashes and signs a pack into `outDir/<id>-<version>/` (and `.tgz` when asked). */
export function buildPack(source: PackSource, outDir: string, privateKeyPem: string, options: { archive?: boolean } = {}): BuiltPack {
  const files = source.include.map((rel) => {
    const file = path.join(source.sourceDir, ...rel.split('/'));
    if (!fs.existsSync(file)) throw new Error(`The pack source has no file ${rel} (looked in ${source.sourceDir}).`);
    return { path: rel, sha256: sha256File(file), bytes: fs.statSync(file).size };
  });
  const raw = { ...source.manifest, files };
  const checked = manifestSchema.safeParse(raw);
  if (!checked.success) throw new Error(`The pack manifest is not valid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { id, version } = checked.data;
  const dir = path.join(outDir, `${id}-${version}`);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const dest = path.join(dir, ...f.path.split('/'));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(path.join(source.sourceDir, ...f.path.split('/')), dest);
  }
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), `${JSON.stringify(raw, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, SIGNATURE_FILE), `${JSON.stringify(signManifest(raw, privateKeyPem), null, 2)}\n`);
  let archive: string | null = null;
  if (options.archive) {
    archive = `${dir}.tgz`;
    const members = [MANIFEST_FILE, SIGNATURE_FILE, ...files.map((f) => f.path)].map((rel) => ({
      path: rel,
      data: fs.readFileSync(path.join(dir, ...rel.split('/'))),
    }));
    writeTgz(archive, members);
  }
  return { dir, archive, id, version };
}
