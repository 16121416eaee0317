/**
 * The browser host: serves the built renderer and the contract over HTTP + WebSocket, running
 * the same services, validation and permission checks as the desktop app. Loopback only unless
 * the admin allows the network explicitly, and then only over TLS (see docs/security.md).
 *
 * Sessions: a WebSocket connection signs in with `auth.signIn` over the socket, or starts signed
 * in from the HttpOnly session cookie set by `POST /auth/session`, presented on the upgrade
 * together with the session's CSRF token (`/contract?csrf=…`). Every upgrade must come from a
 * page of this host (Origin checked against the exact origins it serves).
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Bedside } from '../app/createBedside';
import type { AuthService } from '../services/auth/authService';
import { isBedsideError } from '../services/errors';
import { MAX_WIRE_MESSAGE_BYTES, type WireMessage, type WireRequest } from '../ipc/wireProtocol';
import { rendererCsp } from './contentSecurity';
import { isLoopback } from './loopback';
import { RateLimiter } from './rateLimit';
import { handleFileRoute } from './fileRoutes';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/** Channels that try a password: limited per client address on top of the per-account lockout. */
export const PASSWORD_CHANNELS = new Set(['auth.signIn', 'auth.unlock', 'auth.changePassword', 'auth.setupAdmin']);

export interface BrowserHostOptions {
  port: number;
  host: string;
  rendererDir: string;
  /** Certificate and key: serve HTTPS/WSS. Required beyond loopback. */
  tls?: { cert: string; key: string };
  /** The admin's explicit permission to serve beyond this computer (`--allow-network`). */
  allowNetwork?: boolean;
  /** Password attempts per client address: burst and refill per minute (default 10 and 10). */
  passwordAttempts?: { burst: number; perMinute: number };
}

export interface RunningBrowserHost {
  url: string;
  origin: string;
  close: () => Promise<void>;
}

/** The origins a page served by this host can have. */
export function allowedOrigins(host: string, port: number, scheme: 'http' | 'https' = 'http'): string[] {
  const names = host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : [host.includes(':') ? `[${host}]` : host];
  return names.map((n) => `${scheme}://${n}:${port}`);
}

/** Why a binding is refused, or null: beyond loopback needs the explicit setting and TLS. */
export function bindingProblem(options: Pick<BrowserHostOptions, 'host' | 'tls' | 'allowNetwork'>): string | null {
  if (isLoopback(options.host)) return null;
  if (!options.allowNetwork) {
    return `Bedside serves only this computer by default. To serve other computers on the clinic network at ${options.host}, start it with --allow-network (sign-in and TLS are then required).`;
  }
  if (!options.tls) return `Serving beyond this computer (${options.host}) needs TLS: give --tls-cert and --tls-key, or let Bedside generate a certificate (the default with --allow-network).`;
  return null;
}

/** The session cookie's name: the `__Host-` prefix (Secure, whole site, no Domain) when served over TLS. */
export function sessionCookieName(tls: boolean): string {
  return tls ? '__Host-bedside_session' : 'bedside_session';
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over TLS; no Max-Age (ends with the browser). */
export function sessionCookie(name: string, value: string, tls: boolean, clear = false): string {
  return [`${name}=${clear ? '' : value}`, 'HttpOnly', 'SameSite=Strict', 'Path=/', ...(tls ? ['Secure'] : []), ...(clear ? ['Max-Age=0'] : [])].join('; ');
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  socket.destroy();
}

/** Starts serving; resolves once the port is bound. */
export async function startBrowserHost(bedside: Bedside, options: BrowserHostOptions, trustedOrigins: Set<string>): Promise<RunningBrowserHost> {
  const problem = bindingProblem(options);
  if (problem) throw new Error(problem);
  const tls = Boolean(options.tls);
  const scheme = tls ? 'https' : 'http';
  const auth = bedside.container.get<AuthService>('auth');
  const cookieName = sessionCookieName(tls);
  const attempts = options.passwordAttempts ?? { burst: 10, perMinute: 10 };
  const perAddress = new RateLimiter(attempts.burst, attempts.perMinute);
  // Origins of this very server, fixed once the port is known (the shared set may grow, never these).
  const ownOrigins = new Set<string>();
  const ownHosts = new Set<string>();

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (!ownHosts.has(req.headers.host ?? '')) {
      // A page reached through another name (DNS rebinding) gets nothing.
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This Bedside host does not serve that name.');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname.startsWith('/auth/')) {
      void handleSessionEndpoint(req, res, url.pathname).catch(() => {
        if (!res.headersSent) res.writeHead(500, securityHeaders(tls)).end();
      });
      return;
    }
    if (handleFileRoute(req, res, url.pathname, bedside.transfers, ownOrigins, securityHeaders(tls))) return;
    serveStatic(req, res, options.rendererDir, trustedOrigins, tls);
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, onRequest) : http.createServer(onRequest);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE_BYTES });
  let nextConnection = 1;

  const clientAddress = (req: http.IncomingMessage): string => (req.socket as Socket).remoteAddress ?? 'unknown';

  /** POST /auth/session (sign in, sets the cookie), GET /auth/session (the CSRF token after a reload), DELETE /auth/session (sign out). */
  const handleSessionEndpoint = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> => {
    const headers = { ...securityHeaders(tls), 'Content-Type': 'application/json; charset=utf-8' };
    const json = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      res.writeHead(status, { ...headers, ...extra }).end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string): void => json(status, { ok: false, error: { code, message } });
    if (pathname !== '/auth/session') return error(404, 'not-found', 'Not found');
    const origin = req.headers.origin;
    // Writes need this host's own Origin; reads of the CSRF token are protected by the same-origin policy (no CORS headers).
    if (req.method !== 'GET' && (!origin || !ownOrigins.has(origin))) return error(403, 'forbidden-sender', 'This request did not come from a Bedside page, so it was refused.');
    if (req.method === 'GET' && origin && !ownOrigins.has(origin)) return error(403, 'forbidden-sender', 'This request did not come from a Bedside page, so it was refused.');
    const token = readCookie(req.headers.cookie, cookieName);
    if (req.method === 'GET') {
      const csrfToken = token ? auth.csrfForCookie(token) : null;
      return csrfToken ? json(200, { ok: true, csrfToken }) : error(401, 'unauthenticated', 'Sign in to use Bedside.');
    }
    if (req.method === 'DELETE') {
      if (token) auth.signOutCookie(token);
      return json(200, { ok: true }, { 'Set-Cookie': sessionCookie(cookieName, '', tls, true) });
    }
    if (req.method !== 'POST') return error(405, 'invalid-input', 'Use POST to sign in.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return error(415, 'invalid-input', 'Sign-in requests are JSON.');
    const address = clientAddress(req);
    if (!perAddress.take(address)) {
      return json(429, { ok: false, error: { code: 'too-many-attempts', message: `Too many sign-in attempts from this computer. Wait ${perAddress.retryAfterSeconds(address)} seconds and try again.` } }, { 'Retry-After': String(perAddress.retryAfterSeconds(address)) });
    }
    const body = await readBody(req, 8 * 1024);
    let input: { username?: unknown; password?: unknown };
    try {
      input = JSON.parse(body ?? '') as typeof input;
    } catch {
      return error(400, 'invalid-input', 'The sign-in request was not valid.');
    }
    if (typeof input?.username !== 'string' || typeof input.password !== 'string' || input.username.length > 200 || input.password.length > 1024) {
      return error(400, 'invalid-input', 'Give a user name and a password.');
    }
    try {
      const session = await auth.signInForCookie(input.username, input.password, `http:${address}`);
      json(200, { ok: true, csrfToken: session.csrfToken }, { 'Set-Cookie': sessionCookie(cookieName, session.token, tls) });
    } catch (e) {
      if (isBedsideError(e)) return error(e.code === 'too-many-attempts' ? 429 : 401, e.code, e.message);
      throw e;
    }
  };

  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin ?? '';
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname !== '/contract' || !trustedOrigins.has(origin) || !ownHosts.has(req.headers.host ?? '')) return refuseUpgrade(socket, '403 Forbidden');
    const connectionId = `ws-${nextConnection++}`;
    const cookie = readCookie(req.headers.cookie, cookieName);
    if (cookie) {
      // A cookie alone proves nothing about the page: the CSRF token must come with it.
      const csrf = url.searchParams.get('csrf') ?? '';
      if (!auth.attachCookieSession(`ws:${connectionId}`, cookie, csrf)) return refuseUpgrade(socket, '403 Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, origin, connectionId, clientAddress(req)));
  });

  const attach = (ws: WebSocket, origin: string, connectionId: string, address: string): void => {
    const send = (m: WireMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    const unsubscribe = bedside.events.subscribe((name, payload) => {
      // Events carry patient ids: only connections with a session that is not locked receive them.
      if (auth.sessionFor(`ws:${connectionId}`)?.state === 'active') send({ kind: 'event', name, payload });
    });
    ws.on('close', () => {
      unsubscribe();
      auth.endConnection(`ws:${connectionId}`);
    });
    ws.on('message', async (data, isBinary) => {
      let request: WireRequest;
      try {
        if (isBinary) throw new Error('binary');
        request = JSON.parse(data.toString()) as WireRequest;
        if (typeof request !== 'object' || request === null || typeof request.id !== 'number') throw new Error('shape');
      } catch {
        send({ kind: 'result', id: -1, result: { ok: false, error: { code: 'invalid-input', message: 'The message was not a Bedside request; it was ignored.' } } });
        return;
      }
      if (typeof request.channel === 'string' && PASSWORD_CHANNELS.has(request.channel) && !perAddress.take(address)) {
        const wait = perAddress.retryAfterSeconds(address);
        send({ kind: 'result', id: request.id, result: { ok: false, error: { code: 'too-many-attempts', message: `Too many password attempts from this computer. Wait ${wait} seconds and try again.` } } });
        return;
      }
      const result = await bedside.router.invoke({ transport: 'ws', senderUrl: origin, connectionId }, request.channel, request.input);
      send({ kind: 'result', id: request.id, result });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  for (const o of allowedOrigins(options.host, port, scheme)) {
    trustedOrigins.add(o);
    ownOrigins.add(o);
    ownHosts.add(new URL(o).host);
  }
  const origin = `${scheme}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

/** Headers every response of the browser host carries. */
export function securityHeaders(tls: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
    ...(tls ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}

function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, rendererDir: string, trustedOrigins: Set<string>, tls: boolean): void {
  const headers = securityHeaders(tls);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://host');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400, headers).end();
    return;
  }
  if (rel === '/' || !path.extname(rel)) rel = '/index.html';
  const file = path.resolve(rendererDir, `.${rel}`);
  if (!file.startsWith(path.resolve(rendererDir) + path.sep)) {
    res.writeHead(404, headers).end();
    return;
  }
  fs.readFile(file, (err, body) => {
    if (err) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(
        rel === '/index.html' ? 'The Bedside screens have not been built. Run "npm run build" first.' : 'Not found',
      );
      return;
    }
    const wsOrigins = [...trustedOrigins].map((o) => o.replace(/^http/, 'ws')).join(' ');
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': rendererCsp({ wsOrigin: wsOrigins }),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}
