/**
 * The audit trail: who did what, when, to which patient. Rows are only ever appended (triggers
 * refuse changes) and chained by hash, so verifyAudit finds an edited or removed row.
 */
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
  | 'access-denied';

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
}

/** The hash of one row given its predecessor's hash. */
export function auditRowHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return sha256Hex(prevHash + canonicalJson([row.seq, row.at, row.actor, row.action, row.patient_id, row.target, row.detail]));
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
      insert: db.prepare('INSERT INTO audit_log(seq, at, actor, action, patient_id, target, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)'),
      all: db.prepare<[], AuditRow>('SELECT seq, at, actor, action, patient_id, target, detail, prev_hash, hash FROM audit_log ORDER BY seq'),
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
      this.q.insert.run(row.seq, row.at, row.actor, row.action, row.patient_id, row.target, row.detail, prev, auditRowHash(prev, row));
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write).immediate();
  }

  /** The newest entries, newest first. */
  recent(limit: number): AuditEntry[] {
    return this.q.recent.all(limit).map((r) => ({ actor: r.actor, action: r.action as AuditAction, patientId: r.patient_id, target: r.target, detail: r.detail }));
  }

  /** Walks the chain and reports the first broken link. */
  verify(): AuditVerification {
    let prev = GENESIS;
    let expectedSeq = 1;
    let rows = 0;
    for (const r of this.q.all.iterate()) {
      rows++;
      const broken = r.seq !== expectedSeq || r.prev_hash !== prev || auditRowHash(prev, r) !== r.hash;
      if (broken) {
        return {
          ok: false,
          rows,
          firstBrokenSeq: r.seq,
          message: `The audit trail has been altered: entry ${r.seq} (${r.at}, ${r.action} by ${r.actor}) does not match the chain${r.seq !== expectedSeq ? ` (entry ${expectedSeq} is missing)` : ''}. Entries before it are intact. Keep this database and its backups unchanged and tell your administrator.`,
        };
      }
      prev = r.hash;
      expectedSeq++;
    }
    return { ok: true, rows, firstBrokenSeq: null, message: `The audit trail is intact: ${rows} entries, every link verified.` };
  }
}
