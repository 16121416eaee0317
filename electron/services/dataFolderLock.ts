/**
 * One writer per data folder: the desktop app, the browser host and the admin commands that
 * write take `<data>/bedside.lock` (created exclusively) before they open anything, so a second
 * process cannot, for example, clear the first one's model-pack staging folders. A lock left
 * by a process that no longer runs (a crash, a power cut) on this computer is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BedsideError } from './errors';

/** What the lock file says about the process holding it. */
export interface LockHolder {
  pid: number;
  /** What runs: "browser host", "desktop app", "admin import"… */
  what: string;
  hostname: string;
  startedAt: string;
}

/** A held lock. */
export interface DataFolderLock {
  file: string;
  /** Removes the lock file (only if it is still this process's). */
  release: () => void;
}

/** The lock file of a data folder. */
export function lockFileOf(dataDir: string): string {
  return path.join(dataDir, 'bedside.lock');
}

/** Reads the lock file; null when absent or unreadable. */
export function readLockHolder(dataDir: string): LockHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockFileOf(dataDir), 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.what !== 'string') return null;
    return { pid: parsed.pid, what: parsed.what, hostname: String(parsed.hostname ?? ''), startedAt: String(parsed.startedAt ?? '') };
  } catch {
    return null;
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder for this process, or throws a BedsideError naming the process that holds it. */
export function acquireDataFolderLock(dataDir: string, what: string): DataFolderLock {
  const file = lockFileOf(dataDir);
  const me: LockHolder = { pid: process.pid, what, hostname: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      try {
        fs.writeSync(fd, JSON.stringify(me) + '\n');
      } finally {
        fs.closeSync(fd);
      }
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readLockHolder(dataDir)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new BedsideError('unavailable', `Bedside cannot create its lock file in ${dataDir} (${(e as NodeJS.ErrnoException).code ?? 'error'}). Check that the data folder is writable.`);
      }
    }
    const holder = readLockHolder(dataDir);
    const stale = holder === null ? lockAgeMs(file) > 10_000 : holder.hostname === os.hostname() && holder.pid !== process.pid && !running(holder.pid);
    if (!stale) throw inUse(dataDir, holder);
    // The holder is gone (crash or power cut): take the folder over.
    fs.rmSync(file, { force: true });
  }
  throw inUse(dataDir, readLockHolder(dataDir));
}

function lockAgeMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

function inUse(dataDir: string, holder: LockHolder | null): BedsideError {
  const who = holder
    ? `the Bedside ${holder.what} (process ${holder.pid}${holder.hostname && holder.hostname !== os.hostname() ? ` on ${holder.hostname}` : ''}, started ${holder.startedAt})`
    : 'another Bedside process that is starting';
  return new BedsideError(
    'conflict',
    `The data folder ${dataDir} is in use by ${who}. Only one Bedside may use a data folder at a time: stop that one first (or use another folder with --data-dir). Nothing was changed.`,
    holder ? { pid: holder.pid, what: holder.what } : undefined,
  );
}
