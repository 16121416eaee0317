/**
 * `admin unlock` and `admin reset-password` (issue #12, finding 7), and the data-folder lock
 * that refuses them while another Bedside holds the folder (finding 9).
 */
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../../electron/cli/admin';
import { createBedside } from '../../../electron/app/createBedside';
import { nodeAppPaths } from '../../../electron/services/paths';
import { startHarness, TEST_PASSWORD_COST } from '../../helpers/bedsideHarness';
import { repoRoot } from '../../helpers/sharedData';

const USER = { username: 'dr.locked', displayName: 'Dr Locked', roles: ['clinician' as const], temporaryPassword: 'the right long passphrase 5', permanent: true };
const remote = (id: string) => ({ transport: 'ws' as const, senderUrl: 'http://127.0.0.1:1', connectionId: id, clientAddress: '192.168.10.66' });

describe('admin unlock and reset-password', () => {
  it('are refused while Bedside runs on the folder, then lift a lockout that survived the restart', async () => {
    const h = await startHarness({ signedIn: false });
    h.trustedOrigins.add('http://127.0.0.1:1');
    await h.auth.createUser('system:test', USER);
    for (let i = 0; i < 6; i++) await h.bedside.router.invoke(remote('g'), 'auth.signIn', { username: USER.username, password: `wrong guess ${i}` });
    expect(await h.bedside.router.invoke(remote('g'), 'auth.signIn', { username: USER.username, password: USER.temporaryPassword })).toMatchObject({ ok: false, error: { code: 'too-many-attempts' } });

    const out: string[] = [];
    expect(await runAdmin(['unlock', USER.username, '--data-dir', h.dataDir], (l) => out.push(l))).toBe(1);
    expect(out.join('\n')).toMatch(/in use by the Bedside headless service \(process \d+/);
    await h.bedside.shutdown();

    out.length = 0;
    expect(await runAdmin(['unlock', 'nobody.here', '--data-dir', h.dataDir], (l) => out.push(l))).toBe(1);
    expect(out.join('\n')).toMatch(/no account called "nobody.here"/);
    expect(await runAdmin(['unlock', USER.username, '--data-dir', h.dataDir], (l) => out.push(l))).toBe(0);

    const paths = nodeAppPaths(repoRoot, 'browser-host', { ...process.env, BEDSIDE_DATA_DIR: h.dataDir }, []);
    const trusted = new Set(['http://127.0.0.1:1']);
    let again = await createBedside({ paths, mode: 'headless', isTrustedSender: (ctx) => trusted.has(ctx.senderUrl), log: () => undefined, passwordCost: TEST_PASSWORD_COST });
    try {
      expect(await again.router.invoke(remote('r'), 'auth.signIn', { username: USER.username, password: USER.temporaryPassword })).toMatchObject({ ok: true, value: { state: 'active' } });
    } finally {
      await again.shutdown();
    }

    out.length = 0;
    expect(await runAdmin(['reset-password', USER.username, '--data-dir', h.dataDir], (l) => out.push(l))).toBe(0);
    const temporary = /Temporary password \(shown once\): (\S+)/.exec(out.join('\n'))?.[1];
    expect(temporary).toBeTruthy();
    again = await createBedside({ paths, mode: 'headless', isTrustedSender: (ctx) => trusted.has(ctx.senderUrl), log: () => undefined, passwordCost: TEST_PASSWORD_COST });
    try {
      expect(await again.router.invoke(remote('s'), 'auth.signIn', { username: USER.username, password: USER.temporaryPassword })).toMatchObject({ ok: false, error: { code: 'unauthorised' } });
      expect(await again.router.invoke(remote('t'), 'auth.signIn', { username: USER.username, password: temporary })).toMatchObject({ ok: true, value: { state: 'password-change-required' } });
    } finally {
      await again.shutdown();
    }
  });
});
