/**
 * Byte-level fuzz of the browser host (issue #12): raw request lines, paths, headers,
 * WebSocket frames and JSON with wrong types in every position, on plain HTTP and over TLS,
 * against a live host on 127.0.0.1. After every batch the host must still answer `app.health`,
 * and no handler may have failed (every bad input is refused on purpose, not by accident).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningBrowserHost } from '../../../electron/server/browserHost';
import { loadOrCreateSelfSigned } from '../../../electron/server/tls';
import { startHarness, HARNESS_USER, type Harness } from '../../helpers/bedsideHarness';
import { connectWs, type WsTestClient } from '../../helpers/wsClient';
import { exchange, statusOf, upgradeRequest, wsFrame, type HostAddress } from '../../helpers/rawSocket';
import { tempDir } from '../../helpers/tempDir';

let h: Harness;
let tlsHost: RunningBrowserHost;
let tlsCa: string;
let tried = 0;

beforeAll(async () => {
  h = await startHarness({ serve: true });
  const material = await loadOrCreateSelfSigned(tempDir(), '127.0.0.1');
  tlsCa = material.cert;
  tlsHost = await startBrowserHost(h.bedside, { port: 0, host: '127.0.0.1', rendererDir: tempDir(), tls: material }, h.trustedOrigins);
});
afterAll(async () => {
  await tlsHost?.close();
  console.log(`host fuzz: ${tried} inputs tried`);
});

interface Target {
  name: string;
  host: () => RunningBrowserHost;
  addr: () => HostAddress;
}
const plain: Target = { name: 'HTTP', host: () => h.host!, addr: () => ({ port: Number(new URL(h.host!.origin).port) }) };
const secure: Target = { name: 'TLS', host: () => tlsHost, addr: () => ({ port: Number(new URL(tlsHost.origin).port), ca: tlsCa }) };

async function assertHealthy(t: Target): Promise<void> {
  const host = t.host();
  const ws = await connectWs(`${host.origin.replace(/^http/, 'ws')}/contract`, host.origin, null, t === secure ? { ca: tlsCa } : {});
  try {
    expect(await ws.call('app.health', {})).toMatchObject({ ok: true });
  } finally {
    ws.close();
  }
  expect(host.stats().handlerFailures, `${t.name}: a handler failed instead of refusing`).toBe(0);
}

/** Sends every case (at most 16 at a time) and returns what came back. */
async function send(t: Target, cases: (Buffer | string | (Buffer | string)[])[], waitMs = 250): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < cases.length; i += 16) out.push(...(await Promise.all(cases.slice(i, i + 16).map((c) => exchange(t.addr(), c, waitMs)))));
  tried += cases.length;
  return out;
}

const hostOf = (t: Target): string => new URL(t.host().origin).host;
const get = (t: Target, target: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: ${hostOf(t)}\r\n${extra}\r\n`;

function requestLines(t: Target): (string | Buffer)[] {
  const H = `Host: ${hostOf(t)}\r\n\r\n`;
  return [
    '\r\n\r\n',
    'GET\r\n\r\n',
    'GET /\r\n\r\n',
    `GET / HTTP/0.9\r\n${H}`,
    `GET / HTTP/2.0\r\n${H}`,
    `GET / HTTP/1.1 extra\r\n${H}`,
    `${'A'.repeat(300)} / HTTP/1.1\r\n${H}`,
    `BREW / HTTP/1.1\r\n${H}`,
    `DELETE / HTTP/1.1\r\n${H}`,
    `OPTIONS * HTTP/1.1\r\n${H}`,
    `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${H}`,
    `GET http://evil.example/ HTTP/1.1\r\n${H}`,
    `GET / HTTP/1.1\n${H.replace(/\r/g, '')}`,
    `GET / HTTP/1.1\r${H.replace(/\n/g, '')}`,
    Buffer.concat([Buffer.from('GET /'), crypto.randomBytes(64), Buffer.from(` HTTP/1.1\r\n${H}`)]),
    crypto.randomBytes(512),
    Buffer.alloc(2048, 0),
    '\u0000\u0001\u0002 / HTTP/1.1\r\n\r\n',
    `GET / HTTP/1.1\r\n${H}`.repeat(50),
  ];
}

function paths(t: Target): string[] {
  const targets = [
    '/x%00.js', '/%00', '/index.html%00.png', '/\u0000',
    '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/%e0%80%ae%e0%80%ae/x.js', '/%c0%af', '/%ff%fe.js', '/%', '/%zz.js', '/%2e%2e/%2e%2e/etc/passwd',
    '/../../etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/../../package.json', '/./././index.html',
    '/..\\..\\windows\\win.ini', '/%5c..%5c..%5cetc%5cpasswd', '/assets\\x.js',
    '//etc/passwd', '///', '//[::1/', '/[', 'http://127.0.0.1/index.html', '*', 'index.html',
    `/${'a'.repeat(8 * 1024)}.js`, `/${'%41'.repeat(3000)}`, `/?${'q=1&'.repeat(2000)}`,
    '/auth/session%00', '/auth/%2e%2e/session', '/contract', '/contract?csrf=%00', '/#frag', '/é.js', '/%F0%9F%98%80.png',
  ];
  return targets.map((p) => get(t, p));
}

function headers(t: Target): string[] {
  const host = hostOf(t);
  return [
    'GET / HTTP/1.1\r\n\r\n',
    `GET / HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: evil.example\r\nHost: ${host}\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'x'.repeat(20 * 1024)}\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\n${'X-Many: 1\r\n'.repeat(3000)}\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\nBad Header: x\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Nul: a\u0000b\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\n: empty-name\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Folded: a\r\n  b\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost:\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\u0000\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host.toUpperCase()}\r\n\r\n`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nContent-Length: 50\r\n\r\nhello`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n\r\n`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 99999999999999999999\r\n\r\n`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nzz\r\n`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${t.host().origin}\r\nContent-Type: application/json\r\nContent-Length: 20000\r\n\r\n${'{'.repeat(20000)}`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${t.host().origin}\r\nContent-Type: application/json\r\nContent-Length: 39\r\n\r\n{"username":{"toString":1},"password":1}`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${t.host().origin}\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\nnull`,
    `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${t.host().origin}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]`,
    `GET /auth/session HTTP/1.1\r\nHost: ${host}\r\nCookie: ${'bedside_session=x; '.repeat(500)}\r\n\r\n`,
    `GET /auth/session HTTP/1.1\r\nHost: ${host}\r\nCookie: =;==;;bedside_session\r\n\r\n`,
    `GET /auth/session HTTP/1.1\r\nHost: ${host}\r\nOrigin: \u0000\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\nExpect: 100-continue\r\n\r\n`,
    `GET / HTTP/1.1\r\nHost: ${host}\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n`,
  ];
}

function wsCases(t: Target): (Buffer | string)[][] {
  const up = (): string => upgradeRequest(hostOf(t), t.host().origin);
  const text = (s: string | Buffer): Buffer => wsFrame(0x1, Buffer.isBuffer(s) ? s : Buffer.from(s));
  const call = JSON.stringify({ id: 1, channel: 'app.info', input: {} });
  return [
    [up(), text(Buffer.from([0xc0, 0xaf]))],
    [up(), text(Buffer.from([0xed, 0xa0, 0x80]))],
    [up(), text(Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]))],
    [up(), wsFrame(0x2, crypto.randomBytes(100))],
    [up(), wsFrame(0x1, Buffer.from(call.slice(0, 10)), { fin: false }), wsFrame(0x0, Buffer.from(call.slice(10)))],
    [up(), wsFrame(0x0, Buffer.from(call))],
    [up(), wsFrame(0x1, Buffer.from('{"id":'), { fin: false }), wsFrame(0x1, Buffer.from('1}'))],
    [up(), ...Array.from({ length: 200 }, () => wsFrame(0x1, Buffer.from('x'.repeat(1000)), { fin: false }))],
    [up(), wsFrame(0x1, Buffer.alloc(8), { declaredLength: 2 ** 31 })],
    [up(), wsFrame(0x1, Buffer.alloc(8), { declaredLength: 70 * 1024 })],
    [up(), Buffer.concat(Array.from({ length: 2000 }, () => wsFrame(0x9, Buffer.from('ping'))))],
    [up(), Buffer.concat(Array.from({ length: 500 }, () => wsFrame(0xa, Buffer.alloc(0))))],
    [up(), wsFrame(0x9, Buffer.alloc(126))],
    [up(), wsFrame(0x9, Buffer.from('x'), { fin: false })],
    [up(), wsFrame(0x1, Buffer.from(call), { mask: false })],
    [up(), Buffer.from([0xf1, 0x80, 1, 2, 3, 4])],
    [up(), Buffer.from([0x83, 0x80, 1, 2, 3, 4])],
    [up(), wsFrame(0x8, Buffer.from([0x03, 0xe7]))],
    [up(), wsFrame(0x8, Buffer.from([0x0b, 0xb8, 0xff, 0xfe]))],
    [up(), wsFrame(0x8, Buffer.from([0x01]))],
    [up(), wsFrame(0x1, Buffer.from(call)).subarray(0, 5)],
    [up(), wsFrame(0x1, Buffer.alloc(60 * 1024, 0x20)).subarray(0, 30 * 1024)],
    [up(), Buffer.from([0x81])],
    [up(), crypto.randomBytes(4096)],
    [upgradeRequest(hostOf(t), 'http://evil.example')],
    [upgradeRequest(hostOf(t), t.host().origin, '/contract?csrf=' + '%00'.repeat(100))],
    [upgradeRequest(hostOf(t), t.host().origin).replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 99')],
    [upgradeRequest(hostOf(t), t.host().origin).replace(/Sec-WebSocket-Key: .*\r\n/, 'Sec-WebSocket-Key: short\r\n')],
    [upgradeRequest(hostOf(t), t.host().origin).replace('\r\n\r\n', '\r\nCookie: bedside_session=forged\r\n\r\n')],
  ];
}

/** JSON messages with a wrong type in every position, and for every channel inputs of every wrong type (ids far from the test client's own). */
function jsonMessages(channels: string[]): string[] {
  const values = ['null', 'true', '1.5', '-1', '1e309', '"s"', '[]', '{}', '{"toString":1}', '{"__proto__":{"admin":true}}', '[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]', `"${'x'.repeat(5000)}"`];
  const out: string[] = ['null', '1', '"text"', '[]', '[1,2]', '{}', '{"id":900001}', `{"id":${'9'.repeat(400)}}`, '{"id":900001,"channel":"app.info","input":{}}garbage', '{"id":900001,"channel":"app.info","input":{}', '\u0000', ''];
  for (const v of values) {
    out.push(`{"id":${v},"channel":"app.info","input":{}}`);
    out.push(`{"id":900001,"channel":${v},"input":{}}`);
    out.push(`{"id":900001,"channel":"app.info","input":${v}}`);
  }
  out.push(`{"id":900001,"channel":"app.info","input":${'['.repeat(5000)}${']'.repeat(5000)}}`);
  out.push(`{"id":900001,"channel":"app.info","input":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`);
  for (const c of channels) for (const v of ['null', '1', '"s"', '[]', 'true', '{"toString":1,"valueOf":1}']) out.push(`{"id":900002,"channel":"${c}","input":${v}}`);
  return out;
}

/** Sends raw JSON messages on one WebSocket and waits for an answer to each (or for the socket to close). */
async function sendJson(ws: WsTestClient, messages: string[], label: string): Promise<void> {
  for (const m of messages) {
    ws.sendRaw(m);
    tried++;
  }
  // A call after all of them: its answer means every earlier message was read and answered.
  const last = await Promise.race([ws.call('app.info', {}), new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: { code: 'no answer within 10 s' } }), 10_000))]);
  expect(last, `${label}: ${JSON.stringify(last)}`).toMatchObject({ ok: true });
}

for (const t of [plain, secure]) {
  describe(`host fuzz over ${t.name}`, () => {
    it('request lines', async () => {
      const answers = await send(t, requestLines(t));
      expect(answers.every((a) => statusOf(a) !== 500)).toBe(true);
      await assertHealthy(t);
    });

    it('paths: NUL, %00, overlong UTF-8, .., backslashes, absolute, 8 KB', async () => {
      const answers = await send(t, paths(t));
      for (const a of answers) expect([0, 200, 400, 401, 404, 414, 431]).toContain(statusOf(a));
      await assertHealthy(t);
    });

    it('headers: missing, duplicated, huge, invalid', async () => {
      const answers = await send(t, headers(t));
      expect(answers.every((a) => statusOf(a) !== 500)).toBe(true);
      await assertHealthy(t);
    });

    it('WebSocket frames: invalid UTF-8, binary, fragmented, oversized, control floods, closing mid-frame', async () => {
      await send(t, wsCases(t), 300);
      await assertHealthy(t);
    });

    it('JSON with non-string and non-object fields in every position, signed out and signed in', async () => {
      const channels = h.bedside.router.channelNames();
      const messages = jsonMessages(channels);
      const host = t.host();
      const url = `${host.origin.replace(/^http/, 'ws')}/contract`;
      const tlsOpt = t === secure ? { ca: tlsCa } : {};
      // Signed out: a fresh connection per 15 messages (the anonymous rate is 20 at once, then 5 a second).
      for (let i = 0; i < 60; i += 15) {
        const anon = await connectWs(url, host.origin, null, tlsOpt);
        await sendJson(anon, messages.slice(i, i + 15), `signed out, messages ${i}–${i + 14}`);
        anon.close();
      }
      // Signed in over the socket, as the screens do: every message, every channel.
      const ws = await connectWs(url, host.origin, null, tlsOpt);
      expect(await ws.call('auth.signIn', { username: HARNESS_USER.username, password: HARNESS_USER.password })).toMatchObject({ ok: true });
      // In chunks of 40: a page has at most 64 calls running at once (more are refused, not queued).
      for (let i = 0; i < messages.length; i += 40) await sendJson(ws, messages.slice(i, i + 40), `signed in, messages ${i}–${i + 39}`);
      ws.close();
      await assertHealthy(t);
    });
  });
}

describe('TLS specifics', () => {
  it('plain HTTP, a truncated ClientHello and random bytes on the TLS port', async () => {
    const port = Number(new URL(tlsHost.origin).port);
    const clientHelloStart = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);
    await send({ ...plain, addr: () => ({ port }) }, [`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`, clientHelloStart, crypto.randomBytes(3000), Buffer.alloc(10, 0x16)]);
    await assertHealthy(secure);
  });
});
