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
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { Bedside } from '../app/createBedside';
import type { AuthService } from '../services/auth/authService';
import { isBedsideError } from '../services/errors';
import type { WireMessage } from '../ipc/wireProtocol';
import { mayReceiveEvent } from '../ipc/events';
import { rendererCsp } from './contentSecurity';
import { clientKey, isLoopback } from './loopback';
import { RateLimiter } from './rateLimit';
import { acceptedHosts, acceptedOrigins, canonicalHostName, isWildcard, normaliseHostHeader, servedNames } from './hostNames';
import { ConnectionCounter, DEFAULT_HOST_LIMITS, MessageBucket, type HostLimits } from './hostLimits';
import { parseRequestTarget } from './requestTarget';
import { handleFileRoute } from './fileRoutes';
import type { CdsService } from '../services/cds/cdsService';
import type { RecordsService } from '../services/records/recordsService';
import { FhirRest } from '../services/records/fhirRest';
import { APP_VERSION } from '../app/version';
import type { ApiContext } from './apiAccess';
import { BearerVerifier } from './bearerJwt';
import { BulkExports } from './bulkExports';
import { handleCdsHooksRoute } from './cdsHooksRoutes';
import { handleFhirRoute } from './fhirRoutes';
import { InteropClients } from './interopClients';

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
  /** Names and addresses the workstations use to reach this host (`--public-name`); needed when binding every interface. */
  publicNames?: readonly string[];
  /** Limits before and after sign-in (defaults: DEFAULT_HOST_LIMITS, stated in docs/security.md). */
  limits?: Partial<HostLimits>;
  /** Where failures of the host itself are logged (never with patient data); default console.error. */
  log?: (message: string) => void;
}

export interface RunningBrowserHost {
  url: string;
  origin: string;
  /** Every origin a page of this host may have (its names × its port). */
  origins: string[];
  close: () => Promise<void>;
  /** What the host holds now (open WebSocket connections), for tests and the log. */
  stats: () => { connections: number; handlerFailures: number };
}

/** The origins a page served by this host can have. */
export function allowedOrigins(host: string, port: number, scheme: 'http' | 'https' = 'http', publicNames: readonly string[] = []): string[] {
  return acceptedOrigins(servedNames(host, publicNames), port, scheme);
}

/** Why a binding is refused, or null: beyond loopback needs the explicit setting and TLS, and a wildcard address needs the public names. */
export function bindingProblem(options: Pick<BrowserHostOptions, 'host' | 'tls' | 'allowNetwork' | 'publicNames'>): string | null {
  if (isLoopback(options.host)) return null;
  if (!options.allowNetwork) {
    return `Bedside serves only this computer by default. To serve other computers on the clinic network at ${options.host}, start it with --allow-network (sign-in and TLS are then required).`;
  }
  if (!options.tls) return `Serving beyond this computer (${options.host}) needs TLS: give --tls-cert and --tls-key, or let Bedside generate a certificate (the default with --allow-network).`;
  if (isWildcard(options.host) && !options.publicNames?.length) {
    return `Listening on every network interface (${options.host}) needs the names the workstations use to reach this computer: add --public-name with its DNS name and/or IP addresses, separated by commas (for example --public-name bedside.clinic.lan,192.168.10.5).`;
  }
  return null;
}

/** A short description of an error for the host's log: its kind, code and first code location, never its message (it can quote what a client sent). */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const code = (e as NodeJS.ErrnoException).code;
  const at = (e.stack ?? '').split('\n').find((l) => l.trim().startsWith('at '))?.trim() ?? '';
  return `${e.name}${code ? ` ${code}` : ''}${at ? ` ${at.slice(0, 160)}` : ''}`;
}

const noop = (): void => undefined;

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

function refuseUpgrade(socket: Duplex, status: string, extra = ''): void {
  try {
    if (socket.writable) socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${extra}\r\n`);
  } catch {
    // The client went away; nothing to tell it.
  }
  socket.destroy();
}

/** Sets the largest message the `ws` receiver of one connection accepts (raised after sign-in, lowered after sign-out). */
function setMaxPayload(ws: WebSocket, bytes: number): void {
  const receiver = (ws as unknown as { _receiver?: { _maxPayload?: number } })._receiver;
  if (receiver && typeof receiver._maxPayload === 'number') receiver._maxPayload = bytes;
}

/** Whether a parsed message is a request: a plain object with a safe integer id (the router checks the rest). */
function requestShape(value: unknown): { id: number; channel: unknown; input: unknown } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'number' || !Number.isSafeInteger(r.id)) return null;
  return { id: r.id, channel: r.channel, input: r.input };
}

/** Starts serving; resolves once the port is bound. */
export async function startBrowserHost(bedside: Bedside, options: BrowserHostOptions, trustedOrigins: Set<string>): Promise<RunningBrowserHost> {
  const problem = bindingProblem(options);
  if (problem) throw new Error(problem);
  const tls = Boolean(options.tls);
  const scheme = tls ? 'https' : 'http';
  const log = options.log ?? ((m: string) => console.error(m));
  const limits: HostLimits = { ...DEFAULT_HOST_LIMITS, ...options.limits };
  const auth = bedside.container.get<AuthService>('auth');
  const cookieName = sessionCookieName(tls);
  const attempts = options.passwordAttempts ?? { burst: 10, perMinute: 10 };
  const perAddress = new RateLimiter(attempts.burst, attempts.perMinute);
  const connections = new ConnectionCounter(limits);
  const refused = (reason: string): void => bedside.refusals.add(reason);
  let handlerFailures = 0;
  // Origins of this very server, fixed once the port is known (the shared set may grow, never these).
  const ownOrigins = new Set<string>();
  let ownHosts = new Set<string>();

  /** Any handler that throws ends here: logged (no request content), answered, and the host goes on. */
  const failed = (where: string, e: unknown): void => {
    handlerFailures++;
    try {
      log(`Browser host: the ${where} handler failed (${describeError(e)}); the request was refused and the host goes on.`);
    } catch {
      // Not even the log may stop the host.
    }
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    req.on('error', noop);
    res.on('error', noop);
    try {
      handleRequest(req, res);
    } catch (e) {
      failed('HTTP request', e);
      try {
        if (!res.headersSent) res.writeHead(500, securityHeaders(tls)).end();
        else res.destroy();
      } catch {
        res.destroy();
      }
    }
  };

  // System-to-system APIs (docs/interop.md): CDS Hooks and FHIR, for registered clients with a bearer JWT.
  const apiContext: ApiContext = {
    verifier: new BearerVerifier(new InteropClients(bedside.paths.dataDir)),
    audit: bedside.securityAudit,
    refusals: bedside.refusals,
    ownOrigins,
    headers: securityHeaders(tls),
    failed,
  };
  const records = (): RecordsService => bedside.container.get<RecordsService>('records');
  const fhirRest = new FhirRest(() => records().database);
  const bulkExports = new BulkExports(path.join(bedside.paths.dataDir, 'interop-exports'), records);
  const fhirContext = { ...apiContext, version: APP_VERSION, baseFor: (req: http.IncomingMessage): string => `${scheme}://${normaliseHostHeader(req.headers.host)}/fhir` };

  const handleRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (!ownHosts.has(normaliseHostHeader(req.headers.host))) {
      // A page reached through another name (DNS rebinding) gets nothing.
      refused('http 421');
      res.writeHead(421, { ...securityHeaders(tls), 'Content-Type': 'text/plain; charset=utf-8' }).end('This Bedside host does not serve that name.');
      return;
    }
    const target = parseRequestTarget(req.url);
    if (!target) {
      refused('http 400');
      res.writeHead(400, { ...securityHeaders(tls), 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('Bedside could not read this request.');
      return;
    }
    if (target.decodedPath.startsWith('/auth/')) {
      void handleSessionEndpoint(req, res, target.decodedPath).catch((e: unknown) => {
        failed('sign-in', e);
        if (!res.headersSent) res.writeHead(500, securityHeaders(tls)).end();
      });
      return;
    }
    if (handleCdsHooksRoute(req, res, target.pathname, () => bedside.container.get<CdsService>('cds'), apiContext)) return;
    if (handleFhirRoute(req, res, target, () => fhirRest, bulkExports, fhirContext)) return;
    if (handleFileRoute(req, res, target.pathname, bedside.transfers, ownOrigins, securityHeaders(tls))) return;
    serveStatic(req, res, target.decodedPath, options.rendererDir, trustedOrigins, tls, (e) => failed('file', e));
  };
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2', headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs }, onRequest)
    : http.createServer({ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs }, onRequest);
  server.maxConnections = limits.maxSockets;
  // Every socket gets an error listener: a reset or a protocol error is one client's problem.
  server.on('connection', (socket: Socket) => socket.on('error', noop));
  server.on('secureConnection', (socket: Socket) => socket.on('error', noop));
  server.on('tlsClientError', (_e: Error, socket: Duplex) => {
    refused('tls handshake');
    socket.destroy();
  });
  server.on('clientError', (_e: Error, socket: Duplex) => {
    refused('http malformed');
    refuseUpgrade(socket, '400 Bad Request');
  });
  server.on('error', (e) => failed('server', e));
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.anonymousFrameBytes, perMessageDeflate: false });
  wss.on('error', (e) => failed('WebSocket server', e));
  let nextConnection = 1;

  const clientAddress = (req: http.IncomingMessage): string => (req.socket as Socket).remoteAddress ?? 'unknown';

  /** POST /auth/session (sign in, sets the cookie), GET /auth/session (the CSRF token after a reload), DELETE /auth/session (sign out). */
  const handleSessionEndpoint = async (req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> => {
    const headers = { ...securityHeaders(tls), 'Content-Type': 'application/json; charset=utf-8' };
    const json = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      res.writeHead(status, { ...headers, ...extra }).end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string): void => {
      if (status >= 400 && status !== 401) refused(`http ${status}`);
      json(status, { ok: false, error: { code, message } });
    };
    if (pathname !== '/auth/session') return error(404, 'not-found', 'Not found');
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
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
    const client = clientKey(address);
    if (!perAddress.take(client)) {
      refused('http 429');
      return json(429, { ok: false, error: { code: 'too-many-attempts', message: `Too many sign-in attempts from this computer. Wait ${perAddress.retryAfterSeconds(client)} seconds and try again.` } }, { 'Retry-After': String(perAddress.retryAfterSeconds(client)) });
    }
    const body = await readBody(req, 8 * 1024);
    let input: unknown;
    try {
      input = JSON.parse(body ?? '');
    } catch {
      return error(400, 'invalid-input', 'The sign-in request was not valid.');
    }
    const fields = typeof input === 'object' && input !== null ? (input as { username?: unknown; password?: unknown }) : {};
    if (typeof fields.username !== 'string' || typeof fields.password !== 'string' || fields.username.length > 200 || fields.password.length > 1024) {
      return error(400, 'invalid-input', 'Give a user name and a password.');
    }
    try {
      const session = await auth.signInForCookie(fields.username, fields.password, `http:${address}`, { local: isLoopback(address) });
      json(200, { ok: true, csrfToken: session.csrfToken }, { 'Set-Cookie': sessionCookie(cookieName, session.token, tls) });
    } catch (e) {
      if (isBedsideError(e)) return error(e.code === 'too-many-attempts' ? 429 : 401, e.code, e.message);
      throw e;
    }
  };

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', noop);
    try {
      handleUpgrade(req, socket, head);
    } catch (e) {
      failed('WebSocket upgrade', e);
      refuseUpgrade(socket, '500 Internal Server Error');
    }
  });

  const handleUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : '';
    const target = parseRequestTarget(req.url);
    if (!target) {
      refused('upgrade 400');
      return refuseUpgrade(socket, '400 Bad Request');
    }
    if (target.pathname !== '/contract' || !trustedOrigins.has(origin) || !ownHosts.has(normaliseHostHeader(req.headers.host))) {
      refused('upgrade 403');
      return refuseUpgrade(socket, '403 Forbidden');
    }
    const address = clientAddress(req);
    const client = clientKey(address);
    if (!connections.open(client)) {
      refused('upgrade 503 connection cap');
      return refuseUpgrade(socket, '503 Service Unavailable', 'Retry-After: 10\r\n');
    }
    // The place is given back whenever this socket closes, whatever happens next.
    socket.once('close', () => connections.close(client));
    const connectionId = `ws-${nextConnection++}`;
    const cookie = readCookie(req.headers.cookie, cookieName);
    if (cookie) {
      // A cookie alone proves nothing about the page: the CSRF token must come with it.
      const csrf = target.searchParams.get('csrf') ?? '';
      if (!auth.attachCookieSession(`ws:${connectionId}`, cookie, csrf)) {
        refused('upgrade 403 cookie');
        return refuseUpgrade(socket, '403 Forbidden');
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        attach(ws, origin, connectionId, address);
      } catch (e) {
        failed('WebSocket attach', e);
        ws.terminate();
      }
    });
  };

  const attach = (ws: WebSocket, origin: string, connectionId: string, address: string): void => {
    const key = `ws:${connectionId}`;
    const client = clientKey(address);
    const bucket = new MessageBucket(limits.anonymousRate);
    let signedIn = false;
    let inFlight = 0;
    let refusedInRow = 0;
    const send = (m: WireMessage): void => {
      try {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
      } catch (e) {
        failed('WebSocket send', e);
      }
    };
    /** Frame size and message rate follow the session: small and slow before sign-in, the channel limits after. */
    const applyLimits = (): void => {
      const now = auth.sessionFor(key) !== null;
      if (now === signedIn) return;
      signedIn = now;
      setMaxPayload(ws, now ? limits.signedInFrameBytes : limits.anonymousFrameBytes);
      bucket.setRate(now ? limits.signedInRate : limits.anonymousRate);
    };
    applyLimits();
    const unsubscribe = bedside.events.subscribe((name, payload) => {
      // Events carry patient ids: only sessions the permission table lets read the same thing receive them.
      if (mayReceiveEvent(name, payload, auth.sessionFor(key))) send({ kind: 'event', name, payload });
    });
    ws.on('error', (e: Error & { code?: string }) => {
      // Protocol errors (invalid UTF-8, a frame over the limit, a bad opcode): ws closes the connection with the matching code.
      if (!signedIn) refused(`ws ${e.code ?? 'error'}`);
    });
    ws.on('close', () => {
      try {
        unsubscribe();
        auth.endConnection(key);
      } catch (e) {
        failed('WebSocket close', e);
      }
    });
    /** Refuses a message the router never saw (too fast, not a request); many in a row close the connection. */
    const refuse = (id: number, code: string, message: string): void => {
      // After sign-in only malformed messages count: a busy page is slowed down, never disconnected.
      if (!signedIn || code === 'invalid-input') refusedInRow++;
      if (!signedIn) refused(`ws ${code}`);
      if (refusedInRow >= limits.closeAfterRefusals) {
        ws.close(1008, 'Too many refused messages');
        return;
      }
      send({ kind: 'result', id, result: { ok: false, error: { code, message } } });
    };
    const onMessage = async (data: RawData, isBinary: boolean): Promise<void> => {
      let request: { id: number; channel: unknown; input: unknown } | null = null;
      if (!isBinary) {
        try {
          request = requestShape(JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8')));
        } catch {
          request = null;
        }
      }
      if (!bucket.take() || inFlight >= limits.maxInFlightPerConnection) {
        return refuse(request?.id ?? -1, 'too-many-attempts', 'This connection sent too many requests at once; wait a moment and try again. Nothing was done.');
      }
      if (!request) return refuse(-1, 'invalid-input', 'The message was not a Bedside request; it was ignored.');
      if (typeof request.channel === 'string' && PASSWORD_CHANNELS.has(request.channel) && !perAddress.take(client)) {
        const wait = perAddress.retryAfterSeconds(client);
        return refuse(request.id, 'too-many-attempts', `Too many password attempts from this computer. Wait ${wait} seconds and try again.`);
      }
      inFlight++;
      let result: unknown;
      try {
        result = await bedside.router.invoke({ transport: 'ws', senderUrl: origin, connectionId, clientAddress: address }, request.channel, request.input);
      } finally {
        inFlight--;
      }
      // Refused calls count towards closing only before sign-in: a signed-in page polling while locked must keep its connection.
      if ((result as { ok?: unknown }).ok !== false) refusedInRow = 0;
      else if (!signedIn) refusedInRow++;
      applyLimits();
      send({ kind: 'result', id: request.id, result });
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      onMessage(data, isBinary).catch((e: unknown) => {
        failed('WebSocket message', e);
        ws.close(1011, 'Internal error');
      });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const names = servedNames(options.host, options.publicNames ?? []);
  ownHosts = acceptedHosts(names, port, scheme);
  const origins = acceptedOrigins(names, port, scheme);
  for (const o of origins) {
    trustedOrigins.add(o);
    ownOrigins.add(o);
  }
  // The address to print: the bound one, or the first public name when every interface is bound.
  const preferred = isWildcard(options.host) ? canonicalHostName(options.publicNames![0]!) : canonicalHostName(options.host);
  const origin = acceptedOrigins([preferred], port, scheme)[0]!;
  return {
    url: `${origin}/`,
    origin,
    origins,
    stats: () => ({ connections: connections.size, handlerFailures }),
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

function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, decodedPath: string, rendererDir: string, trustedOrigins: Set<string>, tls: boolean, onFailure: (e: unknown) => void): void {
  const headers = securityHeaders(tls);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  let rel = decodedPath;
  if (rel === '/' || !path.extname(rel)) rel = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(404, headers).end();
    return;
  }
  const notFound = (): void => {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(rel === '/index.html' ? 'The Bedside screens have not been built. Run "npm run build" first.' : 'Not found');
  };
  fs.readFile(file, (err, body) => {
    try {
      if (err) return notFound();
      const wsOrigins = [...trustedOrigins].map((o) => o.replace(/^http/, 'ws')).join(' ');
      res.writeHead(200, {
        ...headers,
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': rendererCsp({ wsOrigin: wsOrigins }),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      onFailure(e);
      if (!res.headersSent) res.writeHead(500, headers).end();
    }
  });
}
