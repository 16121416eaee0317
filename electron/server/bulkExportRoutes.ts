/**
 * The Bulk Data `$export` endpoints (FHIR Bulk Data Access 2.0): kick-off `GET /fhir/$export`
 * or `/fhir/Patient/$export` with `Prefer: respond-async` → 202 and `Content-Location`; status
 * `GET /fhir/$export-status/{id}` → 202 with `X-Progress` while running, 200 with the manifest
 * when done, `DELETE` to cancel or clean up; files `GET /fhir/$export-file/{id}/{Type}.ndjson`.
 * All need the client's bearer token and the clinician role (the permission of an export).
 */
import fs from 'node:fs';
import type http from 'node:http';
import { authenticate, operationOutcome, sendJson, type ApiContext } from './apiAccess';
import type { BulkExports } from './bulkExports';

const FHIR_JSON = 'application/fhir+json; fhirVersion=4.0; charset=utf-8';

/** Answers one Bulk Data request (`parts` are the path segments after /fhir). */
export async function handleBulkExport(req: http.IncomingMessage, res: http.ServerResponse, parts: string[], query: URLSearchParams, base: string, exports: BulkExports, ctx: ApiContext): Promise<void> {
  const outcome = (status: number, code: string, message: string, extra: Record<string, string> = {}): void => sendJson(res, status, operationOutcome(code, message), { ...ctx.headers, ...extra }, FHIR_JSON);
  const who = await authenticate(req, ctx, (o) => [`${o}/fhir`], 'records.exportPatient');
  if (!('client' in who)) return outcome(who.status, who.status === 401 ? 'login' : 'forbidden', who.message, who.extra);
  const owner = who.client.iss;
  if (parts[0] === '$export' || (parts[0] === 'Patient' && parts[1] === '$export' && parts.length === 2)) {
    if (parts.length > (parts[0] === '$export' ? 1 : 2)) return outcome(404, 'not-found', 'There is nothing at this address.');
    if (req.method !== 'GET') return outcome(405, 'not-supported', 'Start an export with GET.', { Allow: 'GET' });
    if (!/respond-async/.test(String(req.headers.prefer ?? ''))) return outcome(400, 'invalid', 'A Bulk Data export needs the header "Prefer: respond-async".');
    const format = query.get('_outputFormat');
    if (format && !['application/fhir+ndjson', 'application/ndjson', 'ndjson'].includes(format)) return outcome(400, 'not-supported', 'Only NDJSON output (application/fhir+ndjson) is offered.');
    for (const k of query.keys()) if (!['_type', '_since', '_outputFormat'].includes(k)) return outcome(400, 'not-supported', `The export parameter "${k.slice(0, 40)}" is not supported; use _type, _since and _outputFormat.`);
    const types = query.get('_type')?.split(',').filter(Boolean);
    const since = query.get('_since') ?? undefined;
    const request = `${base}/${parts.join('/')}${query.toString() ? `?${query.toString()}` : ''}`;
    const job = exports.start(owner, who.actor, request, (id) => `${base}/$export-file/${id}`, { ...(since ? { since } : {}), ...(types?.length ? { types } : {}) });
    if (typeof job === 'string') return /running/.test(job) ? outcome(429, 'throttled', job, { 'Retry-After': '30' }) : outcome(400, 'invalid', job);
    res.writeHead(202, { ...ctx.headers, 'Content-Location': `${base}/$export-status/${job.id}`, 'Content-Length': '0' }).end();
    return;
  }
  const job = parts[1] ? exports.get(parts[1], owner) : undefined;
  if (!job) return outcome(404, 'not-found', 'There is no such export for this client (it may have been deleted or have expired after an hour).');
  if (parts[0] === '$export-status' && parts.length === 2) {
    if (req.method === 'DELETE') {
      exports.remove(job);
      res.writeHead(202, { ...ctx.headers, 'Content-Length': '0' }).end();
      return;
    }
    if (req.method !== 'GET') return outcome(405, 'not-supported', 'Poll the status with GET, or DELETE it.', { Allow: 'GET, DELETE' });
    if (job.state === 'running') {
      res.writeHead(202, { ...ctx.headers, 'X-Progress': 'exporting', 'Retry-After': '2', 'Content-Length': '0' }).end();
      return;
    }
    if (job.state === 'failed') return outcome(500, 'exception', job.error ?? 'The export failed.');
    return sendJson(res, 200, job.manifest, { ...ctx.headers, Expires: new Date((job.finishedAt ?? Date.now()) + 3600_000).toUTCString() });
  }
  if (parts[0] === '$export-file' && parts.length === 3) {
    if (req.method !== 'GET') return outcome(405, 'not-supported', 'Download files with GET.', { Allow: 'GET' });
    const file = exports.file(job, parts[2]!);
    if (!file) return outcome(404, 'not-found', 'This export has no such file (or it is not finished).');
    res.writeHead(200, { ...ctx.headers, 'Content-Type': 'application/fhir+ndjson', 'Content-Length': String(fs.statSync(file).size) });
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
    return;
  }
  return outcome(404, 'not-found', 'There is nothing at this address.');
}
