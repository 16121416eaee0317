/**
 * Verifies a pack folder: manifest schema, signature by a trusted key, then every listed
 * file's size and sha256. Nothing here writes; the registry calls it on a staged copy before
 * the pack becomes visible, and again before a model is loaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../errors';
import { sha256FileAsync } from './hashing';
import { parseManifest, type PackManifest } from './manifest';
import { SIGNATURE_FILE, checkSignature, signatureSchema, type TrustedKey } from './signing';

export const MANIFEST_FILE = 'manifest.json';

/** A pack that passed every check. */
export interface VerifiedPack {
  manifest: PackManifest;
  /** The manifest exactly as signed (before defaults). */
  rawManifest: unknown;
  keyId: string;
}

/** The refusal every failed check raises: names the pack and the reason, says nothing changed. */
export function packRefused(where: string, reason: string, details?: Record<string, unknown>): BedsideError {
  return new BedsideError('verification-failed', `The model pack ${where} was refused: ${reason} Nothing was installed or changed.`, details);
}

function parseJson(text: Buffer | string | undefined, where: string, what: string, file: string): unknown {
  if (text === undefined) throw packRefused(where, `it has no ${what} (${file}).`);
  try {
    return JSON.parse(text.toString());
  } catch {
    // Never quote the content: the file may be anything an admin pointed at.
    throw packRefused(where, `its ${what} (${file}) is not readable JSON.`);
  }
}

function readIfPresent(file: string): Buffer | undefined {
  return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file) : undefined;
}

/** Checks a manifest and its signature given as bytes (before any file of the pack is copied anywhere). */
export function verifyManifestAndSignatureBytes(manifest: Buffer | string | undefined, signature: Buffer | string | undefined, trusted: readonly TrustedKey[], where: string): VerifiedPack {
  const rawManifest = parseJson(manifest, where, 'manifest', MANIFEST_FILE);
  const parsed = parseManifest(rawManifest);
  if (!parsed.ok) throw packRefused(where, parsed.reason);
  const rawSig = parseJson(signature, where, 'signature', SIGNATURE_FILE);
  const sig = signatureSchema.safeParse(rawSig);
  if (!sig.success) throw packRefused(where, 'its signature file is not in the expected format.');
  const problem = checkSignature(rawManifest, sig.data, trusted);
  if (problem) throw packRefused(where, problem, { keyId: sig.data.keyId });
  return { manifest: parsed.manifest, rawManifest, keyId: sig.data.keyId };
}

/** Checks the manifest and signature only (fast: no file hashing). */
export function verifyManifestAndSignature(dir: string, trusted: readonly TrustedKey[], where: string): VerifiedPack {
  return verifyManifestAndSignatureBytes(readIfPresent(path.join(dir, MANIFEST_FILE)), readIfPresent(path.join(dir, SIGNATURE_FILE)), trusted, where);
}

/** Checks every listed file's presence, size and sha256 against the manifest. */
export async function verifyFiles(dir: string, manifest: PackManifest, where: string): Promise<void> {
  for (const f of manifest.files) {
    const file = path.join(dir, ...f.path.split('/'));
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      throw packRefused(where, `the file ${f.path} is missing.`, { file: f.path });
    }
    if (size !== f.bytes) throw packRefused(where, `the file ${f.path} has ${size} bytes, the manifest says ${f.bytes} (damaged or incomplete copy).`, { file: f.path });
    const actual = await sha256FileAsync(file);
    if (actual !== f.sha256) {
      throw packRefused(where, `the file ${f.path} is damaged or was changed (sha256 expected ${f.sha256}, found ${actual}).`, { file: f.path, expected: f.sha256, actual });
    }
  }
}

/** Every check: manifest, signature, then each file. */
export async function verifyPackFolder(dir: string, trusted: readonly TrustedKey[], where: string): Promise<VerifiedPack> {
  const verified = verifyManifestAndSignature(dir, trusted, where);
  await verifyFiles(dir, verified.manifest, where);
  return verified;
}
