/**
 * The audit trail: who did what, when, to which patient. Rows are only ever appended (triggers
 * refuse changes) and chained: each row's link is HMAC-SHA256 under the audit key (a key of its
 * own, not the database key) over its predecessor's link and its content, so someone holding
 * only the database key cannot recompute the chain after an edit. Rows written before the key
 * existed (migration 0050) keep plain sha256 links and are bound by the first keyed row.
 */
import crypto from 'node:crypto';
import { canonicalJson, sha256Hex } from '../json';
import type { Db } from './database';

/** What was done. */
export type AuditAction =
  | 'login'
  | 'chart-read'
  | 'resource-read'
  | 'resource-create'
  | 'resource-update'
  | 'resource-delete'
  | 'note-search'
  | 'import'
  | 'export'
  | 'backup'
  | 'restore'
  | 'seed'
  | 'access-denied'
  | 'audit-key'
  | 'audit-checkpoint';

/** One event to record. */
export interface AuditEntry {
  actor: string;
  action: AuditAction;
  patientId?: string | null;
  /** The record or file acted on, e.g. `Observation/abc` or a path. */
  target?: string | null;
  /** A short free-text detail (counts, outcome). */
  detail?: string | null;
}

/** The result of checking the chain. */
export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** Sequence number of the first row that does not match its hash or its predecessor. */
  firstBrokenSeq: number | null;
  message: string;
}

const GENESIS = '0'.repeat(64);

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  patient_id: string | null;
  target: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
  keyed: number;
}

type RowContent = Pick<AuditRow, 'seq' | 'at' | 'actor' | 'action' | 'patient_id' | 'target' | 'detail'>;

/** The (unkeyed, pre-0050) hash of one row given its predecessor's hash. */
export function auditRowHash(prevHash: string, row: RowContent): string {
  return sha256Hex(prevHash + canonicalJson([row.seq, row.at, row.actor, row.action, row.patient_id, row.target, row.detail]));
}

/** The keyed link of one row: HMAC-SHA256 under the audit key over its predecessor's link and its content. */
export function auditRowMac(key: Buffer, prevHash: string, row: RowContent): string {
  return crypto.createHmac('sha256', key).update(prevHash + canonicalJson([row.seq, row.at, row.actor, row.action, row.patient_id, row.target, row.detail])).digest('hex');
}

// The audit key belongs to the open connection, so every writer on it (records, auth, CDS) chains with it.
const auditKeys = new WeakMap<Db, Buffer>();

/** Sets the audit key of a connection (the records service does, when it opens the database). */
export function setAuditKey(db: Db, key: Buffer): void {
  auditKeys.set(db, key);
}

/** The audit key of a connection, if one was set. */
export function auditKeyOf(db: Db): Buffer | undefined {
  return auditKeys.get(db);
}

/** Appends to the audit trail (inside the caller's transaction, if any). */
export class AuditLog {
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = {
      head: db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO audit_log(seq, at, actor, action, patient_id, target, detail, prev_hash, hash, keyed) VALUES (?,?,?,?,?,?,?,?,?,?)'),
      all: db.prepare<[], AuditRow>('SELECT seq, at, actor, action, patient_id, target, detail, prev_hash, hash, keyed FROM audit_log ORDER BY seq'),
      recent: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?'),
    };
  }

  /** Records one event; runs in its own transaction when none is open. */
  append(entry: AuditEntry): void {
    const write = (): void => {
      const head = this.q.head.get();
      const row = {
        seq: (head?.seq ?? 0) + 1,
        at: this.now().toISOString(),
        actor: entry.actor.slice(0, 200),
        action: entry.action,
        patient_id: entry.patientId ?? null,
        target: entry.target?.slice(0, 1000) ?? null,
        detail: entry.detail?.slice(0, 2000) ?? null,
      };
      const prev = head?.hash ?? GENESIS;
      const key = auditKeys.get(this.db);
      this.q.insert.run(row.seq, row.at, row.actor, row.action, row.patient_id, row.target, row.detail, prev, key ? auditRowMac(key, prev, row) : auditRowHash(prev, row), key ? 1 : 0);
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write).immediate();
  }

  /** The newest entries, newest first. */
  recent(limit: number): AuditEntry[] {
    return this.q.recent.all(limit).map((r) => ({ actor: r.actor, action: r.action as AuditAction, patientId: r.patient_id, target: r.target, detail: r.detail }));
  }

  /** The newest row's sequence number and link (what a checkpoint signs); null for an empty trail. */
  head(): { seq: number; hash: string } | null {
    return this.q.head.get() ?? null;
  }

  /**
   * Walks the chain and reports the first broken link. With the audit key, keyed rows are checked
   * by MAC; once a keyed row appears every later row must be keyed, and the newest row must be
   * keyed (rows are only written keyed once the key exists), so a chain recomputed without the
   * key, keyed or not, is found.
   */
  verify(): AuditVerification {
    const key = auditKeys.get(this.db);
    let prev = GENESIS;
    let expectedSeq = 1;
    let rows = 0;
    let keyedSeen = false;
    let last: AuditRow | undefined;
    const broken = (r: AuditRow, why: string): AuditVerification => ({
      ok: false,
      rows,
      firstBrokenSeq: r.seq,
      message: `The audit trail has been altered: entry ${r.seq} (${r.at}, ${r.action} by ${r.actor}) ${why}. Entries before it are intact. Keep this database and its backups unchanged and tell your administrator.`,
    });
    for (const r of this.q.all.iterate()) {
      rows++;
      last = r;
      if (r.seq !== expectedSeq) return broken(r, `does not follow entry ${expectedSeq - 1} (entry ${expectedSeq} is missing)`);
      if (r.prev_hash !== prev) return broken(r, 'does not link to the entry before it');
      if (r.keyed === 1) {
        keyedSeen = true;
        if (!key) return broken(r, 'is sealed with the audit key, which this computer does not have, so it cannot be checked');
        if (auditRowMac(key, prev, r) !== r.hash) return broken(r, 'does not match its seal (the audit key)');
      } else {
        if (keyedSeen) return broken(r, 'is not sealed with the audit key although entries before it are');
        if (auditRowHash(prev, r) !== r.hash) return broken(r, 'does not match the chain');
      }
      prev = r.hash;
      expectedSeq++;
    }
    if (key && last && last.keyed !== 1) return broken(last, 'is the newest entry but is not sealed with the audit key');
    return { ok: true, rows, firstBrokenSeq: null, message: `The audit trail is intact: ${rows} entries, every link verified${keyedSeen ? ' (sealed with the audit key)' : ''}.` };
  }
}
