/**
 * Writes security events to the records audit trail (append-only, hash-chained), so sign-ins,
 * refusals and account changes sit in the same verifiable chain as chart reads.
 */
import { AuditLog, type AuditAction } from '../records/auditLog';
import type { Db } from '../records/database';
import type { SecurityAuditSink, SecurityEvent } from './securityAudit';

/** A sink over the record database's audit_log table. */
export class RecordsAuditSink implements SecurityAuditSink {
  private cached: { db: Db; log: AuditLog } | null = null;

  constructor(
    private readonly db: () => Db,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one event; a failed write is reported, never thrown (a refusal must stay a refusal). */
  record(event: SecurityEvent): void {
    try {
      const db = this.db();
      // A restored backup reopens the database: rebuild the writer on the new connection.
      if (this.cached?.db !== db) this.cached = { db, log: new AuditLog(db, this.now) };
      // The audit_log action column is free text; security actions extend the records' own list.
      this.cached.log.append({ actor: event.actor, action: event.action as AuditAction, target: event.target ?? null, detail: event.detail ?? null });
    } catch (e) {
      this.onError(e);
    }
  }
}
