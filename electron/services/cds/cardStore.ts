/**
 * Stored decision-support cards (tables from records migration 0040): one row per card id with
 * its provenance, the resources that triggered it, and its status. Alert-fatigue rules live
 * here: a card id seen again is the same row (duplicates merge), and a card already accepted or
 * overridden is not shown again until its inputs change (a new input hash is a new card id).
 * Callers own transactions; every method runs inside whichever transaction is open.
 */
import type { Card } from '../../contract/schemas/card';
import type { Db } from '../records/database';

/** What became of a card. */
export type StoredCardStatus = 'active' | 'accepted' | 'overridden' | 'superseded';

/** What started the evaluation that produced a card. */
export type CardTrigger = 'chart-opened' | 'order-check' | 'note-saved' | 'observation-recorded' | 'record-saved' | 'image-imported' | 'suggest';

/** One stored card. */
export interface StoredCard {
  card: Card;
  status: StoredCardStatus;
  trigger: CardTrigger;
}

/** One feedback row to store. */
export interface FeedbackRow {
  cardUuid: string;
  patientId: string;
  actor: string;
  outcome: 'accepted' | 'overridden';
  overrideCode: string | null;
  overrideComment: string | null;
  feedbackJson: string;
  appliedJson: string;
  outcomeTimestamp: string;
}

/** Counts per source for the local report. */
export interface SourceCountRow {
  kind: 'rule' | 'model';
  id: string;
  version: string;
  cards: number;
  timesShown: number;
  active: number;
  accepted: number;
  overridden: number;
  superseded: number;
}

interface CardRow {
  card_json: string;
  status: StoredCardStatus;
  trigger: CardTrigger;
}

/** Prepared statements over one database connection. */
export class CardStore {
  private readonly q;

  constructor(readonly db: Db) {
    this.q = {
      get: db.prepare<[string], CardRow>('SELECT card_json, status, trigger FROM cds_cards WHERE uuid = ?'),
      insert: db.prepare(
        `INSERT INTO cds_cards(uuid, patient_id, trigger, source_kind, source_id, source_version, model_hash, provider, input_hash, latency_ms, indicator, card_status, status, card_json, first_shown_at, last_shown_at, shown_count, status_changed_at)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'active',?,?,?,1,?)`,
      ),
      touch: db.prepare('UPDATE cds_cards SET card_json = ?, latency_ms = ?, last_shown_at = ?, shown_count = shown_count + 1 WHERE uuid = ?'),
      reactivate: db.prepare("UPDATE cds_cards SET status = 'active', status_changed_at = ? WHERE uuid = ? AND status = 'superseded'"),
      setStatus: db.prepare('UPDATE cds_cards SET status = ?, status_changed_at = ? WHERE uuid = ?'),
      trigger: db.prepare('INSERT OR IGNORE INTO cds_card_triggers(card_uuid, reference) VALUES (?, ?)'),
      activeOfPatient: db.prepare<[string], { uuid: string; card_json: string; source_kind: string; source_id: string }>(
        "SELECT uuid, card_json, source_kind, source_id FROM cds_cards WHERE patient_id = ? AND status = 'active' ORDER BY first_shown_at, uuid",
      ),
      byReference: db.prepare<[string], { uuid: string; status: StoredCardStatus }>(
        'SELECT c.uuid, c.status FROM cds_card_triggers t JOIN cds_cards c ON c.uuid = t.card_uuid WHERE t.reference = ?',
      ),
      feedback: db.prepare(
        'INSERT INTO cds_feedback(card_uuid, patient_id, actor, outcome, override_code, override_comment, feedback_json, applied_json, outcome_timestamp, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?)',
      ),
      modelRan: db.prepare<[string, string, string], number>('SELECT 1 FROM cds_model_runs WHERE model_key = ? AND resource_ref = ? AND input_hash = ?').pluck(),
      modelRun: db.prepare('INSERT OR REPLACE INTO cds_model_runs(model_key, resource_ref, input_hash, ran_at) VALUES (?,?,?,?)'),
      sources: db.prepare<[], SourceCountRow>(
        `SELECT source_kind AS kind, source_id AS id, source_version AS version, count(*) AS cards, sum(shown_count) AS timesShown,
                sum(status = 'active') AS active, sum(status = 'accepted') AS accepted, sum(status = 'overridden') AS overridden, sum(status = 'superseded') AS superseded
         FROM cds_cards GROUP BY source_kind, source_id, source_version ORDER BY source_kind DESC, source_id, source_version`,
      ),
      reasons: db.prepare<[], { kind: string; id: string; version: string; code: string; n: number }>(
        `SELECT c.source_kind AS kind, c.source_id AS id, c.source_version AS version, f.override_code AS code, count(*) AS n
         FROM cds_feedback f JOIN cds_cards c ON c.uuid = f.card_uuid WHERE f.outcome = 'overridden' AND f.override_code IS NOT NULL
         GROUP BY 1, 2, 3, 4 ORDER BY n DESC, code`,
      ),
      comments: db.prepare<[], { kind: string; id: string; version: string; code: string | null; comment: string }>(
        `SELECT c.source_kind AS kind, c.source_id AS id, c.source_version AS version, f.override_code AS code, f.override_comment AS comment
         FROM cds_feedback f JOIN cds_cards c ON c.uuid = f.card_uuid WHERE f.override_comment IS NOT NULL ORDER BY f.id DESC`,
      ),
    };
  }

  /** One card with its status, or undefined. */
  get(uuid: string): StoredCard | undefined {
    const row = this.q.get.get(uuid);
    return row ? { card: JSON.parse(row.card_json) as Card, status: row.status, trigger: row.trigger } : undefined;
  }

  /**
   * Records cards as shown now and returns those still to show: new ones and ones already
   * active (a superseded card that reappears with the same inputs is active again). Cards
   * accepted or overridden with these exact inputs are suppressed.
   */
  record(cards: readonly Card[], trigger: CardTrigger, nowIso: string): Card[] {
    const visible: Card[] = [];
    for (const card of cards) {
      const existing = this.q.get.get(card.uuid);
      const json = JSON.stringify(card);
      if (!existing) {
        const p = card.provenance;
        this.q.insert.run(card.uuid, card.patientId, trigger, p.kind, p.id, p.version, p.modelHash ?? null, p.provider ?? null, p.inputHash, p.latencyMs, card.indicator, card.status ?? null, json, nowIso, nowIso, nowIso);
        for (const ref of card.triggeredBy) this.q.trigger.run(card.uuid, ref);
        visible.push(card);
        continue;
      }
      this.q.touch.run(json, card.provenance.latencyMs, nowIso, card.uuid);
      if (existing.status === 'superseded') this.q.reactivate.run(nowIso, card.uuid);
      if (existing.status === 'active' || existing.status === 'superseded') visible.push(card);
    }
    return visible;
  }

  /** Marks active cards of a patient as superseded when a fresh run of their source no longer gives them. */
  supersede(patientId: string, belongs: (kind: string, sourceId: string, card: Card) => boolean, keep: ReadonlySet<string>, nowIso: string): string[] {
    const gone: string[] = [];
    for (const row of this.q.activeOfPatient.all(patientId)) {
      if (keep.has(row.uuid)) continue;
      const card = JSON.parse(row.card_json) as Card;
      if (!belongs(row.source_kind, row.source_id, card)) continue;
      this.q.setStatus.run('superseded', nowIso, row.uuid);
      gone.push(row.uuid);
    }
    return gone;
  }

  /** The active cards of a patient, oldest first. */
  activeCards(patientId: string): Card[] {
    return this.q.activeOfPatient.all(patientId).map((r) => JSON.parse(r.card_json) as Card);
  }

  /** Cards that name a resource among their triggers. */
  cardsCiting(reference: string): { uuid: string; status: StoredCardStatus }[] {
    return this.q.byReference.all(reference);
  }

  /** Sets a card's status. */
  setStatus(uuid: string, status: StoredCardStatus, nowIso: string): void {
    this.q.setStatus.run(status, nowIso, uuid);
  }

  /** Stores one feedback row. */
  addFeedback(f: FeedbackRow, nowIso: string): void {
    this.q.feedback.run(f.cardUuid, f.patientId, f.actor, f.outcome, f.overrideCode, f.overrideComment, f.feedbackJson, f.appliedJson, f.outcomeTimestamp, nowIso);
  }

  /** Whether a model already read this exact input of this resource. */
  modelAlreadyRan(modelKey: string, resourceRef: string, inputHash: string): boolean {
    return this.q.modelRan.get(modelKey, resourceRef, inputHash) !== undefined;
  }

  /** Remembers that a model read this input. */
  markModelRun(modelKey: string, resourceRef: string, inputHash: string, nowIso: string): void {
    this.q.modelRun.run(modelKey, resourceRef, inputHash, nowIso);
  }

  /** Per-source counts, override reasons and comments for the report. */
  reportRows(): { sources: SourceCountRow[]; reasons: { kind: string; id: string; version: string; code: string; n: number }[]; comments: { kind: string; id: string; version: string; code: string | null; comment: string }[] } {
    return { sources: this.q.sources.all(), reasons: this.q.reasons.all(), comments: this.q.comments.all() };
  }
}
