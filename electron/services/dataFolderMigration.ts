/**
 * Moves Bedside's data, once, from the folder older versions used by default (Windows: roaming
 * %APPDATA%\Bedside; Linux: ~/.config/Bedside) to the platform's data folder (paths.ts). Only
 * Bedside's own entries move (the database and its sidecars, keys, packs, backups, logs, …);
 * on Linux the old folder is also Electron's, and its browser files stay. Nothing is
 * overwritten: it runs only while the new folder has no database, an entry already present in
 * the new folder is left where it is, and each entry is renamed (or, across disks, copied,
 * checked and only then removed), so an interrupted move finishes at the next start. A note in
 * the old folder says where the data went.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What Bedside keeps in its data folder (everything else there is left alone). */
const BEDSIDE_ENTRIES = /^(bedside\..+|packs|backups|logs|keys|updates|cache|tls)$/;
/** The note left in the old folder. */
export const MOVED_NOTE = 'BEDSIDE-DATA-MOVED.txt';

export interface MigrationResult {
  from: string;
  moved: string[];
  /** Entries left in the old folder because the new one already had them. */
  kept: string[];
}

/** Total bytes and file count under a path (to check a copy). */
function tally(p: string): { bytes: number; files: number } {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return { bytes: st.size, files: 1 };
  return fs.readdirSync(p).reduce((t, e) => {
    const s = tally(path.join(p, e));
    return { bytes: t.bytes + s.bytes, files: t.files + s.files };
  }, { bytes: 0, files: 0 });
}

/** Moves one entry; across file systems it copies to a temporary name, checks, renames, then removes the original. */
function moveEntry(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
  }
  const temp = `${to}.moving`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.cpSync(from, temp, { recursive: true, preserveTimestamps: true });
  const a = tally(from);
  const b = tally(temp);
  if (a.bytes !== b.bytes || a.files !== b.files) throw new Error(`the copy of ${from} is incomplete`);
  fs.renameSync(temp, to);
  fs.rmSync(from, { recursive: true, force: true });
}

/**
 * Moves Bedside's entries from the first legacy folder that holds a database into `dataDir`,
 * when `dataDir` has none. Returns what moved, or null when there was nothing to do.
 */
export function migrateLegacyDataFolder(legacyDirs: readonly string[], dataDir: string): MigrationResult | null {
  if (fs.existsSync(path.join(dataDir, 'bedside.db'))) return null;
  const from = legacyDirs.find((d) => path.resolve(d) !== path.resolve(dataDir) && fs.existsSync(path.join(d, 'bedside.db')));
  if (!from) return null;
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const result: MigrationResult = { from, moved: [], kept: [] };
  // The database goes last: until it has moved, the next start takes up the move again.
  const entries = fs.readdirSync(from).filter((e) => BEDSIDE_ENTRIES.test(e) && !e.endsWith('.moving'));
  entries.sort((a, b) => Number(a === 'bedside.db') - Number(b === 'bedside.db'));
  for (const entry of entries) {
    const target = path.join(dataDir, entry);
    if (fs.existsSync(target)) {
      result.kept.push(entry);
      continue;
    }
    moveEntry(path.join(from, entry), target);
    result.moved.push(entry);
  }
  fs.writeFileSync(path.join(from, MOVED_NOTE), `Bedside's data moved to ${dataDir} on ${new Date().toISOString()}.\n${result.kept.length ? `Left here because the new folder already had them: ${result.kept.join(', ')}.\n` : ''}`);
  return result;
}
