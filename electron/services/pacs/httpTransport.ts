/**
 * One HTTP(S) request to the PACS with node:http/https: the clinic's CA, basic or bearer
 * authentication, one deadline for the whole exchange (connect to last byte), a size cap, and
 * network failures turned into messages for clinic IT.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { PacsError } from './pacsError';
import type { PacsSettings } from './pacsSettings';

/** The most one answer may hold (a large series retrieved at once). */
export const MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path and query below the base URL, starting with '/'. */
  path: string;
  accept: string;
  body?: Buffer;
  contentType?: string;
}

/** The Authorization header the settings ask for, if any. */
function authorization(settings: PacsSettings): string | undefined {
  const a = settings.auth;
  if (a.type === 'basic') return `Basic ${Buffer.from(`${a.username}:${a.password}`, 'utf8').toString('base64')}`;
  if (a.type === 'bearer') return `Bearer ${a.token}`;
  return undefined;
}

/** What a socket error means to clinic IT. */
function networkMessage(error: NodeJS.ErrnoException, host: string): string {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return `The PACS at ${host} refused the connection: it is not running or not listening on that port. Check the PACS and the address in the PACS settings.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `The PACS name ${host} could not be found on the network. Check the address in the PACS settings and the clinic's name server.`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `The PACS at ${host} cannot be reached from this computer (no route). Check the network cable or Wi-Fi and the address in the PACS settings.`;
  if (code === 'ECONNRESET' || code === 'EPIPE') return `The PACS at ${host} closed the connection before answering. Try again; if it keeps happening, check the PACS's log.`;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|SSL/i.test(code) || /certificate/i.test(error.message))
    return `The PACS at ${host} presented a certificate this computer does not trust (${code || error.message}). Set the clinic's certificate authority file in the PACS settings (caFile), or check the PACS's certificate and name.`;
  return `The connection to the PACS at ${host} failed (${code || error.message}). Check the network and the PACS settings.`;
}

/** Sends one request; resolves with any HTTP status, rejects with a PacsError on network failure or timeout. */
export function sendRequest(settings: PacsSettings, req: HttpRequest): Promise<HttpAnswer> {
  const base = new URL(settings.baseUrl);
  const url = new URL(base.pathname.replace(/\/$/, '') + req.path, base);
  const host = base.host;
  const timeoutMs = settings.timeoutSeconds * 1000;
  const headers: Record<string, string> = { accept: req.accept };
  const auth = authorization(settings);
  if (auth) headers.authorization = auth;
  if (req.body) {
    headers['content-type'] = req.contentType ?? 'application/octet-stream';
    headers['content-length'] = String(req.body.length);
  }
  let ca: Buffer | undefined;
  if (settings.caFile) {
    try {
      ca = fs.readFileSync(settings.caFile);
    } catch (e) {
      return Promise.reject(new PacsError('bad-settings', `Bedside cannot read the PACS certificate authority file ${settings.caFile} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`));
    }
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: PacsError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.destroy();
      reject(e);
    };
    const request = lib.request(url, { method: req.method, headers, ...(ca ? { ca } : {}), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) fail(new PacsError('too-large', `The PACS's answer is larger than ${MAX_RESPONSE_BYTES >> 20} MiB; open a smaller series or one image at a time.`));
        else chunks.push(c);
      });
      res.on('error', (e) => fail(new PacsError('unreachable', networkMessage(e, host))));
      res.on('aborted', () => fail(new PacsError('unreachable', `The PACS at ${host} stopped sending in the middle of its answer. Nothing was kept; try again.`)));
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) return fail(new PacsError('unreachable', `The PACS at ${host} stopped sending in the middle of its answer. Nothing was kept; try again.`));
        settled = true;
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    const deadline = setTimeout(
      () => fail(new PacsError('timeout', `The PACS at ${host} did not answer within ${settings.timeoutSeconds} seconds. Nothing was kept. Try again; if the PACS is often this slow, clinic IT can raise the time limit in the PACS settings.`)),
      timeoutMs,
    );
    request.on('error', (e: NodeJS.ErrnoException) => fail(new PacsError('unreachable', networkMessage(e, host))));
    request.end(req.body);
  });
}
