/**
 * Where the database key lives. The desktop shell keeps it with Electron safeStorage (the OS
 * keychain); the browser host, the admin command line and tests keep it in a file in the data
 * folder, readable only by its owner.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../errors';

/** Loads and saves the 32-byte database key. */
export interface KeyStore {
  /** The saved key, or null when none was saved yet (first run). */
  load(): Buffer | null;
  /** Saves the key durably; called once, at first run. */
  save(key: Buffer): void;
}

/** Length of the database key in bytes (256 bits). */
export const DATABASE_KEY_BYTES = 32;

/** A new random database key. */
export function generateDatabaseKey(): Buffer {
  return crypto.randomBytes(DATABASE_KEY_BYTES);
}

/** A key file (hex text, mode 0600) written atomically: temp file, fsync, rename. */
export class FileKeyStore implements KeyStore {
  constructor(readonly file: string) {}

  /** Reads the key file; null when it does not exist. */
  load(): Buffer | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8').trim();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new BedsideError('unavailable', `Bedside cannot read its database key file ${this.file} (${(e as NodeJS.ErrnoException).code ?? 'error'}). Check the file's permissions.`);
    }
    if (!/^[0-9a-f]{64}$/i.test(text)) {
      throw new BedsideError('wrong-key', `The database key file ${this.file} is damaged, so the patient records cannot be unlocked. Restore the key file from the clinic's backup of this folder, or restore the records from a backup made with the current key.`);
    }
    return Buffer.from(text, 'hex');
  }

  /** Writes the key file atomically with owner-only permissions. */
  save(key: Buffer): void {
    if (key.length !== DATABASE_KEY_BYTES) throw new Error(`A database key has ${DATABASE_KEY_BYTES} bytes`);
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, key.toString('hex') + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, this.file);
  }
}

/** A key kept in memory only (tests). */
export class MemoryKeyStore implements KeyStore {
  constructor(private key: Buffer | null = null) {}
  /** The key given or saved, if any. */
  load(): Buffer | null {
    return this.key;
  }
  /** Keeps the key. */
  save(key: Buffer): void {
    this.key = Buffer.from(key);
  }
}
