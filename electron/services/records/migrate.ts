/**
 * Runs schema migrations: each in its own transaction that also bumps user_version, so a
 * crash leaves the database at a whole version. A database newer than this app is refused.
 */
import { BedsideError } from '../errors';
import type { Db } from './database';
import { migrations as allMigrations, type Migration } from './migrations';

/** The schema version this build of Bedside writes. */
export const CURRENT_SCHEMA_VERSION = allMigrations.at(-1)!.version;

/** The database's schema version (PRAGMA user_version). */
export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/** Refuses a database written by a newer Bedside. */
export function assertNotNewer(version: number, latest: number, file: string): void {
  if (version > latest) {
    throw new BedsideError(
      'unsupported',
      `The patient records in ${file} were written by a newer version of Bedside (schema ${version}; this version understands up to ${latest}). Nothing was changed. Install the newer Bedside, or restore a backup made with this version.`,
    );
  }
}

/** Brings the database up to `target` (default: the newest); returns the versions applied. */
export function migrate(db: Db, file: string, list: readonly Migration[] = allMigrations, target = list.at(-1)?.version ?? 0): number[] {
  const current = schemaVersion(db);
  assertNotNewer(current, list.at(-1)?.version ?? 0, file);
  const applied: number[] = [];
  for (const m of list) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
