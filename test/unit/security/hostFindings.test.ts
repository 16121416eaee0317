/**
 * The thirteen findings of issue #12 against the browser host, one test (or more) each, on a
 * live host: every one of these stopped the process, or let the wrong person in, before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startHarness, HARNESS_USER, type Harness } from '../../helpers/bedsideHarness';
import { connectWs } from '../../helpers/wsClient';
import { closeCodeOf, exchange, statusOf, textFramesOf, upgradeRequest, wsFrame, type HostAddress } from '../../helpers/rawSocket';
import { tempDir } from '../../helpers/tempDir';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { bindingProblem, describeError } from '../../../electron/server/browserHost';
import { acceptedHosts, acceptedOrigins, canonicalHostName, parsePublicNames, servedNames } from '../../../electron/server/hostNames';
import { clientKey } from '../../../electron/server/loopback';
import { acquireDataFolderLock, readLockHolder } from '../../../electron/services/dataFolderLock';
import { mayReceiveEvent } from '../../../electron/ipc/events';
import { Router } from '../../../electron/ipc/router';
import { contract } from '../../../electron/contract';

let h: Harness;
let addr: HostAddress;
let hostHeader: string;
let origin: string;

beforeAll(async () => {
  h = await startHarness({ serve: true });
  origin = h.host!.origin;
  hostHeader = new URL(origin).host;
  addr = { port: Number(new URL(origin).port) };
});

async function healthy(): Promise<void> {
  const ws = await connectWs(`${origin.replace('http', 'ws')}/contract`, origin, null);
  try {
    expect(await ws.call('app.health', {})).toMatchObject({ ok: true });
  } finally {
    ws.close();
  }
}

const anonymousUpgrade = (): string => upgradeRequest(hostHeader, origin);
const text = (s: string | Buffer): Buffer => wsFrame(0x1, Buffer.isBuffer(s) ? s : Buffer.from(s));

describe('1–2: request targets the host cannot read are refused with 400', () => {
  it('a NUL byte in the path (%00) answers 400 and the host goes on', async () => {
    for (const target of ['/x%00.js', '/cat%00.png', '/%00', '/a%2500.js']) {
      const raw = await exchange(addr, `GET ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`);
      expect([400, 404], target).toContain(statusOf(raw));
    }
    expect(statusOf(await exchange(addr, `GET /x%00.js HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`))).toBe(400);
    await healthy();
  });

  it('a malformed target (//[::1/) answers 400 on plain requests and upgrades', async () => {
    expect(statusOf(await exchange(addr, `GET //[::1/ HTTP/1.1\r\nHost: ${hostHeader}\r\n\r\n`))).toBe(400);
    expect(statusOf(await exchange(addr, upgradeRequest(hostHeader, origin, '//[::1/')))).toBe(400);
    expect(statusOf(await exchange(addr, upgradeRequest(hostHeader, origin, '/contract%00')))).toBe(400);
    await healthy();
  });
});

describe('3: WebSocket protocol errors close one connection, not the host', () => {
  it('invalid UTF-8 in a text frame closes with 1007; a frame over the limit with 1009', async () => {
    const badUtf8 = await exchange(addr, [anonymousUpgrade(), text(Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]))]);
    expect(statusOf(badUtf8)).toBe(101);
    expect(closeCodeOf(badUtf8)).toBe(1007);
    const oversized = await exchange(addr, [anonymousUpgrade(), wsFrame(0x1, Buffer.alloc(16), { declaredLength: 120 * 1024 * 1024 })]);
    expect(closeCodeOf(oversized)).toBe(1009);
    await healthy();
  });
});

describe('4: a channel that is not a string', () => {
  it('{"channel":{"toString":1}} gets a typed refusal from the router and over the wire', async () => {
    const router = new Router(contract, { isTrustedSender: () => true, onUnexpectedError: () => { throw new Error('the logger fails too'); } });
    for (const channel of [{ toString: 1 }, { toString: () => { throw new Error('x'); } }, null, 42, Symbol('s'), ['a'], 'no.such\u0000channel']) {
      await expect(router.invoke({ transport: 'cli', senderUrl: '' }, channel, {})).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    const raw = await exchange(addr, [anonymousUpgrade(), text('{"id":1,"channel":{"toString":1}}')]);
    expect(JSON.parse(textFramesOf(raw)[0]!)).toMatchObject({ kind: 'result', id: 1, result: { ok: false, error: { code: 'not-found' } } });
    await healthy();
  });

  it('the host log names the kind of failure, never what the client sent', () => {
    const e = new SyntaxError('Unexpected token in JSON: "Patient Jane Doe"');
    expect(describeError(e)).toMatch(/^SyntaxError/);
    expect(describeError(e)).not.toMatch(/Jane/);
  });
});

describe('5: first run on a network', () => {
  it('a remote client cannot create the administrator without the set-up code, and never receives the recovery code', async () => {
    const fresh = await startHarness({ signedIn: false });
    const remote = { transport: 'ws' as const, senderUrl: 'https://bedside.clinic.lan:5183', connectionId: 'r1', clientAddress: '192.168.10.77' };
    fresh.trustedOrigins.add(remote.senderUrl);
    const admin = { username: 'it.admin', displayName: 'IT', password: 'a long clinic passphrase 7' };
    expect(await fresh.bedside.router.invoke(remote, 'auth.setupAdmin', admin)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const shown: string[] = [];
    fresh.auth.enableRemoteSetup('ABCD-EFGH-JKLM', (code) => shown.push(code));
    expect(await fresh.bedside.router.invoke(remote, 'auth.setupAdmin', { ...admin, setupCode: 'ABCD-EFGH-XXXX' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const done = await fresh.bedside.router.invoke(remote, 'auth.setupAdmin', { ...admin, setupCode: 'ABCD-EFGH-JKLM' });
    expect(done).toMatchObject({ ok: true, value: { user: { username: 'it.admin' }, recoveryCode: null } });
    expect(shown).toHaveLength(1);
    expect(shown[0]!.length).toBeGreaterThan(20);
  });

  it('from this computer (loopback WebSocket) set-up works and shows the recovery code', async () => {
    const fresh = await startHarness({ signedIn: false });
    const local = { transport: 'ws' as const, senderUrl: 'http://127.0.0.1:1', connectionId: 'l1', clientAddress: '::ffff:127.0.0.1' };
    fresh.trustedOrigins.add(local.senderUrl);
    const done = await fresh.bedside.router.invoke(local, 'auth.setupAdmin', { username: 'local.admin', displayName: 'IT', password: 'a long clinic passphrase 7' });
    expect(done).toMatchObject({ ok: true });
    expect((done as { value: { recoveryCode: string | null } }).value.recoveryCode).toEqual(expect.any(String));
  });
});

describe('6: limits before sign-in', () => {
  it('an anonymous 1 MiB message is refused at its header (1009); after sign-in the same size reaches the router', async () => {
    const big = JSON.stringify({ id: 7, channel: 'app.info', input: { pad: 'x'.repeat(1024 * 1024) } });
    const anon = await exchange(addr, [anonymousUpgrade(), wsFrame(0x1, Buffer.from(big))]);
    expect(closeCodeOf(anon)).toBe(1009);
    const ws = await connectWs(`${origin.replace('http', 'ws')}/contract`, origin, null);
    expect(await ws.call('auth.signIn', { username: HARNESS_USER.username, password: HARNESS_USER.password })).toMatchObject({ ok: true });
    const r = await ws.call('app.info', { pad: 'x'.repeat(1024 * 1024) });
    expect(r).toMatchObject({ ok: false, error: { code: 'too-large' } });
    ws.close();
  });

  it('anonymous refusals are counted and written as one audit row, not one per packet', async () => {
    const db = h.bedside.container.get<RecordsService>('records').database;
    const rows = (): number => Number(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'access-denied'").pluck().get());
    h.bedside.refusals.flush();
    const before = rows();
    const ws = await connectWs(`${origin.replace('http', 'ws')}/contract`, origin, null);
    const results = await Promise.all(Array.from({ length: 15 }, () => ws.call('records.chart', { patientId: 'p1' })));
    expect(results.every((r) => !r.ok && r.error.code === 'unauthenticated')).toBe(true);
    expect(rows()).toBe(before);
    expect(h.bedside.refusals.pending()).toBeGreaterThanOrEqual(15);
    h.bedside.refusals.flush();
    expect(rows()).toBe(before + 1);
    const last = db.prepare<[], { detail: string }>("SELECT detail FROM audit_log WHERE action = 'access-denied' ORDER BY seq DESC LIMIT 1").get()!;
    expect(last.detail).toMatch(/records\.chart unauthenticated x15/);
    ws.close();
  });

  it('an anonymous connection that floods messages is refused, then closed with 1008', async () => {
    const frames = Array.from({ length: 120 }, (_, i) => text(JSON.stringify({ id: i + 1, channel: 'app.info', input: {} })));
    const raw = await exchange(addr, [anonymousUpgrade(), Buffer.concat(frames)], 800);
    const answers = textFramesOf(raw).map((t) => JSON.parse(t) as { result: { ok: boolean; error?: { code: string } } });
    expect(answers.filter((a) => a.result.ok).length).toBeLessThanOrEqual(25);
    expect(answers.some((a) => a.result.error?.code === 'too-many-attempts')).toBe(true);
    expect(closeCodeOf(raw)).toBe(1008);
    await healthy();
  });
});

describe('7: lockout that protects without locking people out', () => {
  it('the whole loopback range is one client for the per-client limits', () => {
    expect(clientKey('127.0.0.1')).toBe(clientKey('127.0.0.2'));
    expect(clientKey('127.8.9.10')).toBe('loopback');
    expect(clientKey('::ffff:127.0.0.5')).toBe('loopback');
    expect(clientKey('::1')).toBe('loopback');
    expect(clientKey('::ffff:192.168.1.9')).toBe('192.168.1.9');
  });

  it('a remote guesser locks the account, but the right password from this computer still gets in', async () => {
    const user = { username: 'locked.doctor', displayName: 'Dr L', roles: ['clinician' as const], temporaryPassword: 'a good long passphrase 42', permanent: true };
    await h.auth.createUser('system:test', user);
    const remote = { transport: 'ws' as const, senderUrl: origin, connectionId: 'guess', clientAddress: '192.168.10.66' };
    for (let i = 0; i < 6; i++) await h.bedside.router.invoke(remote, 'auth.signIn', { username: user.username, password: `wrong guess ${i}` });
    expect(await h.bedside.router.invoke(remote, 'auth.signIn', { username: user.username, password: user.temporaryPassword })).toMatchObject({ ok: false, error: { code: 'too-many-attempts' } });
    const local = { transport: 'ws' as const, senderUrl: origin, connectionId: 'desk', clientAddress: '127.0.0.1' };
    expect(await h.bedside.router.invoke(local, 'auth.signIn', { username: user.username, password: user.temporaryPassword })).toMatchObject({ ok: true, value: { state: 'active' } });
    expect(await h.bedside.router.invoke({ ...HARNESS_IPC, connectionId: '77' }, 'auth.signIn', { username: user.username, password: 'still wrong here' })).toMatchObject({ ok: false });
  });
});

const HARNESS_IPC = { transport: 'ipc' as const, senderUrl: 'app://bedside/index.html', isMainFrame: true, connectionId: '1' };

describe('8: network mode', () => {
  it('--public-name decides the Host and Origin values; IPv6 literals in the browser’s form', () => {
    expect(parsePublicNames('Bedside.Clinic.LAN, 192.168.10.5,FD00:0:0::5')).toEqual(['bedside.clinic.lan', '192.168.10.5', '[fd00::5]']);
    expect(canonicalHostName('[::1]')).toBe('[::1]');
    expect(() => parsePublicNames('bad name!')).toThrow(/not a host name/);
    const names = servedNames('0.0.0.0', ['bedside.clinic.lan', '192.168.10.5', '[fd00::5]']);
    expect(names).toEqual(expect.arrayContaining(['127.0.0.1', 'localhost', 'bedside.clinic.lan', '192.168.10.5', '[fd00::5]']));
    expect(names).not.toContain('0.0.0.0');
    expect([...acceptedHosts(names, 5183, 'https')]).toEqual(expect.arrayContaining(['192.168.10.5:5183', '[fd00::5]:5183']));
    expect(acceptedOrigins(['bedside.clinic.lan'], 443, 'https')).toEqual(['https://bedside.clinic.lan']);
    expect(acceptedHosts(['bedside.clinic.lan'], 443, 'https').has('bedside.clinic.lan')).toBe(true);
    expect(bindingProblem({ host: '0.0.0.0', allowNetwork: true, tls: { cert: 'c', key: 'k' } })).toMatch(/--public-name/);
    expect(bindingProblem({ host: '::', allowNetwork: true, tls: { cert: 'c', key: 'k' }, publicNames: ['fd00::5'] })).toBeNull();
  });

  it('a live host with a public name answers that name and still refuses others (421)', async () => {
    const { startBrowserHost } = await import('../../../electron/server/browserHost');
    const origins = new Set<string>();
    const host = await startBrowserHost(h.bedside, { port: 0, host: '127.0.0.1', rendererDir: tempDir(), publicNames: ['bedside.clinic.lan'] }, origins);
    try {
      const port = Number(new URL(host.origin).port);
      expect(statusOf(await exchange({ port }, `GET /auth/session HTTP/1.1\r\nHost: Bedside.Clinic.LAN:${port}\r\n\r\n`))).toBe(401);
      expect(statusOf(await exchange({ port }, `GET /auth/session HTTP/1.1\r\nHost: evil.example:${port}\r\n\r\n`))).toBe(421);
      expect(origins.has(`http://bedside.clinic.lan:${port}`)).toBe(true);
    } finally {
      await host.close();
    }
  });
});

describe('9: one process per data folder', () => {
  it('a second writer is refused with a message naming the running one; a stale lock is taken over', () => {
    const dir = tempDir();
    const first = acquireDataFolderLock(dir, 'browser host');
    expect(() => acquireDataFolderLock(dir, 'admin command')).toThrow(new RegExp(`in use by the Bedside browser host \\(process ${process.pid}`));
    first.release();
    fs.writeFileSync(path.join(dir, 'bedside.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, what: 'browser host', hostname: (readLockHolder(h.dataDir) ?? { hostname: '' }).hostname, startedAt: 'then' }));
    const second = acquireDataFolderLock(dir, 'admin command');
    expect(readLockHolder(dir)).toMatchObject({ pid: process.pid, what: 'admin command' });
    second.release();
    expect(fs.existsSync(path.join(dir, 'bedside.lock'))).toBe(false);
  });

  it('the running harness holds its data folder', () => {
    expect(readLockHolder(h.dataDir)).toMatchObject({ pid: process.pid, what: 'headless service' });
  });
});

describe('11: events only to those allowed to read them', () => {
  it('cds.cardsReady (patient ids) skips an administrator-only session; import progress reaches it', async () => {
    const cards = { patientId: 'p1', trigger: 't', cardIds: [] };
    expect(mayReceiveEvent('cds.cardsReady', cards, { state: 'active', roles: ['admin'] })).toBe(false);
    expect(mayReceiveEvent('cds.cardsReady', cards, { state: 'active', roles: ['nurse'] })).toBe(true);
    expect(mayReceiveEvent('cds.cardsReady', cards, { state: 'locked', roles: ['clinician'] })).toBe(false);
    expect(mayReceiveEvent('cds.cardsReady', cards, null)).toBe(false);
    const job = { jobId: 'j', kind: 'records.import', fraction: 0.5, message: 'm', state: 'running' };
    expect(mayReceiveEvent('jobs.progress', job, { state: 'active', roles: ['admin'] })).toBe(true);
    expect(mayReceiveEvent('jobs.progress', job, { state: 'active', roles: ['nurse'] })).toBe(false);

    await h.auth.createUser('system:test', { username: 'only.admin', displayName: 'IT', roles: ['admin'], temporaryPassword: 'another long passphrase 9', permanent: true });
    const ws = await connectWs(`${origin.replace('http', 'ws')}/contract`, origin, null);
    expect(await ws.call('auth.signIn', { username: 'only.admin', password: 'another long passphrase 9' })).toMatchObject({ ok: true });
    h.bedside.events.emit('cds.cardsReady', cards);
    h.bedside.events.emit('jobs.progress', { ...job, state: 'running' as const });
    await ws.call('app.info', {});
    expect(ws.events.map((e) => e.name)).toEqual(['jobs.progress']);
    ws.close();
  });
});
