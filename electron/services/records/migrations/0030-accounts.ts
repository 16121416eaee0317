/**
 * 0030: local accounts (owned by the auth service). Kept in the encrypted record database so
 * a copied data folder reveals no user names or password hashes, and a backup restores them
 * with the records they protect. Sessions are not stored: a restart signs everyone out.
 */
import type { Migration } from './types';

export const migration0030: Migration = {
  version: 30,
  name: 'accounts',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL COLLATE NOCASE UNIQUE,
        display_name TEXT NOT NULL,
        roles TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        created_at TEXT NOT NULL,
        password_changed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
