/**
 * The front door of the host's system-to-system APIs (CDS Hooks under /cds-services, FHIR under
 * /fhir): who is calling (a bearer JWT of a registered client, bearerJwt.ts), whether the
 * permission table lets that client's roles do it, bounded JSON bodies, and JSON answers. The
 * same rules on loopback and on the network: no request does any work before it is authenticated.
 */
import type http from 'node:http';
import type { SecurityAuditSink } from '../services/auth/securityAudit';
import { decide, permissionOf } from '../ipc/permissions';
import type { RefusalTally } from '../ipc/refusalTally';
import { AuthenticationRefused, type BearerVerifier } from './bearerJwt';
import type { InteropClient } from './interopClients';

/** What the API routes need from the host. */
export interface ApiContext {
  verifier: BearerVerifier;
  audit: SecurityAuditSink;
  refusals: RefusalTally;
  /** Origins this host serves (scheme://name:port), for `aud` and the Origin check. */
  ownOrigins: ReadonlySet<string>;
  headers: Record<string, string>;
  failed: (where: string, e: unknown) => void;
}

/** The caller, once authenticated and allowed. */
export interface ApiCaller {
  client: InteropClient;
  /** The audit trail's actor name. */
  actor: string;
}

/** Writes a JSON answer. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string>, contentType = 'application/json; charset=utf-8'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)) }).end(text);
}

/** Refusal before authentication: a page of another site (Origin) or no valid token. Null when the caller is allowed. */
export async function authenticate(req: http.IncomingMessage, ctx: ApiContext, audiences: (origin: string) => string[], channel: string): Promise<ApiCaller | { status: number; message: string; code: string; extra?: Record<string, string> }> {
  const origin = req.headers.origin;
  // Browsers send Origin: a page of another site gets nothing (no CORS headers are ever sent either).
  if (typeof origin === 'string' && !ctx.ownOrigins.has(origin)) {
    ctx.refusals.add('api 403 origin');
    return { status: 403, code: 'forbidden-sender', message: 'This request came from a web page of another site, so it was refused.' };
  }
  let client: InteropClient;
  try {
    client = await ctx.verifier.verify(req.headers.authorization, [...ctx.ownOrigins].flatMap(audiences));
  } catch (e) {
    if (!(e instanceof AuthenticationRefused)) throw e;
    ctx.refusals.add('api 401');
    return { status: 401, code: 'unauthenticated', message: e.message, extra: { 'WWW-Authenticate': 'Bearer' } };
  }
  const actor = `client:${client.iss}`;
  const decision = decide(permissionOf(channel), 'active', client.roles);
  if (!decision.allow) {
    try {
      ctx.audit.record({ actor, action: 'access-denied', target: channel, detail: `${decision.code} (interoperability API, roles ${client.roles.join(',')})` });
    } catch {
      // The refusal stands even when the audit write fails.
    }
    return { status: 403, code: 'forbidden', message: `The client "${client.name}" is registered with the roles ${client.roles.join(', ')}, which may not do this. Clinic IT can change its roles in interop-clients.json.` };
  }
  return { client, actor };
}

/** Reads a JSON body of at most `limit` bytes; a string saying what is wrong otherwise. */
export function readJsonBody(req: http.IncomingMessage, limit: number): Promise<{ value: unknown } | { problem: string; status: number }> {
  return new Promise((resolve) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/(fhir\+)?json\b/i.test(type)) {
      req.resume();
      resolve({ status: 415, problem: 'Send the request body as JSON (Content-Type: application/json).' });
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ status: 413, problem: `The request body is larger than ${Math.round(limit / 1024 / 1024)} MiB.` });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        resolve({ status: 413, problem: `The request body is larger than ${Math.round(limit / 1024 / 1024)} MiB.` });
        req.resume();
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      try {
        resolve({ value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        resolve({ status: 400, problem: 'The request body is not valid JSON.' });
      }
    });
    req.on('error', () => {
      if (!done) resolve({ status: 400, problem: 'The request body could not be read.' });
      done = true;
    });
  });
}

/** A FHIR OperationOutcome with one error issue. */
export function operationOutcome(code: string, diagnostics: string): { resourceType: 'OperationOutcome'; issue: { severity: 'error'; code: string; diagnostics: string }[] } {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}
