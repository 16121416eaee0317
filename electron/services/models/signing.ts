/**
 * Ed25519 signatures over a pack's canonical manifest. The manifest lists every file's
 * sha256, so one signature covers the whole pack. Only keys in the trusted-keys folders are
 * accepted; the demo key shipped in models/keys is for demo packs only (see docs/inference.md).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../json';

export const SIGNATURE_FILE = 'signature.json';

export const signatureSchema = z.object({
  algorithm: z.literal('ed25519'),
  /** First 16 hex digits of the sha256 of the public key (DER, SPKI). */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** Base64 Ed25519 signature of the canonical manifest JSON. */
  signature: z.string().min(1),
  signedAt: z.string().optional(),
});
export type PackSignature = z.infer<typeof signatureSchema>;

/** A public key Bedside accepts, with where it came from. */
export interface TrustedKey {
  keyId: string;
  key: crypto.KeyObject;
  source: string;
}

/** The key id of a public key: stable, short, shown to admins. */
export function keyIdOf(publicKey: crypto.KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** A new Ed25519 key pair as PEM strings (for a clinic's own signing key). */
export function generateSigningKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Signs a manifest object (its canonical JSON) with a PEM private key. */
export function signManifest(manifest: unknown, privateKeyPem: string): PackSignature {
  const privateKey = crypto.createPrivateKey(privateKeyPem);
  const publicKey = crypto.createPublicKey(privateKey);
  const signature = crypto.sign(null, Buffer.from(canonicalJson(manifest), 'utf8'), privateKey);
  return { algorithm: 'ed25519', keyId: keyIdOf(publicKey), signature: signature.toString('base64'), signedAt: new Date().toISOString() };
}

/** Why a signature was refused, or null when a trusted key signed exactly this manifest. */
export function checkSignature(manifest: unknown, sig: PackSignature, trusted: readonly TrustedKey[]): string | null {
  const key = trusted.find((k) => k.keyId === sig.keyId);
  if (!key) return `it is signed by an untrusted key (key id ${sig.keyId}). Ask whoever supplied the pack for a pack signed with your clinic's key, or add their public key to the trusted keys folder if you trust them.`;
  const ok = crypto.verify(null, Buffer.from(canonicalJson(manifest), 'utf8'), key.key, Buffer.from(sig.signature, 'base64'));
  return ok ? null : 'the manifest changed after signing (its signature does not match its contents). Do not use this copy; get the pack again from its source.';
}

/**
 * The key id of the public demo signing key (models/keys/trusted/bedside-demo.pub). Its private
 * key is committed to the repository, so anyone can sign a pack with it: it is trusted only in
 * demo mode, or when clinic IT copies it into the data folder's own trusted-keys folder on purpose.
 */
export const DEMO_KEY_ID = '95f298332a751fab';

/** Whether this process runs in demo mode (scripts/demo.sh, the e2e runner and the unit tests set BEDSIDE_DEMO=1). */
export function isDemoMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.BEDSIDE_DEMO === '1';
}

/** The keys without the demo key, unless demo mode is on or a copy of it lies in one of the clinic's own folders. */
export function trustOnPurpose(keys: readonly TrustedKey[], options: { demoMode: boolean; clinicKeyDirs: readonly string[] }): TrustedKey[] {
  const inClinicDir = (k: TrustedKey): boolean => options.clinicKeyDirs.some((d) => path.resolve(path.dirname(k.source)) === path.resolve(d));
  const demoWanted = options.demoMode || keys.some((k) => k.keyId === DEMO_KEY_ID && inClinicDir(k));
  return keys.filter((k) => k.keyId !== DEMO_KEY_ID || demoWanted);
}

/** Reads every `*.pub` PEM public key from the given folders; unreadable keys are reported, not fatal. */
export function loadTrustedKeys(dirs: readonly string[], onProblem: (message: string) => void = () => undefined): TrustedKey[] {
  const keys: TrustedKey[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.pub')).sort()) {
      const file = path.join(dir, name);
      try {
        const key = crypto.createPublicKey(fs.readFileSync(file, 'utf8'));
        if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
        keys.push({ keyId: keyIdOf(key), key, source: file });
      } catch (e) {
        onProblem(`The trusted key ${file} could not be read (${(e as Error).message}); packs signed with it will be refused.`);
      }
    }
  }
  return keys;
}
