/**
 * Local accounts and sessions. A session belongs to one user and is bound by the transports to
 * their connections (an Electron window's webContents, a WebSocket connection); the router asks
 * this service, on every call, which session (and so which user and roles) a connection has.
 * Sessions live in memory only: a restart signs everyone out.
 */
import crypto from 'node:crypto';
import type { AuthStatus, Role, UserInfo } from '../../contract/channels/auth';
import type { Service } from '../container';
import { BedsideError } from '../errors';
import type { Account, AccountStore } from './accountStore';
import { passwordProblem } from './passwordPolicy';
import { generateTemporaryPassword, hashPassword, needsRehash, PRODUCTION_SCRYPT, verifyPassword, type ScryptParams } from './passwords';
import type { SecurityAuditSink } from './securityAudit';

/** Lockout after repeated failures: `threshold` failures lock for `baseMs`, doubling each further failure, up to `maxMs`. */
export interface LockoutPolicy {
  threshold: number;
  baseMs: number;
  maxMs: number;
}

/** Capped at 5 minutes so that an attacker who keeps guessing cannot keep the real user out for long; the right password from this computer passes anyway. */
export const DEFAULT_LOCKOUT: LockoutPolicy = Object.freeze({ threshold: 5, baseMs: 30_000, maxMs: 5 * 60_000 });

/** Where a password attempt comes from: `local` is this computer (the desktop window, or a browser on loopback). */
export interface AttemptOrigin {
  local?: boolean;
}
/** Default idle time before a session locks. */
export const DEFAULT_IDLE_LOCK_MS = 10 * 60_000;
/** A session ends after this long whatever happens (a forgotten browser tab). */
export const DEFAULT_MAX_SESSION_MS = 12 * 60 * 60_000;

export interface AuthServiceOptions {
  store: AccountStore;
  audit: SecurityAuditSink;
  /** scrypt cost for new hashes (tests pass a low cost; production uses PRODUCTION_SCRYPT). */
  scrypt?: ScryptParams;
  idleLockMs?: number;
  maxSessionMs?: number;
  lockout?: LockoutPolicy;
  now?: () => Date;
  /** Creates the database recovery code at first set-up (returns null where there is none). */
  createRecoveryCode?: () => string | null;
}

/** A signed-in session, as the permission check sees it. */
export interface SessionView {
  /** Public id (logs and audit); not a secret. */
  id: string;
  userId: string;
  username: string;
  roles: readonly Role[];
  state: 'active' | 'locked' | 'password-change-required';
}

interface Session {
  id: string;
  userId: string;
  username: string;
  roles: Role[];
  locked: boolean;
  mustChangePassword: boolean;
  createdAt: number;
  lastActivity: number;
  /** sha256 of the bearer token given to a browser as a cookie, when there is one. */
  tokenHash: string | null;
  /** The CSRF token a page must present with the cookie. */
  csrfToken: string;
  connections: Set<string>;
}

const GENERIC_SIGN_IN_FAILURE = 'The user name or password is not right. Check them (and Caps Lock) and try again.';

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function normalise(username: string): string {
  return username.trim().toLowerCase();
}

/** Accounts, passwords, lockout, sessions and the idle lock. */
export class AuthService implements Service {
  private readonly sessions = new Map<string, Session>();
  private readonly byConnection = new Map<string, string>();
  private readonly byToken = new Map<string, string>();
  /** Failed attempts by normalised user name, for known and unknown names alike (no enumeration). */
  private readonly failures = new Map<string, { count: number; until: number }>();
  private dummyHash = '';
  /** The one-time code `serve` prints for creating the first administrator from another computer. */
  private remoteSetup: { code: string; showRecoveryCode: (code: string) => void } | null = null;
  private readonly scrypt: ScryptParams;
  private readonly lockout: LockoutPolicy;
  readonly idleLockMs: number;
  private readonly maxSessionMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: AuthServiceOptions) {
    this.scrypt = options.scrypt ?? PRODUCTION_SCRYPT;
    this.lockout = options.lockout ?? DEFAULT_LOCKOUT;
    this.idleLockMs = options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS;
    this.maxSessionMs = options.maxSessionMs ?? DEFAULT_MAX_SESSION_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** Prepares the hash an unknown user name is checked against, so it costs the same as a real one. */
  async boot(): Promise<void> {
    this.dummyHash = await hashPassword(crypto.randomBytes(16).toString('hex'), this.scrypt);
  }

  /** Ends every session. */
  shutdown(): void {
    this.sessions.clear();
    this.byConnection.clear();
    this.byToken.clear();
  }

  private t(): number {
    return this.now().getTime();
  }

  /** Whether any account exists (first run has none). */
  hasUsers(): boolean {
    return this.options.store.count() > 0;
  }

  /** The roles of an enabled account ([] for a disabled or unknown one), for the record store's write gate. */
  rolesOfUser(username: string): readonly Role[] {
    const account = this.options.store.byUsername(username);
    return account && !account.disabled ? account.roles : [];
  }

  // ---- sessions -------------------------------------------------------------------------

  /** The session bound to a connection, after applying the idle lock and the maximum age. */
  sessionFor(connection: string): SessionView | null {
    const s = this.liveSession(connection);
    return s ? this.view(s) : null;
  }

  private liveSession(connection: string): Session | null {
    const id = this.byConnection.get(connection);
    const s = id ? this.sessions.get(id) : undefined;
    if (!s) return null;
    const now = this.t();
    if (now - s.createdAt >= this.maxSessionMs) {
      this.endSession(s, 'session expired');
      return null;
    }
    if (!s.locked && now - s.lastActivity >= this.idleLockMs) {
      s.locked = true;
      this.options.audit.record({ actor: `user:${s.username}`, action: 'session-lock', target: `session:${s.id}`, detail: 'idle' });
    }
    return s;
  }

  private view(s: Session): SessionView {
    return { id: s.id, userId: s.userId, username: s.username, roles: [...s.roles], state: s.locked ? 'locked' : s.mustChangePassword ? 'password-change-required' : 'active' };
  }

  /** Records activity on an allowed call (what the idle lock counts from). */
  touch(connection: string): void {
    const s = this.liveSession(connection);
    if (s && !s.locked) s.lastActivity = this.t();
  }

  /** This connection's state, for the sign-in and lock screens. */
  status(connection: string): AuthStatus {
    const idleLockMinutes = this.idleLockMs / 60_000;
    if (!this.hasUsers()) return { state: 'setup-required', user: null, idleLockMinutes, lockAt: null };
    const s = this.liveSession(connection);
    if (!s) return { state: 'signed-out', user: null, idleLockMinutes, lockAt: null };
    const account = this.options.store.byId(s.userId);
    const view = this.view(s);
    return {
      state: view.state,
      user: account ? toUserInfo(account) : null,
      idleLockMinutes,
      lockAt: view.state === 'locked' ? null : new Date(s.lastActivity + this.idleLockMs).toISOString(),
    };
  }

  /** Forgets a closed connection; its session ends when no connection or cookie holds it. */
  endConnection(connection: string): void {
    const id = this.byConnection.get(connection);
    this.byConnection.delete(connection);
    const s = id ? this.sessions.get(id) : undefined;
    if (!s) return;
    s.connections.delete(connection);
    if (s.connections.size === 0 && s.tokenHash === null) this.endSession(s, 'window closed');
  }

  private endSession(s: Session, reason: string): void {
    this.sessions.delete(s.id);
    for (const c of s.connections) this.byConnection.delete(c);
    if (s.tokenHash) this.byToken.delete(s.tokenHash);
    this.options.audit.record({ actor: `user:${s.username}`, action: 'logout', target: `session:${s.id}`, detail: reason });
  }

  private endSessionsOf(userId: string, reason: string, except?: Session): void {
    for (const s of [...this.sessions.values()]) if (s.userId === userId && s !== except) this.endSession(s, reason);
  }

  private newSession(account: Account): Session {
    const now = this.t();
    const s: Session = {
      id: crypto.randomBytes(12).toString('base64url'),
      userId: account.id,
      username: account.username,
      roles: [...account.roles],
      locked: false,
      mustChangePassword: account.mustChangePassword,
      createdAt: now,
      lastActivity: now,
      tokenHash: null,
      csrfToken: crypto.randomBytes(32).toString('base64url'),
      connections: new Set(),
    };
    this.sessions.set(s.id, s);
    return s;
  }

  private bind(s: Session, connection: string): void {
    const previous = this.byConnection.get(connection);
    if (previous && previous !== s.id) {
      const old = this.sessions.get(previous);
      if (old) this.endSession(old, 'another sign-in on this window');
    }
    s.connections.add(connection);
    this.byConnection.set(connection, s.id);
  }

  // ---- sign-in, lock, unlock ------------------------------------------------------------

  private lockoutMs(count: number): number {
    if (count < this.lockout.threshold) return 0;
    return Math.min(this.lockout.maxMs, this.lockout.baseMs * 2 ** (count - this.lockout.threshold));
  }

  private lockedOutUntil(key: string, account: Account | null): number {
    const mem = this.failures.get(key)?.until ?? 0;
    const stored = account?.lockedUntil ? Date.parse(account.lockedUntil) : 0;
    return Math.max(mem, Number.isFinite(stored) ? stored : 0);
  }

  private recordFailure(key: string, account: Account | null): void {
    const f = this.failures.get(key) ?? { count: 0, until: 0 };
    f.count++;
    const ms = this.lockoutMs(f.count);
    if (ms > 0) {
      f.until = this.t() + ms;
      // Persist the lockout so a restart does not reset it (only when it starts: rare writes).
      if (account) this.options.store.update(account.id, { failedAttempts: f.count, lockedUntil: new Date(f.until).toISOString() });
    }
    this.failures.set(key, f);
  }

  private clearFailures(key: string, account: Account): void {
    this.failures.delete(key);
    if (account.failedAttempts !== 0 || account.lockedUntil !== null) this.options.store.update(account.id, { failedAttempts: 0, lockedUntil: null });
  }

  private tooManyAttempts(until: number): BedsideError {
    const seconds = Math.max(1, Math.ceil((until - this.t()) / 1000));
    const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
    return new BedsideError('too-many-attempts', `Too many wrong passwords for this account. Wait ${wait}, then try again; an administrator can also reset the password.`, { retryAfterSeconds: seconds });
  }

  /**
   * Checks a user name and password: the same scrypt work whether or not the user exists,
   * the same answer for an unknown user, a wrong password and a disabled account.
   */
  private async checkCredentials(username: string, password: string, actorConnection: string, origin: AttemptOrigin = {}): Promise<Account> {
    const key = normalise(username);
    const account = this.options.store.byUsername(key);
    const until = this.lockedOutUntil(key, account);
    if (until > this.t()) {
      // The workstation itself gets through with the right password: a remote guesser cannot lock its user out.
      if (origin.local && account && !account.disabled && (await verifyPassword(password, account.passwordHash))) {
        this.options.audit.record({ actor: `user:${account.username}`, action: 'login', target: `user:${account.username}`, detail: 'right password from this computer during a lockout' });
        this.clearFailures(key, account);
        return account;
      }
      await verifyPassword(password, this.dummyHash);
      this.options.audit.record({ actor: `anonymous:${actorConnection}`, action: 'login-failed', target: `user:${key.slice(0, 64)}`, detail: 'locked out' });
      throw this.tooManyAttempts(until);
    }
    const ok = await verifyPassword(password, account?.passwordHash ?? this.dummyHash);
    if (!ok || !account || account.disabled) {
      this.recordFailure(key, account);
      this.options.audit.record({ actor: `anonymous:${actorConnection}`, action: 'login-failed', target: `user:${key.slice(0, 64)}`, detail: 'wrong user name or password' });
      const after = this.lockedOutUntil(key, account && this.options.store.byId(account.id));
      if (after > this.t()) throw this.tooManyAttempts(after);
      throw new BedsideError('unauthorised', GENERIC_SIGN_IN_FAILURE);
    }
    this.clearFailures(key, account);
    if (needsRehash(account.passwordHash, this.scrypt)) this.options.store.update(account.id, { passwordHash: await hashPassword(password, this.scrypt) });
    return account;
  }

  /** Signs in on a connection; a fresh session id every time. */
  async signIn(connection: string, username: string, password: string, origin: AttemptOrigin = {}): Promise<AuthStatus> {
    const account = await this.checkCredentials(username, password, connection, origin);
    const s = this.newSession(account);
    this.bind(s, connection);
    this.options.audit.record({ actor: `user:${account.username}`, action: 'login', target: `session:${s.id}`, detail: connection.split(':')[0] ?? null });
    return this.status(connection);
  }

  /**
   * Signs in for a browser cookie (the browser host's HTTP sign-in): returns the bearer token
   * (kept only as a hash here) and the CSRF token the page must send on the WebSocket upgrade.
   */
  async signInForCookie(username: string, password: string, client: string, origin: AttemptOrigin = {}): Promise<{ token: string; csrfToken: string; sessionId: string }> {
    const account = await this.checkCredentials(username, password, client, origin);
    const s = this.newSession(account);
    const token = crypto.randomBytes(32).toString('base64url');
    s.tokenHash = sha256(token);
    this.byToken.set(s.tokenHash, s.id);
    this.options.audit.record({ actor: `user:${account.username}`, action: 'login', target: `session:${s.id}`, detail: 'browser cookie' });
    return { token, csrfToken: s.csrfToken, sessionId: s.id };
  }

  /** Binds a cookie session to a new connection when the CSRF token matches; false otherwise. */
  attachCookieSession(connection: string, token: string, csrfToken: string): boolean {
    const id = this.byToken.get(sha256(token));
    const s = id ? this.sessions.get(id) : undefined;
    if (!s) return false;
    const a = Buffer.from(sha256(csrfToken));
    const b = Buffer.from(sha256(s.csrfToken));
    if (!crypto.timingSafeEqual(a, b)) return false;
    if (this.t() - s.createdAt >= this.maxSessionMs) {
      this.endSession(s, 'session expired');
      return false;
    }
    this.bind(s, connection);
    return true;
  }

  /** The CSRF token of a cookie session (the page fetches it same-origin after a reload), or null. */
  csrfForCookie(token: string): string | null {
    const id = this.byToken.get(sha256(token));
    return id ? (this.sessions.get(id)?.csrfToken ?? null) : null;
  }

  /** Ends a cookie session (HTTP sign-out). */
  signOutCookie(token: string): void {
    const id = this.byToken.get(sha256(token));
    const s = id ? this.sessions.get(id) : undefined;
    if (s) this.endSession(s, 'signed out');
  }

  /** Ends this connection's session (and its cookie, on every tab). */
  signOut(connection: string): { signedOut: boolean } {
    const id = this.byConnection.get(connection);
    const s = id ? this.sessions.get(id) : undefined;
    if (!s) return { signedOut: false };
    this.endSession(s, 'signed out');
    return { signedOut: true };
  }

  /** Locks the session now (the user steps away). */
  lock(connection: string): AuthStatus {
    const s = this.liveSession(connection);
    if (!s) throw new BedsideError('unauthenticated', 'No one is signed in on this window.');
    if (!s.locked) {
      s.locked = true;
      this.options.audit.record({ actor: `user:${s.username}`, action: 'session-lock', target: `session:${s.id}`, detail: 'by the user' });
    }
    return this.status(connection);
  }

  /** Unlocks with the same user's password; wrong passwords count towards the account's lockout. */
  async unlock(connection: string, password: string, origin: AttemptOrigin = {}): Promise<AuthStatus> {
    const s = this.liveSession(connection);
    if (!s) throw new BedsideError('unauthenticated', 'No one is signed in on this window; sign in instead.');
    if (!s.locked) return this.status(connection);
    const account = this.options.store.byId(s.userId);
    const key = normalise(s.username);
    const until = this.lockedOutUntil(key, account);
    if (until > this.t() && !origin.local) throw this.tooManyAttempts(until);
    const ok = await verifyPassword(password, account?.passwordHash ?? this.dummyHash);
    if (!ok || !account || account.disabled) {
      this.recordFailure(key, account);
      this.options.audit.record({ actor: `user:${s.username}`, action: 'unlock-failed', target: `session:${s.id}` });
      const after = this.lockedOutUntil(key, account && this.options.store.byId(account.id));
      if (after > this.t()) throw this.tooManyAttempts(after);
      throw new BedsideError('unauthorised', 'That password is not right. Only the person who locked this screen can unlock it; anyone else should choose "Sign out" (their unsaved work is then discarded).');
    }
    this.clearFailures(key, account);
    s.locked = false;
    s.lastActivity = this.t();
    this.options.audit.record({ actor: `user:${s.username}`, action: 'session-unlock', target: `session:${s.id}` });
    return this.status(connection);
  }

  /** Changes the signed-in user's password; other sessions of the user end. */
  async changePassword(connection: string, currentPassword: string, newPassword: string): Promise<AuthStatus> {
    const s = this.liveSession(connection);
    if (!s) throw new BedsideError('unauthenticated', 'No one is signed in on this window.');
    const account = this.options.store.byId(s.userId);
    if (!account) throw new BedsideError('unauthenticated', 'This account no longer exists; sign in again.');
    const key = normalise(account.username);
    const until = this.lockedOutUntil(key, account);
    if (until > this.t()) throw this.tooManyAttempts(until);
    if (!(await verifyPassword(currentPassword, account.passwordHash))) {
      this.recordFailure(key, account);
      throw new BedsideError('unauthorised', 'The current password is not right; the password was not changed.');
    }
    const problem = passwordProblem(newPassword, account.username);
    if (problem) throw new BedsideError('invalid-input', `${problem} The password was not changed.`);
    if (newPassword === currentPassword) throw new BedsideError('invalid-input', 'The new password must differ from the current one. The password was not changed.');
    const hash = await hashPassword(newPassword, this.scrypt);
    this.options.store.update(account.id, { passwordHash: hash, mustChangePassword: false, passwordChangedAt: this.now().toISOString(), failedAttempts: 0, lockedUntil: null });
    s.mustChangePassword = false;
    s.lastActivity = this.t();
    this.endSessionsOf(account.id, 'password changed elsewhere', s);
    this.options.audit.record({ actor: `user:${account.username}`, action: 'password-change', target: `user:${account.username}` });
    return this.status(connection);
  }

  // ---- accounts -------------------------------------------------------------------------

  private async newAccount(input: { username: string; displayName: string; roles: Role[]; password: string; temporary: boolean }): Promise<Account> {
    const username = input.username.trim();
    const problem = passwordProblem(input.password, username);
    if (problem) throw new BedsideError('invalid-input', `${problem} No account was created.`);
    const roles = [...new Set(input.roles)];
    if (!roles.length) throw new BedsideError('invalid-input', 'An account needs at least one role (clinician, nurse or admin). No account was created.');
    const now = this.now().toISOString();
    return {
      id: crypto.randomUUID(),
      username,
      displayName: input.displayName.trim(),
      roles,
      passwordHash: await hashPassword(input.password, this.scrypt),
      mustChangePassword: input.temporary,
      disabled: false,
      failedAttempts: 0,
      lockedUntil: null,
      createdAt: now,
      passwordChangedAt: now,
    };
  }

  private insertUnique(account: Account, guard?: () => void): void {
    this.options.store.transaction(() => {
      guard?.();
      if (this.options.store.byUsername(account.username)) throw new BedsideError('conflict', `There is already an account called "${account.username}". Choose another user name; nothing was changed.`);
      this.options.store.insert(account);
    });
  }

  /**
   * Lets the first administrator be created from another computer with `code` (printed by
   * `serve` on its own console); the recovery code then goes to `showRecoveryCode` (that
   * console), never to the remote client.
   */
  enableRemoteSetup(code: string, showRecoveryCode: (code: string) => void): void {
    this.remoteSetup = { code, showRecoveryCode };
  }

  private checkSetupCode(given: string | undefined): void {
    const expected = this.remoteSetup?.code;
    if (!expected) {
      throw new BedsideError('forbidden', 'The first administrator can only be created on the computer that runs Bedside (open it there), or with the set-up code Bedside prints when it is started for the network. Nothing was changed.');
    }
    const a = crypto.createHash('sha256').update(given ?? '').digest();
    const b = crypto.createHash('sha256').update(expected).digest();
    if (!given || !crypto.timingSafeEqual(a, b)) {
      throw new BedsideError('forbidden', 'Creating the first administrator from another computer needs the one-time set-up code shown on the console where Bedside was started. Check it and try again; nothing was changed.');
    }
  }

  /** First run: creates the administrator; refused once any account exists, and from another computer without the set-up code. */
  async setupAdmin(
    actor: string,
    input: { username: string; displayName: string; password: string; alsoClinician?: boolean; setupCode?: string },
    origin: AttemptOrigin = { local: true },
  ): Promise<{ user: UserInfo; recoveryCode: string | null }> {
    const refuse = (): never => {
      throw new BedsideError('forbidden', 'Bedside already has an administrator. Ask them to create your account; nothing was changed.');
    };
    if (this.hasUsers()) refuse();
    if (!origin.local) this.checkSetupCode(input.setupCode);
    const roles: Role[] = input.alsoClinician === false ? ['admin'] : ['admin', 'clinician'];
    const account = await this.newAccount({ ...input, roles, temporary: false });
    // The recovery file is written (and fsynced) before the account exists: when it cannot be
    // written (a full disk) nothing is created and set-up can simply be run again.
    const recoveryCode = this.options.createRecoveryCode?.() ?? null;
    // Checked again inside the transaction: two first-run windows must not both succeed.
    this.insertUnique(account, () => {
      if (this.options.store.count() > 0) refuse();
    });
    this.options.audit.record({ actor, action: 'admin-setup', target: `user:${account.username}`, detail: roles.join(',') });
    if (recoveryCode) this.options.audit.record({ actor: `user:${account.username}`, action: 'recovery-key', detail: `recovery code created at set-up${origin.local ? '' : ', shown on the host console'}` });
    if (!origin.local) {
      // The recovery code opens the whole database: it never crosses the network.
      const remote = this.remoteSetup;
      this.remoteSetup = null;
      if (recoveryCode) remote?.showRecoveryCode(recoveryCode);
      return { user: toUserInfo(account), recoveryCode: null };
    }
    return { user: toUserInfo(account), recoveryCode };
  }

  /** Creates an account; with no password given, a random temporary one (shown once). */
  async createUser(actor: string, input: { username: string; displayName: string; roles: Role[]; temporaryPassword?: string; permanent?: boolean }): Promise<{ user: UserInfo; temporaryPassword: string }> {
    const password = input.temporaryPassword ?? generateTemporaryPassword();
    const account = await this.newAccount({ username: input.username, displayName: input.displayName, roles: input.roles, password, temporary: input.permanent !== true });
    this.insertUnique(account);
    this.options.audit.record({ actor, action: 'user-create', target: `user:${account.username}`, detail: `roles ${account.roles.join(',')}${input.permanent ? ', permanent password' : ', temporary password'}` });
    return { user: toUserInfo(account), temporaryPassword: password };
  }

  /** Every account. */
  listUsers(): UserInfo[] {
    return this.options.store.all().map(toUserInfo);
  }

  private enabledAdmins(): Account[] {
    return this.options.store.all().filter((a) => !a.disabled && a.roles.includes('admin'));
  }

  /** Changes an account; its sessions end when its roles change or it is disabled. */
  updateUser(actor: string, input: { userId: string; displayName?: string; roles?: Role[]; disabled?: boolean }): { user: UserInfo } {
    return this.options.store.transaction(() => {
      const account = this.options.store.byId(input.userId);
      if (!account) throw new BedsideError('not-found', 'There is no such account; nothing was changed.');
      const roles = input.roles ? [...new Set(input.roles)] : account.roles;
      const disabled = input.disabled ?? account.disabled;
      const staysAdmin = !disabled && roles.includes('admin');
      if (!staysAdmin && account.roles.includes('admin') && !account.disabled && this.enabledAdmins().length <= 1) {
        throw new BedsideError('conflict', 'This is the only administrator: create or enable another administrator first. Nothing was changed.');
      }
      this.options.store.update(account.id, { ...(input.displayName !== undefined ? { displayName: input.displayName.trim() } : {}), roles, disabled });
      const accessChanged = disabled !== account.disabled || roles.join(',') !== account.roles.join(',');
      if (accessChanged) this.endSessionsOf(account.id, 'access changed by an administrator');
      this.options.audit.record({ actor, action: 'user-update', target: `user:${account.username}`, detail: `roles ${roles.join(',')}${disabled ? ', disabled' : ''}` });
      return { user: toUserInfo(this.options.store.byId(account.id)!) };
    });
  }

  /** Lifts an account's lockout (the admin command line's `unlock`); false when there is no such account. */
  unlockAccount(actor: string, username: string): boolean {
    const key = normalise(username);
    const account = this.options.store.byUsername(key);
    if (!account) return false;
    this.failures.delete(key);
    this.options.store.update(account.id, { failedAttempts: 0, lockedUntil: null });
    this.options.audit.record({ actor, action: 'account-unlock', target: `user:${account.username}` });
    return true;
  }

  /** The account with this user name, if any (the admin command line looks accounts up by name). */
  userByName(username: string): UserInfo | null {
    const a = this.options.store.byUsername(normalise(username));
    return a ? toUserInfo(a) : null;
  }

  /** Gives an account a new temporary password, clears its lockout and ends its sessions. */
  async resetPassword(actor: string, input: { userId: string; temporaryPassword?: string }): Promise<{ user: UserInfo; temporaryPassword: string }> {
    const account = this.options.store.byId(input.userId);
    if (!account) throw new BedsideError('not-found', 'There is no such account; nothing was changed.');
    const password = input.temporaryPassword ?? generateTemporaryPassword();
    const problem = passwordProblem(password, account.username);
    if (problem) throw new BedsideError('invalid-input', `${problem} The password was not reset.`);
    this.options.store.update(account.id, { passwordHash: await hashPassword(password, this.scrypt), mustChangePassword: true, failedAttempts: 0, lockedUntil: null, passwordChangedAt: this.now().toISOString() });
    this.failures.delete(normalise(account.username));
    this.endSessionsOf(account.id, 'password reset by an administrator');
    this.options.audit.record({ actor, action: 'password-reset', target: `user:${account.username}` });
    return { user: toUserInfo(this.options.store.byId(account.id)!), temporaryPassword: password };
  }
}

/** The public view of an account (never the hash). */
export function toUserInfo(a: Account): UserInfo {
  return { id: a.id, username: a.username, displayName: a.displayName, roles: [...a.roles], disabled: a.disabled, mustChangePassword: a.mustChangePassword, createdAt: a.createdAt };
}
