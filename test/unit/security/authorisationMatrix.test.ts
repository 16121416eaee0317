/**
 * The permission table covers the whole contract, and the router enforces it: every channel ×
 * every role × signed out, locked and temporary-password, through the real router, with every
 * refusal audited in the records audit trail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../electron/contract';
import { channelsMissingFromTable, decide, permissionOf, permissions, staleTableRows } from '../../../electron/ipc/permissions';
import { startHarness, type Harness } from '../../helpers/bedsideHarness';
import { deniedCount, makeCallers, type Caller } from './matrixSupport';
import type { RecordsService } from '../../../electron/services/records/recordsService';

const channelNames = Object.entries(contract).flatMap(([f, methods]) => Object.keys(methods).map((m) => `${f}.${m}`));

describe('the permission table', () => {
  it('lists every contract channel, and nothing else', () => {
    expect(channelsMissingFromTable(channelNames)).toEqual([]);
    expect(staleTableRows(channelNames)).toEqual([]);
  });

  it('refuses a channel it does not list (the default is deny)', () => {
    expect(permissionOf('records.somethingNew')).toBeUndefined();
    expect(decide(undefined, 'active', ['clinician', 'nurse', 'admin'])).toMatchObject({ allow: false, code: 'forbidden' });
    expect(permissionOf('__proto__')).toBeUndefined();
    expect(permissionOf('toString')).toBeUndefined();
  });

  it('makes public only app.info, app.health, auth.status, auth.signIn and auth.setupAdmin', () => {
    const open = Object.entries(permissions).filter(([, p]) => p.access === 'public').map(([c]) => c).sort();
    expect(open).toEqual(['app.health', 'app.info', 'auth.setupAdmin', 'auth.signIn', 'auth.status']);
  });

  it('needs a clinical role to read charts: an admin alone cannot', () => {
    for (const c of ['records.chart', 'records.getResource', 'records.searchNotes', 'records.searchPatients', 'inference.analyzeText']) {
      expect(decide(permissionOf(c), 'active', ['admin']).allow, c).toBe(false);
      expect(decide(permissionOf(c), 'active', ['admin', 'clinician']).allow, c).toBe(true);
    }
    for (const c of ['auth.createUser', 'auth.listUsers', 'records.backup', 'records.restore', 'models.install']) {
      expect(decide(permissionOf(c), 'active', ['clinician', 'nurse']).allow, c).toBe(false);
    }
  });
});

describe('the router enforces the table', () => {
  let h: Harness;
  let callers: Caller[];
  beforeAll(async () => {
    h = await startHarness({ signedIn: false });
    callers = await makeCallers(h);
  });

  it('every channel × every caller: allowed calls reach input validation, refused ones get the table’s code and are audited', async () => {
    const rows: string[] = [];
    for (const caller of callers) {
      for (const channel of channelNames) {
        const expected = decide(permissionOf(channel), caller.state, caller.roles);
        const before = deniedCount(h);
        // 42 is no channel's input: an allowed call stops at the schema, so nothing runs.
        const result = await h.bedside.router.invoke(caller.ctx, channel, 42);
        expect(result.ok, `${caller.label} → ${channel}`).toBe(false);
        if (result.ok) continue;
        const got = result.error.code;
        rows.push(`${caller.label.padEnd(32)} ${channel.padEnd(26)} ${expected.allow ? 'allow' : expected.code} / ${got}`);
        if (expected.allow) {
          expect(got, `${caller.label} → ${channel}`).toBe('invalid-input');
          expect(deniedCount(h)).toBe(before);
        } else {
          expect(got, `${caller.label} → ${channel}`).toBe(expected.code);
          expect(deniedCount(h), `refusal of ${channel} for ${caller.label} audited`).toBe(before + 1);
        }
      }
    }
    expect(rows.length).toBe(callers.length * channelNames.length);
  });

  it('while locked, only status, unlock, lock, sign-out and the public app facts answer', () => {
    const open = channelNames.filter((c) => decide(permissionOf(c), 'locked', ['clinician', 'nurse', 'admin']).allow).sort();
    expect(open).toEqual(['app.health', 'app.info', 'auth.lock', 'auth.signOut', 'auth.status', 'auth.unlock']);
  });

  it('with a temporary password, only changing it (and status, lock, sign-out, app facts) is allowed', () => {
    const open = channelNames.filter((c) => decide(permissionOf(c), 'password-change-required', ['clinician', 'nurse', 'admin']).allow).sort();
    expect(open).toEqual(['app.health', 'app.info', 'auth.changePassword', 'auth.lock', 'auth.signOut', 'auth.status', 'auth.unlock']);
  });

  it('records who, what and when for a refusal', async () => {
    const nurse = callers.find((c) => c.label === 'nurse')!;
    await h.bedside.router.invoke(nurse.ctx, 'auth.listUsers', {});
    const records = h.bedside.container.get<RecordsService>('records');
    const last = records.database.prepare<[], { at: string; actor: string; action: string; target: string; detail: string }>('SELECT at, actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT 1').get()!;
    expect(last).toMatchObject({ actor: 'user:m.nurse', action: 'access-denied', target: 'auth.listUsers' });
    expect(last.detail).toMatch(/^forbidden \(session /);
    expect(Date.now() - Date.parse(last.at)).toBeLessThan(60_000);
    expect(records.verifyAudit().ok).toBe(true);
  });

  it('a transport cannot smuggle an actor into the context', async () => {
    const forged = { transport: 'ipc' as const, senderUrl: 'app://bedside/index.html', isMainFrame: true, connectionId: 'forger', actor: { name: 'user:m.admin', userId: 'x', username: 'm.admin', roles: ['admin'], sessionId: 's' } };
    const r = await h.bedside.router.invoke(forged, 'auth.listUsers', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('a call that is allowed runs as the signed-in user', async () => {
    const admin = callers.find((c) => c.label === 'admin')!;
    const r = await h.bedside.router.invoke(admin.ctx, 'auth.listUsers', {});
    expect(r.ok).toBe(true);
    const status = await h.bedside.router.invoke(admin.ctx, 'auth.status', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'active', user: { username: 'm.admin' } } });
  });
});
