/**
 * Ed25519 signatures over an update manifest (electron-builder's latest*.yml), byte for byte.
 * electron-updater checks the installer against the sha512 in that manifest; this signature
 * is what makes the manifest itself trustworthy when it arrives on a USB stick or a share.
 * The signature sits beside the manifest as `<manifest>.sig` (JSON). Plain Node, no Electron.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const updateSignatureSchema = z.object({
  algorithm: z.literal('ed25519'),
  /** First 16 hex digits of the sha256 of the public key (DER, SPKI), as for model packs. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** Base64 Ed25519 signature of the manifest file's exact bytes. */
  signature: z.string().min(1),
  /** The manifest file this signs (informational: a renamed copy still verifies by bytes). */
  file: z.string().optional(),
  signedAt: z.string().optional(),
});
export type UpdateSignature = z.infer<typeof updateSignatureSchema>;

/** A public key that update manifests may be signed with. */
export interface UpdateKey {
  keyId: string;
  key: crypto.KeyObject;
  source: string;
}

/** The outcome of checking a manifest's signature. */
export type SignatureCheck = { ok: true; keyId: string; source: string } | { ok: false; reason: string };

/** The suffix of a manifest's signature file. */
export const SIGNATURE_SUFFIX = '.sig';

/** The key id of a public key: stable, short, shown to admins. */
export function updateKeyId(publicKey: crypto.KeyObject): string {
  return crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** A new Ed25519 release key pair as PEM strings. */
export function generateUpdateKeyPair(): { publicKeyPem: string; privateKeyPem: string; keyId: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: updateKeyId(publicKey),
  };
}

/** Signs a manifest's bytes with a PEM Ed25519 private key. */
export function signUpdateManifest(manifest: Buffer, privateKeyPem: string, file?: string): UpdateSignature {
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The release key must be an Ed25519 key.');
  const signature = crypto.sign(null, manifest, privateKey).toString('base64');
  return { algorithm: 'ed25519', keyId: updateKeyId(crypto.createPublicKey(privateKey)), signature, ...(file ? { file } : {}), signedAt: new Date().toISOString() };
}

/** Parses a signature file's text; null with a reason when it is not one. */
export function parseUpdateSignature(text: string): { signature: UpdateSignature } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: 'the signature file is not valid JSON' };
  }
  const parsed = updateSignatureSchema.safeParse(json);
  return parsed.success ? { signature: parsed.data } : { reason: 'the signature file is not an Ed25519 update signature' };
}

/** Checks that a trusted key signed exactly these manifest bytes. */
export function verifyUpdateManifest(manifest: Buffer, sig: UpdateSignature, trusted: readonly UpdateKey[]): SignatureCheck {
  if (trusted.length === 0) return { ok: false, reason: 'this installation has no trusted release key, so it cannot accept any update' };
  const key = trusted.find((k) => k.keyId === sig.keyId);
  if (!key) return { ok: false, reason: `it is signed by a key this installation does not trust (key id ${sig.keyId})` };
  let valid: boolean;
  try {
    valid = crypto.verify(null, manifest, key.key, Buffer.from(sig.signature, 'base64'));
  } catch {
    valid = false;
  }
  return valid ? { ok: true, keyId: key.keyId, source: key.source } : { ok: false, reason: 'the update description changed after it was signed (its signature does not match)' };
}

/** Reads every `*.pub` Ed25519 public key in `dir`; unreadable ones are reported, not trusted. */
export function loadUpdateKeys(dir: string, onProblem: (message: string) => void = () => undefined): UpdateKey[] {
  if (!fs.existsSync(dir)) return [];
  const keys: UpdateKey[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.pub')).sort()) {
    const file = path.join(dir, name);
    try {
      const key = crypto.createPublicKey(fs.readFileSync(file, 'utf8'));
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
      keys.push({ keyId: updateKeyId(key), key, source: file });
    } catch (e) {
      onProblem(`The release key ${file} could not be read (${(e as Error).message}); updates signed with it will be refused.`);
    }
  }
  return keys;
}
