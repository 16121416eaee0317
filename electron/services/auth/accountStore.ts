/**
 * Local accounts in the encrypted record database (table `users`, migration 0030). The
 * connection is fetched on each use, because a restored backup reopens the database.
 */
import type { Role } from '../../contract/channels/auth';
import type { Db } from '../records/database';

/** One stored account. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  passwordHash: string;
  mustChangePassword: boolean;
  disabled: boolean;
  failedAttempts: number;
  /** ISO time until which sign-in is refused, or null. */
  lockedUntil: string | null;
  createdAt: string;
  passwordChangedAt: string;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: string;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  password_changed_at: string;
}

const ROLE_SET = new Set<string>(['clinician', 'nurse', 'admin']);

function toAccount(r: UserRow): Account {
  let roles: Role[] = [];
  try {
    const parsed: unknown = JSON.parse(r.roles);
    // Unknown role names (a newer Bedside, a hand edit) grant nothing.
    if (Array.isArray(parsed)) roles = parsed.filter((x): x is Role => typeof x === 'string' && ROLE_SET.has(x));
  } catch {
    roles = [];
  }
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles,
    passwordHash: r.password_hash,
    mustChangePassword: r.must_change_password === 1,
    disabled: r.disabled === 1,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
    passwordChangedAt: r.password_changed_at,
  };
}

/** Reads and writes accounts. */
export interface AccountStore {
  count(): number;
  byUsername(username: string): Account | null;
  byId(id: string): Account | null;
  all(): Account[];
  insert(account: Account): void;
  update(id: string, changes: Partial<Omit<Account, 'id' | 'createdAt'>>): void;
  /** Runs `fn` atomically (first-admin creation must not race). */
  transaction<T>(fn: () => T): T;
}

/** Accounts in the `users` table of the record database. */
export class SqliteAccountStore implements AccountStore {
  constructor(private readonly db: () => Db) {}

  /** The number of accounts. */
  count(): number {
    return Number(this.db().prepare('SELECT count(*) FROM users').pluck().get());
  }

  /** The account with this user name (case-insensitive), or null. */
  byUsername(username: string): Account | null {
    const r = this.db().prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username.trim());
    return r ? toAccount(r) : null;
  }

  /** The account with this id, or null. */
  byId(id: string): Account | null {
    const r = this.db().prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return r ? toAccount(r) : null;
  }

  /** Every account, by user name. */
  all(): Account[] {
    return this.db().prepare<[], UserRow>('SELECT * FROM users ORDER BY username').all().map(toAccount);
  }

  /** Adds an account. */
  insert(a: Account): void {
    this.db()
      .prepare('INSERT INTO users(id, username, display_name, roles, password_hash, must_change_password, disabled, failed_attempts, locked_until, created_at, password_changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)')
      .run(a.id, a.username, a.displayName, JSON.stringify(a.roles), a.passwordHash, a.mustChangePassword ? 1 : 0, a.disabled ? 1 : 0, a.failedAttempts, a.lockedUntil, a.createdAt, a.passwordChangedAt);
  }

  /** Changes some fields of an account. */
  update(id: string, c: Partial<Omit<Account, 'id' | 'createdAt'>>): void {
    const cols: [string, unknown][] = [];
    if (c.username !== undefined) cols.push(['username', c.username]);
    if (c.displayName !== undefined) cols.push(['display_name', c.displayName]);
    if (c.roles !== undefined) cols.push(['roles', JSON.stringify(c.roles)]);
    if (c.passwordHash !== undefined) cols.push(['password_hash', c.passwordHash]);
    if (c.mustChangePassword !== undefined) cols.push(['must_change_password', c.mustChangePassword ? 1 : 0]);
    if (c.disabled !== undefined) cols.push(['disabled', c.disabled ? 1 : 0]);
    if (c.failedAttempts !== undefined) cols.push(['failed_attempts', c.failedAttempts]);
    if (c.lockedUntil !== undefined) cols.push(['locked_until', c.lockedUntil]);
    if (c.passwordChangedAt !== undefined) cols.push(['password_changed_at', c.passwordChangedAt]);
    if (!cols.length) return;
    this.db()
      .prepare(`UPDATE users SET ${cols.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`)
      .run(...cols.map(([, v]) => v), id);
  }

  /** Runs `fn` in an IMMEDIATE transaction (or inside the caller's). */
  transaction<T>(fn: () => T): T {
    const db = this.db();
    return db.inTransaction ? fn() : db.transaction(fn).immediate();
  }
}
