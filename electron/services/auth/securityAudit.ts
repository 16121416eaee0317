/**
 * Where the auth service and the router's permission check record security events. The app
 * writes them to the records audit trail (hash-chained, append-only); tests use the memory sink.
 */

/** Security events, as recorded in the audit trail's `action` column. */
export type SecurityAction =
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'session-lock'
  | 'session-unlock'
  | 'unlock-failed'
  | 'password-change'
  | 'admin-setup'
  | 'user-create'
  | 'user-update'
  | 'password-reset'
  | 'account-unlock'
  | 'access-denied'
  | 'recovery-key';

/** One security event: who (actor), what (action, target), and a short detail; the sink adds when. */
export interface SecurityEvent {
  actor: string;
  action: SecurityAction;
  target?: string | null;
  detail?: string | null;
}

/** Records security events; must not throw for an ordinary write. */
export interface SecurityAuditSink {
  record(event: SecurityEvent): void;
}

/** Keeps events in memory (tests, and a stand-in before the records store is open). */
export class MemoryAuditSink implements SecurityAuditSink {
  readonly events: (SecurityEvent & { at: string })[] = [];
  constructor(private readonly now: () => Date = () => new Date()) {}
  /** Appends one event. */
  record(event: SecurityEvent): void {
    this.events.push({ ...event, at: this.now().toISOString() });
  }
}
