/**
 * The database recovery code: the database key wrapped (AES-256-GCM) with a key derived by
 * scrypt from a random code shown to the administrator once, at set-up. The wrapped blob lives
 * in the data folder (`bedside.key.recovery`); with the code, `admin recover-key` restores
 * access when the OS keychain that protected the key is lost.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../errors';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const WRAP_SCRYPT = { N: 2 ** 15, r: 8, p: 1 };

/** The recovery blob beside the key. */
export function recoveryFile(dataDir: string): string {
  return path.join(dataDir, 'bedside.key.recovery');
}

/** The marker `admin recover-key` writes beside the key file it restored (the desktop app then moves the key into the keychain). */
export function recoveredMarker(plainKeyFile: string): string {
  return `${plainKeyFile}.recovered`;
}

/** A random code: 30 characters from 32 (150 bits), in groups of 5. */
export function generateRecoveryCode(): string {
  const bytes = crypto.randomBytes(30);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function deriveWrapKey(code: string, salt: Buffer): Buffer {
  return crypto.scryptSync(normaliseCode(code), salt, 32, { ...WRAP_SCRYPT, maxmem: 64 * 1024 * 1024 });
}

/** Writes the key wrapped with a new code (mode 0600) and returns the code. */
export function writeRecoveryBlob(file: string, databaseKey: Buffer): string {
  const code = generateRecoveryCode();
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', deriveWrapKey(code, salt), iv);
  const wrapped = Buffer.concat([cipher.update(databaseKey), cipher.final()]);
  const blob = { format: 'bedside-recovery-1', kdf: { name: 'scrypt', ...WRAP_SCRYPT, salt: salt.toString('base64') }, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), wrapped: wrapped.toString('base64') };
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Made durable before the code is shown or the first account exists: a code never opens nothing.
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(blob) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const why = (e as NodeJS.ErrnoException).code;
    throw new BedsideError(why === 'ENOSPC' ? 'disk-full' : 'unavailable', `Bedside could not write the database recovery file ${file} (${why === 'ENOSPC' ? 'the disk is full' : (why ?? 'write failed')}), so no account was created and no recovery code was issued. Free disk space or fix the folder's permissions, then try again.`);
  }
  return code;
}

/** Unwraps the database key with the code; a wrong code or a damaged blob is a clear error. */
export function readRecoveryBlob(file: string, code: string): Buffer {
  let blob: { format?: string; kdf?: { N: number; r: number; p: number; salt: string }; iv?: string; tag?: string; wrapped?: string };
  try {
    blob = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof blob;
  } catch {
    throw new BedsideError('not-found', `There is no readable recovery file at ${file}. Restore it from the clinic's backup of the data folder.`);
  }
  if (blob.format !== 'bedside-recovery-1' || !blob.kdf || !blob.iv || !blob.tag || !blob.wrapped) throw new BedsideError('corrupt', `The recovery file ${file} is damaged.`);
  try {
    const key = crypto.scryptSync(normaliseCode(code), Buffer.from(blob.kdf.salt, 'base64'), 32, { N: blob.kdf.N, r: blob.kdf.r, p: blob.kdf.p, maxmem: 64 * 1024 * 1024 });
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(blob.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(blob.wrapped, 'base64')), decipher.final()]);
  } catch {
    throw new BedsideError('wrong-key', 'That recovery code does not open the recovery file. Check the code as it was written down at set-up (dashes and case do not matter).');
  }
}
