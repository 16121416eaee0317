/**
 * 0010: resources with the columns charts and searches need, old versions, binary attachment
 * bytes, identifiers of shared resources (for conditional references), and full-text indexes.
 */
import type { Migration } from './types';

export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE resources (
        rowid INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        patient_id TEXT,
        version_id TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        date TEXT NOT NULL,
        status TEXT,
        code TEXT,
        content_hash TEXT NOT NULL,
        json TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX resources_type_id ON resources(type, id);
      CREATE INDEX resources_chart ON resources(patient_id, date DESC, rowid DESC) WHERE patient_id IS NOT NULL;
      CREATE INDEX resources_type_code ON resources(type, code) WHERE code IS NOT NULL;

      CREATE TABLE resource_history (
        type TEXT NOT NULL,
        id TEXT NOT NULL,
        version_id TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        json TEXT NOT NULL,
        PRIMARY KEY (type, id, version_id)
      ) STRICT;

      CREATE TABLE binaries (
        hash TEXT PRIMARY KEY,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
      ) STRICT;

      CREATE TABLE identifiers (
        resource_rowid INTEGER NOT NULL REFERENCES resources(rowid) ON DELETE CASCADE,
        type TEXT NOT NULL,
        system TEXT NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
      CREATE INDEX identifiers_lookup ON identifiers(type, system, value);
      CREATE INDEX identifiers_resource ON identifiers(resource_rowid);

      CREATE VIRTUAL TABLE patients_fts USING fts5(
        patient_id UNINDEXED, names, identifiers, birth_date,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
      );
      CREATE VIRTUAL TABLE notes_fts USING fts5(
        patient_id UNINDEXED, text,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
    `);
  },
};
