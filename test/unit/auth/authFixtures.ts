/** An AuthService over an in-memory, migrated record database, with a clock the test moves. */
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../../electron/services/records/migrate';
import { AuthService, type AuthServiceOptions } from '../../../electron/services/auth/authService';
import { SqliteAccountStore } from '../../../electron/services/auth/accountStore';
import { MemoryAuditSink } from '../../../electron/services/auth/securityAudit';
import { TEST_PASSWORD_COST } from '../../helpers/bedsideHarness';

export interface AuthFixture {
  auth: AuthService;
  audit: MemoryAuditSink;
  clock: { now: number; advance: (ms: number) => void };
  db: Database.Database;
}

/** A booted AuthService; `clock.advance` moves its time. */
export async function authFixture(options: Partial<AuthServiceOptions> = {}): Promise<AuthFixture> {
  const db = new Database(':memory:');
  migrate(db, ':memory:');
  const clock = { now: Date.parse('2026-03-01T08:00:00Z'), advance: (ms: number) => (clock.now += ms) };
  const audit = new MemoryAuditSink(() => new Date(clock.now));
  const auth = new AuthService({ store: new SqliteAccountStore(() => db), audit, scrypt: TEST_PASSWORD_COST, now: () => new Date(clock.now), ...options });
  await auth.boot();
  return { auth, audit, clock, db };
}

export const ADMIN = { username: 'admin.ana', displayName: 'Ana Admin', password: 'ana keeps the clinic running' };
