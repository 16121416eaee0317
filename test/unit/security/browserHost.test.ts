/**
 * The browser host: loopback unless allowed and over TLS; sessions on the WebSocket only with
 * the page's own origin and, for the cookie, its CSRF token; no call without a session; sign-in
 * rate limited per client address; cookies HttpOnly, SameSite=Strict, Secure over TLS.
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindingProblem, readCookie, startBrowserHost, type RunningBrowserHost } from '../../../electron/server/browserHost';
import { loadOrCreateSelfSigned } from '../../../electron/server/tls';
import { startHarness, HARNESS_USER, type Harness } from '../../helpers/bedsideHarness';
import { connectWs, httpSignIn } from '../../helpers/wsClient';
import { repoRoot } from '../../helpers/sharedData';
import { tempDir } from '../../helpers/tempDir';

let h: Harness;
let wsUrl: string;
beforeAll(async () => {
  h = await startHarness({ serve: true });
  wsUrl = `${h.host!.origin.replace('http', 'ws')}/contract`;
});

describe('binding', () => {
  it('refuses anything beyond loopback without --allow-network, and without TLS even with it', async () => {
    expect(bindingProblem({ host: '127.0.0.1' })).toBeNull();
    expect(bindingProblem({ host: '::1' })).toBeNull();
    expect(bindingProblem({ host: '0.0.0.0' })).toMatch(/--allow-network/);
    expect(bindingProblem({ host: '192.168.1.20', allowNetwork: true })).toMatch(/needs TLS/);
    expect(bindingProblem({ host: '192.168.1.20', allowNetwork: true, tls: { cert: 'c', key: 'k' } })).toBeNull();
    await expect(startBrowserHost(h.bedside, { port: 0, host: '0.0.0.0', rendererDir: os.tmpdir() }, new Set())).rejects.toThrow(/--allow-network/);
    await expect(startBrowserHost(h.bedside, { port: 0, host: '0.0.0.0', rendererDir: os.tmpdir(), allowNetwork: true }, new Set())).rejects.toThrow(/needs TLS/);
  });
});

describe('WebSocket sessions', () => {
  it('a connection without a session may only call the public channels', async () => {
    const ws = await connectWs(wsUrl, h.host!.origin, null);
    try {
      expect((await ws.call('app.info', {})).ok).toBe(true);
      expect(await ws.call('auth.status', {})).toMatchObject({ ok: true, value: { state: 'signed-out' } });
      for (const c of ['records.chart', 'auth.listUsers', 'models.list', 'inference.cancel', 'auth.lock']) {
        expect(await ws.call(c, {}), c).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      }
      // Signing in over the socket binds the session to this connection only.
      expect(await ws.call('auth.signIn', { username: HARNESS_USER.username, password: HARNESS_USER.password })).toMatchObject({ ok: true, value: { state: 'active' } });
      expect((await ws.call('auth.listUsers', {})).ok).toBe(true);
      const other = await connectWs(wsUrl, h.host!.origin, null);
      expect(await other.call('auth.listUsers', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      other.close();
    } finally {
      ws.close();
    }
  });

  it('refuses an upgrade from a foreign origin, with or without a valid session', async () => {
    await expect(connectWs(wsUrl, 'http://evil.example', null)).rejects.toThrow(/403/);
    await expect(connectWs(wsUrl, 'http://evil.example', h.wsSession)).rejects.toThrow(/403/);
    await expect(connectWs(wsUrl, 'null', h.wsSession)).rejects.toThrow(/403/);
  });

  it('refuses a session cookie without its CSRF token, or with another one', async () => {
    const s = h.wsSession!;
    await expect(connectWs(wsUrl, h.host!.origin, { cookie: s.cookie, csrf: '' })).rejects.toThrow(/403/);
    await expect(connectWs(wsUrl, h.host!.origin, { cookie: s.cookie, csrf: 'x'.repeat(43) })).rejects.toThrow(/403/);
    const ok = await connectWs(wsUrl, h.host!.origin, s);
    expect((await ok.call('auth.listUsers', {})).ok).toBe(true);
    ok.close();
  });

  it('signing out ends the cookie session on every connection', async () => {
    const s = await httpSignIn(h.host!.origin, HARNESS_USER.username, HARNESS_USER.password);
    const a = await connectWs(wsUrl, h.host!.origin, s);
    const b = await connectWs(wsUrl, h.host!.origin, s);
    expect(await a.call('auth.signOut', {})).toMatchObject({ ok: true, value: { signedOut: true } });
    expect(await b.call('auth.listUsers', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await expect(connectWs(wsUrl, h.host!.origin, s)).rejects.toThrow(/403/);
    a.close();
    b.close();
  });

  it('pushes events only to connections with an active session', async () => {
    const out = await connectWs(wsUrl, h.host!.origin, null);
    const inside = await connectWs(wsUrl, h.host!.origin, h.wsSession);
    await inside.call('app.info', {});
    h.bedside.events.emit('cds.cardsReady', { patientId: 'p1', trigger: 'test', cardIds: [] });
    await inside.call('app.info', {});
    await out.call('app.info', {});
    expect(inside.events.map((e) => e.name)).toContain('cds.cardsReady');
    expect(out.events).toEqual([]);
    out.close();
    inside.close();
  });
});

describe('HTTP sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict cookie (not Secure without TLS) and needs the page’s own Origin', async () => {
    const origin = h.host!.origin;
    const res = await fetch(`${origin}/auth/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ username: HARNESS_USER.username, password: HARNESS_USER.password }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^bedside_session=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/$/);
    const foreign = await fetch(`${origin}/auth/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' }, body: JSON.stringify({ username: HARNESS_USER.username, password: HARNESS_USER.password }) });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('set-cookie')).toBeNull();
    const noOrigin = await fetch(`${origin}/auth/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(noOrigin.status).toBe(403);
    const wrong = await fetch(`${origin}/auth/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ username: HARNESS_USER.username, password: 'not the password at all' }) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    // The CSRF token is readable again after a reload, same-origin, with the cookie.
    const again = await fetch(`${origin}/auth/session`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(((await again.json()) as { csrfToken: string }).csrfToken.length).toBeGreaterThan(30);
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const res = await fetch(`${h.host!.origin}/auth/session`, { headers: { Host: 'evil.example' } }).catch(() => null);
    // fetch may not let the Host header through; the raw check below is authoritative.
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const u = new URL(h.host!.origin);
      http.get({ host: u.hostname, port: u.port, path: '/', headers: { Host: `evil.example:${u.port}` } }, (r) => resolve(r.statusCode ?? 0));
    });
    expect(status).toBe(421);
    void res;
  });
});

describe('rate limits and TLS', () => {
  let host: RunningBrowserHost;
  let tlsCert: string;
  afterAll(async () => host?.close());

  it('serves over TLS with a generated certificate, a Secure __Host- cookie, and limits sign-in attempts per address', async () => {
    const tls = await loadOrCreateSelfSigned(tempDir(), '127.0.0.1');
    tlsCert = tls.cert;
    expect(tls.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const origins = new Set<string>();
    host = await startBrowserHost(h.bedside, { port: 0, host: '127.0.0.1', rendererDir: path.join(repoRoot, 'dist', 'renderer'), tls, passwordAttempts: { burst: 3, perMinute: 1 } }, origins);
    expect(host.origin).toMatch(/^https:/);
    const https = await import('node:https');
    const post = (password: string): Promise<{ status: number; cookie: string | null }> =>
      new Promise((resolve, reject) => {
        const u = new URL(host.origin);
        const req = https.request({ host: u.hostname, port: u.port, path: '/auth/session', method: 'POST', ca: tlsCert, headers: { 'Content-Type': 'application/json', Origin: host.origin } }, (r) => {
          r.resume();
          resolve({ status: r.statusCode ?? 0, cookie: r.headers['set-cookie']?.[0] ?? null });
        });
        req.on('error', reject);
        req.end(JSON.stringify({ username: HARNESS_USER.username, password }));
      });
    const ok = await post(HARNESS_USER.password);
    expect(ok.status).toBe(200);
    expect(ok.cookie).toMatch(/^__Host-bedside_session=[\w-]+; HttpOnly; SameSite=Strict; Path=\/; Secure$/);
    expect(readCookie(ok.cookie!.split(';')[0], '__Host-bedside_session')).toBeTruthy();
    expect((await post('wrong password number one')).status).toBe(401);
    expect((await post('wrong password number two')).status).toBe(401);
    // Fourth attempt from the same address within the minute: refused before any password check.
    const limited = await post(HARNESS_USER.password);
    expect(limited.status).toBe(429);
    // Over the socket too.
    const ws = await connectWs(`${host.origin.replace('https', 'wss')}/contract`, host.origin, null, { ca: tlsCert });
    expect(await ws.call('auth.signIn', { username: HARNESS_USER.username, password: HARNESS_USER.password })).toMatchObject({ ok: false, error: { code: 'too-many-attempts' } });
    ws.close();
  }, 30_000);
});
