/**
 * Signed checkpoints of the audit chain's head, kept outside the database: beside each backup
 * and in `<data>/audit-checkpoints/` (`admin audit-checkpoint`). Each is a small JSON file with
 * the newest entry's sequence number and link, signed with Ed25519 (RFC 8032) by the audit
 * signing key. verify-audit checks every checkpoint against the chain: a chain cut short, or
 * rewritten and re-sealed, no longer contains the signed head.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../json';

/** What a checkpoint signs. */
export interface CheckpointBody {
  format: 'bedside-audit-checkpoint-1';
  seq: number;
  hash: string;
  at: string;
  /** Why it was written: "backup <file>", "admin audit-checkpoint". */
  reason: string;
}

/** A signed checkpoint as stored. */
export interface Checkpoint extends CheckpointBody {
  publicKey: string;
  signature: string;
}

/** The file name suffix of a checkpoint. */
export const CHECKPOINT_SUFFIX = '.audit-checkpoint.json';

// PKCS#8 DER prefix of an Ed25519 private key (RFC 8410): the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The Ed25519 private key of a 32-byte seed (kept through a KeyStore like the other keys). */
export function signingKeyFromSeed(seed: Buffer): crypto.KeyObject {
  return crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The public key (raw 32 bytes, base64) of a seed: what clinic IT may write down to check checkpoints elsewhere. */
export function publicKeyOf(seed: Buffer): string {
  const spki = crypto.createPublicKey(signingKeyFromSeed(seed)).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32).toString('base64');
}

function publicKeyObject(raw: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(raw, 'base64')]), format: 'der', type: 'spki' });
}

/** Signs a checkpoint and writes it to `file` (0600, written whole then renamed). */
export function writeCheckpoint(file: string, body: Omit<CheckpointBody, 'format'>, seed: Buffer): Checkpoint {
  const b: CheckpointBody = { format: 'bedside-audit-checkpoint-1', ...body };
  const signature = crypto.sign(null, Buffer.from(canonicalJson(b)), signingKeyFromSeed(seed)).toString('base64');
  const checkpoint: Checkpoint = { ...b, publicKey: publicKeyOf(seed), signature };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.partial`;
  fs.writeFileSync(tmp, JSON.stringify(checkpoint, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
  return checkpoint;
}

/** Whether a checkpoint's signature is valid under `publicKey` (base64 raw Ed25519). */
export function checkpointSignatureValid(c: Checkpoint, publicKey: string): boolean {
  try {
    const { publicKey: _pk, signature, ...body } = c;
    return crypto.verify(null, Buffer.from(canonicalJson(body)), publicKeyObject(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Every checkpoint file in a folder (unreadable ones are returned as errors, not skipped). */
export function readCheckpoints(dir: string): { file: string; checkpoint: Checkpoint | null }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(CHECKPOINT_SUFFIX))
    .sort()
    .map((n) => {
      const file = path.join(dir, n);
      try {
        const c = JSON.parse(fs.readFileSync(file, 'utf8')) as Checkpoint;
        return { file, checkpoint: c.format === 'bedside-audit-checkpoint-1' && typeof c.seq === 'number' && typeof c.hash === 'string' ? c : null };
      } catch {
        return { file, checkpoint: null };
      }
    });
}
