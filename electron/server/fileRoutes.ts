/**
 * The browser host's file routes: `GET /files/download/<token>` streams an export or backup the
 * session was offered (once), and `POST /files/upload/<token>` streams a restore or import file
 * into the private slot the session opened with records.uploadSlot (size-capped). The token is
 * the capability: random, single-use, ten minutes; uploads also need this host's Origin.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { isBedsideError } from '../services/errors';
import type { TransferStore } from '../services/transfers/transferStore';

const TOKEN = /^\/files\/(download|upload)\/([A-Za-z0-9_-]{20,128})$/;

/** Serves a /files/ request; false when the path is not one of these routes. */
export function handleFileRoute(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, transfers: TransferStore, ownOrigins: ReadonlySet<string>, headers: Record<string, string>): boolean {
  if (!pathname.startsWith('/files/')) return false;
  const json = (status: number, body: unknown): void => {
    if (!res.headersSent) res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  const fail = (status: number, code: string, message: string): void => json(status, { ok: false, error: { code, message } });
  const m = TOKEN.exec(pathname);
  if (!m) {
    fail(404, 'not-found', 'Not found');
    return true;
  }
  const origin = req.headers.origin;
  // A page of another site may not send or fetch these (downloads from a link carry no Origin).
  if (origin !== undefined && !ownOrigins.has(origin)) {
    fail(403, 'forbidden-sender', 'This request did not come from a Bedside page, so it was refused.');
    return true;
  }
  if (m[1] === 'download') {
    if (req.method !== 'GET') {
      fail(405, 'invalid-input', 'Use GET to download.');
      return true;
    }
    const d = transfers.takeDownload(m[2]!);
    if (!d) {
      fail(404, 'not-found', 'This download link is not valid (it was used already or expired). Export or back up again.');
      return true;
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': String(d.bytes), 'Content-Disposition': `attachment; filename="${d.name}"` });
    const stream = fs.createReadStream(d.file);
    stream.on('error', () => res.destroy());
    res.on('close', d.done);
    stream.pipe(res);
    return true;
  }
  if (req.method !== 'POST' || !origin) {
    fail(req.method !== 'POST' ? 405 : 403, req.method !== 'POST' ? 'invalid-input' : 'forbidden-sender', 'Uploads are POSTed by a Bedside page.');
    return true;
  }
  transfers.receiveUpload(m[2]!, req).then(
    (r) => json(200, { ok: true, bytes: r.bytes }),
    (e: unknown) => {
      fail(isBedsideError(e) && e.code === 'too-large' ? 413 : isBedsideError(e) && e.code === 'not-found' ? 404 : 400, isBedsideError(e) ? e.code : 'invalid-input', isBedsideError(e) ? e.message : 'The upload failed; nothing was kept. Try again.');
      req.resume();
    },
  );
  return true;
}
