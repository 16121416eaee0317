/** scrypt hashing at the production cost, the strength policy, and sign-in timing that does not reveal which user names exist. */
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, parseHash, PRODUCTION_SCRYPT, verifyPassword } from '../../../electron/services/auth/passwords';
import { passwordProblem } from '../../../electron/services/auth/passwordPolicy';
import { ADMIN, authFixture } from './authFixtures';

describe('password hashes', () => {
  it('use scrypt N=2^15, r=8, p=1 with a per-password salt, stored with the parameters', async () => {
    expect(PRODUCTION_SCRYPT).toEqual({ N: 32768, r: 8, p: 1 });
    const a = await hashPassword('the same long password', PRODUCTION_SCRYPT);
    const b = await hashPassword('the same long password', PRODUCTION_SCRYPT);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(parseHash(a)!.salt.length).toBe(16);
    expect(await verifyPassword('the same long password', a)).toBe(true);
    expect(await verifyPassword('the same long passwort', a)).toBe(false);
    expect(needsRehash(a, PRODUCTION_SCRYPT)).toBe(false);
    expect(needsRehash(await hashPassword('x', { N: 1024, r: 8, p: 1 }), PRODUCTION_SCRYPT)).toBe(true);
  });

  it('refuse malformed or absurd stored parameters instead of running them', async () => {
    for (const bad of ['', 'plain', 'scrypt$3$8$1$AA==$AA==', 'scrypt$1073741824$8$1$AA==$AA==', 'bcrypt$2$8$1$AA==$AA==']) {
      expect(await verifyPassword('anything at all', bad)).toBe(false);
    }
  });
});

describe('password policy', () => {
  it.each([
    ['eleven char', 'dr.who', /at least 12/],
    ['password1234', 'dr.who', /first that attackers try/],
    ['Qwertyuiop12!', 'dr.who', /first that attackers try/],
    ['zzzzzzzzzzzzzz', 'dr.who', /first that attackers try/],
    ['my name is Dr.Who really', 'dr.who', /user name/],
  ])('refuses %j for %s', (password, user, reason) => {
    expect(passwordProblem(password, user)).toMatch(reason);
  });

  it('accepts a long passphrase', () => {
    expect(passwordProblem('green tea before the ward round', 'dr.who')).toBeNull();
  });
});

describe('sign-in timing', () => {
  it('a wrong user name and a wrong password take the same time (both run scrypt at the production cost)', async () => {
    const { auth } = await authFixture({ scrypt: PRODUCTION_SCRYPT, lockout: { threshold: 1000, baseMs: 1, maxMs: 1 } });
    await auth.setupAdmin('a', ADMIN);
    const time = async (username: string): Promise<number> => {
      const t0 = process.hrtime.bigint();
      await auth.signIn('ws:1', username, 'definitely not the password').catch(() => undefined);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    // The lower quartile: the machine's noise only ever adds time, so the fastest runs show the
    // work each path really does, and a quartile (not the minimum) is not one lucky sample.
    const lowerQuartile = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 4)]!;
    const unknown: number[] = [];
    const known: number[] = [];
    await time(ADMIN.username); // warm-up
    // Interleaved, so drift in machine load hits both series alike.
    for (let i = 0; i < 12; i++) {
      unknown.push(await time(`nobody.${i}`));
      known.push(await time(ADMIN.username));
    }
    const [mu, mk] = [lowerQuartile(unknown), lowerQuartile(known)];
    expect(Math.abs(mu - mk) / Math.max(mu, mk)).toBeLessThan(0.3);
    // And both really ran scrypt (not an early return for the unknown name).
    expect(Math.min(mu, mk)).toBeGreaterThan(5);
  }, 60_000);
});
