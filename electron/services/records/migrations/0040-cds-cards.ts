/**
 * 0040: decision-support cards (owned by the CDS service). One row per card id: the rules
 * engine's ids are stable (patient, rule and version, finding key, input hash), so a card seen
 * again is the same row, and a dismissed card stays dismissed until its inputs change. Each row
 * keeps the card as shown, its provenance, and what became of it; feedback rows keep the
 * CDS Hooks feedback as received; model runs remember which inputs a model already read.
 */
import type { Migration } from './types';

export const migration0040: Migration = {
  version: 40,
  name: 'cds-cards',
  up(db) {
    db.exec(`
      CREATE TABLE cds_cards (
        uuid TEXT PRIMARY KEY,
        patient_id TEXT NOT NULL,
        trigger TEXT NOT NULL,
        source_kind TEXT NOT NULL CHECK (source_kind IN ('rule', 'model')),
        source_id TEXT NOT NULL,
        source_version TEXT NOT NULL,
        model_hash TEXT,
        provider TEXT,
        input_hash TEXT NOT NULL,
        latency_ms REAL NOT NULL,
        indicator TEXT NOT NULL,
        card_status TEXT,
        status TEXT NOT NULL CHECK (status IN ('active', 'accepted', 'overridden', 'superseded')),
        card_json TEXT NOT NULL,
        first_shown_at TEXT NOT NULL,
        last_shown_at TEXT NOT NULL,
        shown_count INTEGER NOT NULL DEFAULT 1,
        status_changed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cds_cards_patient ON cds_cards(patient_id, status);
      CREATE INDEX cds_cards_source ON cds_cards(source_kind, source_id, source_version);
      CREATE TABLE cds_card_triggers (
        card_uuid TEXT NOT NULL REFERENCES cds_cards(uuid),
        reference TEXT NOT NULL,
        PRIMARY KEY (card_uuid, reference)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX cds_card_triggers_reference ON cds_card_triggers(reference);
      CREATE TABLE cds_feedback (
        id INTEGER PRIMARY KEY,
        card_uuid TEXT NOT NULL REFERENCES cds_cards(uuid),
        patient_id TEXT NOT NULL,
        actor TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
        override_code TEXT,
        override_comment TEXT,
        feedback_json TEXT NOT NULL,
        applied_json TEXT NOT NULL,
        outcome_timestamp TEXT NOT NULL,
        recorded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cds_feedback_card ON cds_feedback(card_uuid);
      CREATE TABLE cds_model_runs (
        model_key TEXT NOT NULL,
        resource_ref TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        ran_at TEXT NOT NULL,
        PRIMARY KEY (model_key, resource_ref, input_hash)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
