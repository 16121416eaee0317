/**
 * Refusals of callers without a session (and of malformed network input) are counted here and
 * written to the audit trail in aggregate, one row per interval, so a flood of anonymous
 * packets cannot turn into a flood of fsynced audit rows (docs/security.md, "Limits").
 */
import type { SecurityAuditSink } from '../services/auth/securityAudit';

/** Distinct reasons kept per interval; further ones are counted under "other". */
const MAX_REASONS = 50;

/** Counts anonymous refusals and flushes them as one audit row per interval. */
export class RefusalTally {
  private counts = new Map<string, number>();
  private total = 0;
  private since = Date.now();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly audit: SecurityAuditSink,
    private readonly intervalMs = 60_000,
  ) {}

  /** Counts one refusal (`reason`: a channel and code, or an HTTP refusal such as "http 400"). */
  add(reason: string): void {
    const key = this.counts.has(reason) || this.counts.size < MAX_REASONS ? reason : 'other';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Refusals counted since the last flush. */
  pending(): number {
    return this.total;
  }

  /** Writes what was counted as one audit row (nothing when nothing was refused). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.total === 0) return;
    const top = [...this.counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
    const detail = `${this.total} refusal(s) of callers without a session since ${new Date(this.since).toISOString()}: ${top.map(([k, n]) => `${k} x${n}`).join(', ')}`;
    this.counts = new Map();
    this.total = 0;
    this.since = Date.now();
    try {
      this.audit.record({ actor: 'anonymous:network', action: 'access-denied', target: 'aggregate', detail: detail.slice(0, 1000) });
    } catch {
      // The audit trail may be closed at shutdown; the counts are only lost, never fatal.
    }
  }
}
