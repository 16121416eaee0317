/** The data folder service: creates the folder tree and checks it can be written. */
import fs from 'node:fs';
import path from 'node:path';
import type { AppPaths } from './paths';
import type { Service } from './container';
import { BedsideError } from './errors';
import { acquireDataFolderLock, type DataFolderLock } from './dataFolderLock';
import { migrateLegacyDataFolder, type MigrationResult } from './dataFolderMigration';

/** Owns the data folder (database, key, packs, backups, logs). */
export class DataFolderService implements Service {
  private lock: DataFolderLock | null = null;
  /** What the one-time move from the old default folder did at boot (null: nothing to move). */
  migration: MigrationResult | null = null;

  /** `lockAs`: take the folder's lock file as this kind of process (every writer does; `doctor` only looks). */
  constructor(
    readonly paths: AppPaths,
    private readonly lockAs?: string,
  ) {}

  /** Moves the data from an older version's default folder once, then creates the folders, readable only by their owner, and takes the lock when asked to. */
  boot(): void {
    try {
      this.migration = migrateLegacyDataFolder(this.paths.legacyDataDirs ?? [], this.paths.dataDir);
    } catch (e) {
      throw new BedsideError(
        'unavailable',
        `Bedside could not move its data from ${this.paths.legacyDataDirs.join(', ')} to ${this.paths.dataDir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Nothing was deleted; what did not move is still in the old folder. Free disk space or fix the permissions and start again, or choose the old folder with --data-dir.`,
      );
    }
    for (const dir of [this.paths.dataDir, this.paths.packsDir, this.paths.backupsDir, this.paths.logsDir]) {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch (e) {
        throw new BedsideError(
          'unavailable',
          `Bedside cannot create its data folder at ${dir} (${(e as NodeJS.ErrnoException).code ?? 'error'}). Choose a writable folder with --data-dir or BEDSIDE_DATA_DIR.`,
        );
      }
    }
    if (this.lockAs) this.lock = acquireDataFolderLock(this.paths.dataDir, this.lockAs);
  }

  /** Gives the lock back. */
  shutdown(): void {
    this.lock?.release();
    this.lock = null;
  }

  /** Whether a file can be created and removed in the data folder right now. */
  checkWritable(): { ok: boolean; message: string } {
    const probe = path.join(this.paths.dataDir, `.write-check-${process.pid}`);
    try {
      fs.writeFileSync(probe, 'ok');
      fs.rmSync(probe);
      return { ok: true, message: `Data folder ${this.paths.dataDir} is writable.` };
    } catch (e) {
      return { ok: false, message: `Data folder ${this.paths.dataDir} is not writable (${(e as NodeJS.ErrnoException).code ?? 'error'}): free disk space or fix its permissions.` };
    }
  }
}
