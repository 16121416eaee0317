/** Turns SQLite failures into errors a clinician can act on. */
import { BedsideError, isBedsideError } from '../errors';

/** The SQLite result code of a thrown error (`SQLITE_FULL`, `SQLITE_CORRUPT_VTAB`...), if any. */
export function sqliteCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** The message for a damaged database, with the way back. */
export function corruptMessage(file: string): string {
  return `The patient record database (${file}) is damaged and cannot be read safely. Nothing further was written to it. Restore the most recent backup (Backups › Restore, or "npm run admin -- restore <backup file>"); the damaged file is kept so your administrator can examine it.`;
}

/**
 * Maps a SQLite error thrown while doing `what` ("saving Observation/abc") to a BedsideError.
 * Errors that are already BedsideErrors, and programming errors, pass through unchanged.
 */
export function translateSqliteError(e: unknown, what: string, file: string): unknown {
  if (isBedsideError(e)) return e;
  const code = sqliteCode(e);
  if (!code) return e;
  if (code === 'SQLITE_FULL') {
    return new BedsideError('disk-full', `The disk is full, so ${what} did not happen; the change was rolled back and the records are as they were. Free some disk space (or move old backups elsewhere) and try again.`);
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new BedsideError('corrupt', corruptMessage(file));
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new BedsideError('unavailable', `The patient records are busy (another Bedside program is using them), so ${what} did not happen. Try again in a moment.`);
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY')) {
    return new BedsideError('unavailable', `Bedside could not read or write the record database (${code}), so ${what} did not happen and nothing was changed. Check the disk and the data folder's permissions.`);
  }
  return e;
}
