/**
 * Random payloads to random channels from callers in random session states: the router never
 * throws, a refused call changes nothing in the database, and every refusal is audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contract } from '../../../electron/contract';
import { decide, permissionOf } from '../../../electron/ipc/permissions';
import { startHarness, type Harness } from '../../helpers/bedsideHarness';
import { databaseDigest, deniedCount, makeCallers, type Caller } from './matrixSupport';

const channelNames = Object.entries(contract).flatMap(([f, methods]) => Object.keys(methods).map((m) => `${f}.${m}`));
const AUTH_CODES = new Set(['unauthenticated', 'forbidden', 'locked', 'password-change-required']);

let h: Harness;
let callers: Caller[];
beforeAll(async () => {
  h = await startHarness({ signedIn: false });
  callers = await makeCallers(h);
  // Only callers whose every call is refused or harmless: the all-roles active caller could legitimately change data.
  callers = callers.filter((c) => c.state !== 'active' || c.roles.length === 1);
});

describe('authorisation fuzz', () => {
  it('refused calls change nothing and are all audited; nothing throws', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channelNames), fc.constantFrom(...callers.map((_c, i) => i)), fc.jsonValue({ maxDepth: 3 }), async (channel, ci, payload) => {
        const caller = callers[ci]!;
        const expected = decide(permissionOf(channel), caller.state, caller.roles);
        if (expected.allow) return; // allowed calls are the contract fuzz's business
        const digest = databaseDigest(h);
        const audited = deniedCount(h);
        const result = await h.bedside.router.invoke(caller.ctx, channel, payload);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(AUTH_CODES.has(result.error.code)).toBe(true);
        expect(result.error.message).not.toMatch(/\n\s+at /);
        expect(databaseDigest(h)).toBe(digest);
        expect(deniedCount(h)).toBe(audited + 1);
        refused++;
      }),
      { numRuns: 400, seed: 20260301 },
    );
    expect(refused).toBeGreaterThan(100);
    // The session states did not move: the locked caller is still locked, the others still signed in.
    expect(h.auth.sessionFor('ipc:m-locked')?.state).toBe('locked');
    expect(h.auth.sessionFor('ipc:m-temp')?.state).toBe('password-change-required');
  });
});
