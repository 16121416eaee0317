/**
 * Backups: an encrypted, consistent copy made while Bedside runs, checked before it counts;
 * and restore, which checks a backup before it atomically replaces the live database.
 *
 * The copy is made with VACUUM INTO, which SQLite3 Multiple Ciphers writes encrypted with the
 * live database's key. (better-sqlite3's `db.backup()` opens the target without a key, and the
 * cipher library refuses it as incompatible, rightly: it would have written plaintext.)
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { BedsideError, isBedsideError } from '../errors';
import { keyId, keyIdFile, openEncryptedDatabase, writeKeyId, type Db } from './database';
import { CURRENT_SCHEMA_VERSION, assertNotNewer, schemaVersion } from './migrate';
import { translateSqliteError } from './sqliteErrors';

/** What a backup wrote. */
export interface BackupSummary {
  file: string;
  bytes: number;
  resources: number;
  schemaVersion: number;
}

const BACKUP_NAME = /^bedside-backup-\d{8}-\d{6}(-\d+)?\.db$/;

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks a backup file: opens with the key, integrity_check, schema not newer; returns its facts. */
export function checkBackup(file: string, key: Buffer): { resources: number; schemaVersion: number } {
  if (!fs.existsSync(file)) throw new BedsideError('not-found', `There is no backup at ${file}. Nothing was changed.`);
  const storedId = fs.existsSync(keyIdFile(file)) ? fs.readFileSync(keyIdFile(file), 'utf8').trim() : null;
  if (storedId !== null && storedId !== keyId(key)) {
    throw new BedsideError('wrong-key', `The backup ${path.basename(file)} was made with a different key than this computer's, so it cannot be opened. Nothing was changed. Use a backup made on this computer, or copy the key it was made with.`);
  }
  let db: Db | undefined;
  try {
    db = openEncryptedDatabase(file, key, { readonly: true, plain: true, quickCheckBelowBytes: 0 });
    const check = db.pragma('integrity_check(1)', { simple: true });
    if (check !== 'ok') throw new BedsideError('verification-failed', `The backup ${path.basename(file)} is damaged (${String(check).slice(0, 120)}). Nothing was changed. Use an earlier backup.`);
    const version = schemaVersion(db);
    assertNotNewer(version, CURRENT_SCHEMA_VERSION, file);
    const hasResources = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'resources'").get() !== undefined;
    if (!hasResources) throw new BedsideError('verification-failed', `${path.basename(file)} is not a Bedside backup (it has no patient records). Nothing was changed.`);
    const resources = Number(db.prepare('SELECT count(*) FROM resources').pluck().get());
    return { resources, schemaVersion: version };
  } catch (e) {
    if (isBedsideError(e)) {
      if (e.code === 'corrupt') throw new BedsideError('verification-failed', `The backup ${path.basename(file)} is damaged or is not a Bedside backup. Nothing was changed. Use an earlier backup.`);
      throw e;
    }
    throw translateSqliteError(e, `checking the backup ${path.basename(file)}`, file);
  } finally {
    db?.close();
  }
}

/** True when the file opens without any key (it would be plaintext). */
function opensWithoutKey(file: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** Writes a verified, encrypted backup of `db` into the folder `destDir`. */
export function writeBackup(db: Db, key: Buffer, destDir: string, now: Date): BackupSummary {
  fs.mkdirSync(destDir, { recursive: true, mode: 0o700 });
  let file = path.join(destDir, `bedside-backup-${stamp(now)}.db`);
  for (let i = 1; fs.existsSync(file); i++) file = path.join(destDir, `bedside-backup-${stamp(now)}-${i}.db`);
  const tmp = `${file}.partial`;
  fs.rmSync(tmp, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(tmp);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw translateSqliteError(e, 'the backup', destDir);
  }
  fsyncFile(tmp);
  try {
    if (opensWithoutKey(tmp)) throw new BedsideError('verification-failed', 'The backup came out unencrypted, so it was deleted. Nothing was changed; tell your administrator.');
    writeKeyId(tmp, key);
    const facts = checkBackup(tmp, key);
    fs.renameSync(keyIdFile(tmp), keyIdFile(file));
    fs.renameSync(tmp, file);
    return { file, bytes: fs.statSync(file).size, resources: facts.resources, schemaVersion: facts.schemaVersion };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(keyIdFile(tmp), { force: true });
    throw e;
  }
}

/** Removes all but the newest `keep` Bedside backups in a folder. */
export function pruneBackups(dir: string, keep: number): string[] {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => BACKUP_NAME.test(n)).sort() : [];
  const removed = names.slice(0, Math.max(0, names.length - keep));
  for (const n of removed) {
    fs.rmSync(path.join(dir, n), { force: true });
    fs.rmSync(keyIdFile(path.join(dir, n)), { force: true });
    fs.rmSync(path.join(dir, `${n}.audit-checkpoint.json`), { force: true });
  }
  return removed;
}

/**
 * Replaces the (closed) live database file with a checked backup: copy to a temp file, fsync,
 * keep the old file as `<db>.before-restore-<time>` (a hard link), then rename over the live file.
 */
export function replaceDatabaseFile(liveFile: string, backupFile: string, key: Buffer, now: Date): string {
  const tmp = `${liveFile}.restoring`;
  fs.copyFileSync(backupFile, tmp);
  fsyncFile(tmp);
  const kept = `${liveFile}.before-restore-${stamp(now)}`;
  if (fs.existsSync(liveFile)) {
    fs.rmSync(kept, { force: true });
    fs.linkSync(liveFile, kept);
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(liveFile + suffix, { force: true });
  fs.renameSync(tmp, liveFile);
  writeKeyId(liveFile, key);
  const dirFd = fs.openSync(path.dirname(liveFile), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
  return kept;
}
