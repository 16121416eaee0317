/**
 * 0020: the audit trail. Append-only (triggers refuse UPDATE and DELETE) and hash-chained:
 * each row's hash is sha256(previous hash + the row's canonical JSON), so an edit made with
 * the triggers dropped is still found by verifyAudit.
 */
import type { Migration } from './types';

export const migration0020: Migration = {
  version: 20,
  name: 'audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        patient_id TEXT,
        target TEXT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_patient ON audit_log(patient_id, seq) WHERE patient_id IS NOT NULL;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed.'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be removed.'); END;
    `);
  },
};
