/**
 * Opening the encrypted record database: SQLCipher-compatible encryption (SQLite3 Multiple
 * Ciphers), a raw 256-bit key, WAL, synchronous=FULL, foreign keys on. A wrong key and a damaged
 * file are told apart with a key id kept beside the database (a hash of the key, not the key).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { BedsideError } from '../errors';
import { corruptMessage, sqliteCode } from './sqliteErrors';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/** SQLCipher 4's page size; an intact database file is a whole number of pages. */
const PAGE_SIZE = 4096;

/** The key id file kept beside a database (`bedside.db.keyid`). */
export function keyIdFile(dbFile: string): string {
  return `${dbFile}.keyid`;
}

/** A short, one-way id of a key, to tell "wrong key" from "damaged file". */
export function keyId(key: Buffer): string {
  return crypto.createHash('sha256').update('bedside-database-key-id\0').update(key).digest('hex').slice(0, 32);
}

/** Writes the key id beside a database. */
export function writeKeyId(dbFile: string, key: Buffer): void {
  fs.writeFileSync(keyIdFile(dbFile), keyId(key) + '\n', { mode: 0o600 });
}

function readKeyId(dbFile: string): string | null {
  try {
    return fs.readFileSync(keyIdFile(dbFile), 'utf8').trim();
  } catch {
    return null;
  }
}

/** Applies the cipher settings and the key to a fresh connection (before any read). */
export function applyKey(db: Db, key: Buffer | null): void {
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  if (key) db.pragma(`key="x'${key.toString('hex')}'"`);
}

export interface OpenOptions {
  readonly?: boolean;
  /** Skip WAL and synchronous settings (checking a backup). */
  plain?: boolean;
  /** Run PRAGMA quick_check when the file is smaller than this many bytes (default 256 MiB). */
  quickCheckBelowBytes?: number;
}

/**
 * Opens (or creates) an encrypted database with `key`. Throws BedsideError 'wrong-key' when
 * the key does not unlock the file and 'corrupt' when the file is damaged.
 */
export function openEncryptedDatabase(file: string, key: Buffer, options: OpenOptions = {}): Db {
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  if (existed && fs.statSync(file).size % PAGE_SIZE !== 0) throw new BedsideError('corrupt', corruptMessage(file));
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (e) {
    throw new BedsideError('unavailable', `Bedside cannot open the record database ${file} (${sqliteCode(e) ?? (e as Error).message}). Check the disk and the folder's permissions.`);
  }
  try {
    applyKey(db, key);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.close();
    const code = sqliteCode(e);
    if (code === 'SQLITE_NOTADB') {
      const stored = readKeyId(file);
      if (stored !== null && stored === keyId(key)) throw new BedsideError('corrupt', corruptMessage(file));
      throw new BedsideError(
        'wrong-key',
        `The patient records in ${file} are locked with a different key than the one this computer has, so they cannot be opened. Nothing was changed. If the records were copied from another computer, copy its key too; otherwise restore a backup made on this computer (Backups › Restore, or "npm run admin -- restore <backup file>").`,
      );
    }
    if (code?.startsWith('SQLITE_CORRUPT')) throw new BedsideError('corrupt', corruptMessage(file));
    throw e;
  }
  try {
    if (!options.plain && !options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A 64 MiB page cache keeps the index pages of a large store in memory during imports,
    // and a larger WAL before checkpoints writes hot pages out less often (fewer encryptions).
    db.pragma('cache_size = -65536');
    if (!options.readonly) db.pragma('wal_autocheckpoint = 10000');
    const limit = options.quickCheckBelowBytes ?? 256 * 1024 * 1024;
    if (existed && fs.statSync(file).size < limit) {
      const result = db.pragma('quick_check(1)', { simple: true });
      if (result !== 'ok') throw new BedsideError('corrupt', corruptMessage(file));
    }
  } catch (e) {
    db.close();
    if (sqliteCode(e)?.startsWith('SQLITE_CORRUPT') || sqliteCode(e) === 'SQLITE_NOTADB') throw new BedsideError('corrupt', corruptMessage(file));
    throw e;
  }
  if (!existed && !options.readonly) writeKeyId(file, key);
  return db;
}

/** Opens a database file without any key (tests and benchmarks comparing encryption cost). */
export function openUnencryptedDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -65536');
  db.pragma('wal_autocheckpoint = 10000');
  return db;
}
