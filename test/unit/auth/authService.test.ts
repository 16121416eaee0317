/** Accounts, first-run set-up, temporary passwords, lockout, idle lock, sign-out and switching user. */
import { describe, expect, it } from 'vitest';
import { ADMIN, authFixture } from './authFixtures';
import { isBedsideError } from '../../../electron/services/errors';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return isBedsideError(e) ? e.code : `thrown: ${String(e)}`;
  }
}

describe('first run', () => {
  it('creates the administrator once, then refuses set-up', async () => {
    const { auth, audit } = await authFixture({ createRecoveryCode: () => 'CODE-1' });
    expect(auth.status('ipc:1').state).toBe('setup-required');
    const { user, recoveryCode } = await auth.setupAdmin('anonymous:ipc:1', ADMIN);
    expect(user.roles).toEqual(['admin', 'clinician']);
    expect(recoveryCode).toBe('CODE-1');
    expect(auth.status('ipc:1').state).toBe('signed-out');
    expect(await codeOf(auth.setupAdmin('anonymous:ipc:2', { ...ADMIN, username: 'mallory' }))).toBe('forbidden');
    expect(auth.listUsers()).toHaveLength(1);
    expect(audit.events.map((e) => e.action)).toContain('admin-setup');
  });

  it('two concurrent set-ups: exactly one wins', async () => {
    const { auth } = await authFixture();
    const results = await Promise.allSettled([auth.setupAdmin('a', ADMIN), auth.setupAdmin('b', { ...ADMIN, username: 'other.admin' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(auth.listUsers()).toHaveLength(1);
  });

  it('applies the password policy', async () => {
    const { auth } = await authFixture();
    for (const password of ['short pw', 'password1234', 'Password123!', 'admin.ana is here now', 'aaaaaaaaaaaaaaaa']) {
      expect(await codeOf(auth.setupAdmin('a', { ...ADMIN, password }))).toBe('invalid-input');
    }
    expect(auth.hasUsers()).toBe(false);
  });
});

describe('temporary passwords', () => {
  it('an admin-created account must change its password before anything else', async () => {
    const { auth } = await authFixture();
    await auth.setupAdmin('a', ADMIN);
    const { user, temporaryPassword } = await auth.createUser('user:admin.ana', { username: 'nurse.ben', displayName: 'Ben', roles: ['nurse'] });
    expect(user.mustChangePassword).toBe(true);
    expect(temporaryPassword).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const s = await auth.signIn('ws:1', 'Nurse.Ben', temporaryPassword);
    expect(s.state).toBe('password-change-required');
    expect(await codeOf(auth.changePassword('ws:1', 'wrong current pw!', 'ben chooses a long one'))).toBe('unauthorised');
    expect(await codeOf(auth.changePassword('ws:1', temporaryPassword, 'nurse.ben-2026-password'))).toBe('invalid-input');
    const changed = await auth.changePassword('ws:1', temporaryPassword, 'ben chooses a long one');
    expect(changed.state).toBe('active');
    expect(auth.listUsers().find((u) => u.username === 'nurse.ben')!.mustChangePassword).toBe(false);
  });

  it('a password reset ends the user’s sessions and needs a change again', async () => {
    const { auth } = await authFixture();
    await auth.setupAdmin('a', ADMIN);
    const { user } = await auth.createUser('admin', { username: 'dr.cat', displayName: 'Cat', roles: ['clinician'], temporaryPassword: 'cat temporary pass', permanent: true });
    await auth.signIn('ipc:7', 'dr.cat', 'cat temporary pass');
    expect(auth.sessionFor('ipc:7')?.state).toBe('active');
    const { temporaryPassword } = await auth.resetPassword('user:admin.ana', { userId: user.id });
    expect(auth.sessionFor('ipc:7')).toBeNull();
    expect((await auth.signIn('ipc:7', 'dr.cat', temporaryPassword)).state).toBe('password-change-required');
  });

  it('refuses to remove the last administrator', async () => {
    const { auth } = await authFixture();
    const { user } = await auth.setupAdmin('a', ADMIN);
    expect(() => auth.updateUser('x', { userId: user.id, roles: ['clinician'] })).toThrow(/only administrator/);
    expect(() => auth.updateUser('x', { userId: user.id, disabled: true })).toThrow(/only administrator/);
  });

  it('disabling an account ends its sessions and its password stops working', async () => {
    const { auth } = await authFixture();
    await auth.setupAdmin('a', ADMIN);
    const { user } = await auth.createUser('admin', { username: 'dr.dan', displayName: 'Dan', roles: ['clinician'], temporaryPassword: 'dan temporary pass', permanent: true });
    await auth.signIn('ipc:3', 'dr.dan', 'dan temporary pass');
    auth.updateUser('user:admin.ana', { userId: user.id, disabled: true });
    expect(auth.sessionFor('ipc:3')).toBeNull();
    expect(await codeOf(auth.signIn('ipc:3', 'dr.dan', 'dan temporary pass'))).toBe('unauthorised');
  });
});

describe('brute force', () => {
  it('five wrong passwords lock the account for 30 s, doubling up to 5 minutes; the right password from another computer waits too', async () => {
    const { auth, clock, audit } = await authFixture();
    await auth.setupAdmin('a', ADMIN);
    for (let i = 0; i < 4; i++) expect(await codeOf(auth.signIn('ws:9', ADMIN.username, `wrong guess number ${i}`))).toBe('unauthorised');
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, 'wrong guess number 5'))).toBe('too-many-attempts');
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, ADMIN.password))).toBe('too-many-attempts');
    clock.advance(29_000);
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, ADMIN.password))).toBe('too-many-attempts');
    clock.advance(2_000);
    // The 6th failure locks for 60 s, the 7th for 120 s...
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, 'wrong guess number 6'))).toBe('too-many-attempts');
    clock.advance(59_000);
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, ADMIN.password))).toBe('too-many-attempts');
    clock.advance(2_000);
    for (let i = 0; i < 8; i++) {
      expect(await codeOf(auth.signIn('ws:9', ADMIN.username, `wrong guess ${i + 7}`))).toBe('too-many-attempts');
      clock.advance(6 * 60_000);
    }
    // Capped at 5 minutes: after 5 min the right password works again, and the count resets.
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, 'one more wrong guess'))).toBe('too-many-attempts');
    clock.advance(4 * 60_000);
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, ADMIN.password))).toBe('too-many-attempts');
    clock.advance(60_000 + 1);
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, ADMIN.password))).toBe('ok');
    expect(await codeOf(auth.signIn('ws:9', ADMIN.username, 'wrong again but only once'))).toBe('unauthorised');
    expect(audit.events.filter((e) => e.action === 'login-failed').length).toBeGreaterThanOrEqual(15);
  });

  it('an unknown user name locks out the same way (no account enumeration)', async () => {
    const { auth } = await authFixture();
    await auth.setupAdmin('a', ADMIN);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push(await codeOf(auth.signIn('ws:9', 'nobody.here', `wrong guess number ${i}`)));
    expect(codes).toEqual(['unauthorised', 'unauthorised', 'unauthorised', 'unauthorised', 'too-many-attempts', 'too-many-attempts']);
  });

  it('the lockout survives a restart (stored with the account)', async () => {
    const f = await authFixture();
    await f.auth.setupAdmin('a', ADMIN);
    for (let i = 0; i < 5; i++) await codeOf(f.auth.signIn('ws:9', ADMIN.username, `wrong guess number ${i}`));
    f.auth.shutdown();
    const { AuthService } = await import('../../../electron/services/auth/authService');
    const { SqliteAccountStore } = await import('../../../electron/services/auth/accountStore');
    const restarted = new AuthService({ store: new SqliteAccountStore(() => f.db), audit: f.audit, scrypt: { N: 1024, r: 8, p: 1 }, now: () => new Date(f.clock.now) });
    await restarted.boot();
    expect(await codeOf(restarted.signIn('ws:9', ADMIN.username, ADMIN.password))).toBe('too-many-attempts');
  });
});

describe('sessions', () => {
  it('locks after the idle time; only the same user’s password unlocks; state is kept', async () => {
    const { auth, clock } = await authFixture({ idleLockMs: 10 * 60_000 });
    await auth.setupAdmin('a', ADMIN);
    await auth.signIn('ipc:1', ADMIN.username, ADMIN.password);
    const id = auth.sessionFor('ipc:1')!.id;
    clock.advance(9 * 60_000);
    auth.touch('ipc:1');
    clock.advance(9 * 60_000);
    expect(auth.sessionFor('ipc:1')!.state).toBe('active');
    clock.advance(60_001);
    expect(auth.sessionFor('ipc:1')!.state).toBe('locked');
    // Activity does not unlock.
    auth.touch('ipc:1');
    expect(auth.sessionFor('ipc:1')!.state).toBe('locked');
    expect(await codeOf(auth.unlock('ipc:1', 'somebody else pw'))).toBe('unauthorised');
    expect((await auth.unlock('ipc:1', ADMIN.password)).state).toBe('active');
    expect(auth.sessionFor('ipc:1')!.id).toBe(id);
  });

  it('sign-out clears the session; the next sign-in gets a fresh session id; windows do not share sessions', async () => {
    const { auth } = await authFixture();
    await auth.setupAdmin('a', ADMIN);
    await auth.createUser('admin', { username: 'dr.eve', displayName: 'Eve', roles: ['clinician'], temporaryPassword: 'eve temporary pass', permanent: true });
    await auth.signIn('ipc:1', ADMIN.username, ADMIN.password);
    const first = auth.sessionFor('ipc:1')!.id;
    expect(auth.sessionFor('ipc:2')).toBeNull();
    expect(auth.signOut('ipc:1')).toEqual({ signedOut: true });
    expect(auth.sessionFor('ipc:1')).toBeNull();
    await auth.signIn('ipc:1', 'dr.eve', 'eve temporary pass');
    const second = auth.sessionFor('ipc:1')!;
    expect(second.id).not.toBe(first);
    expect(second.username).toBe('dr.eve');
    // Signing in again on a window replaces its session.
    await auth.signIn('ipc:1', ADMIN.username, ADMIN.password);
    expect(auth.sessionFor('ipc:1')!.id).not.toBe(second.id);
  });

  it('a cookie session needs its CSRF token to bind a connection, and sign-out ends it everywhere', async () => {
    const { auth } = await authFixture();
    await auth.setupAdmin('a', ADMIN);
    const c = await auth.signInForCookie(ADMIN.username, ADMIN.password, 'http:127.0.0.1');
    expect(auth.attachCookieSession('ws:1', c.token, 'not the token')).toBe(false);
    expect(auth.attachCookieSession('ws:1', 'not the cookie', c.csrfToken)).toBe(false);
    expect(auth.attachCookieSession('ws:1', c.token, c.csrfToken)).toBe(true);
    expect(auth.attachCookieSession('ws:2', c.token, c.csrfToken)).toBe(true);
    auth.signOut('ws:2');
    expect(auth.sessionFor('ws:1')).toBeNull();
    expect(auth.attachCookieSession('ws:3', c.token, c.csrfToken)).toBe(false);
  });

  it('a session ends after its maximum age', async () => {
    const { auth, clock } = await authFixture({ maxSessionMs: 60 * 60_000, idleLockMs: 2 * 60 * 60_000 });
    await auth.setupAdmin('a', ADMIN);
    await auth.signIn('ipc:1', ADMIN.username, ADMIN.password);
    clock.advance(60 * 60_000);
    expect(auth.sessionFor('ipc:1')).toBeNull();
  });
});
