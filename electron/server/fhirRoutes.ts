/**
 * FHIR R4 REST (read-only) under /fhir: `metadata`, read, vread, `_history`, and search with
 * paging, over the record store (services/records/fhirRest.ts). Every error is an
 * OperationOutcome; every interaction but `metadata` needs a bearer JWT with `aud` = the FHIR
 * base URL (`<origin>/fhir`) and the reading role in the permission table, and is audited.
 */
import type http from 'node:http';
import { OVERRIDE_REASON_SYSTEM, OVERRIDE_REASONS } from '../contract/schemas/card';
import { isBedsideError } from '../services/errors';
import { bundleJson, type FhirRest, MAX_PAGE, searchParametersOf } from '../services/records/fhirRest';
import { r4ResourceTypes } from '../services/records/resourceTypes';
import { authenticate, operationOutcome, sendJson, type ApiContext } from './apiAccess';
import { handleBulkExport } from './bulkExportRoutes';
import type { BulkExports } from './bulkExports';

/** The media type of every FHIR answer. */
export const FHIR_JSON = 'application/fhir+json; fhirVersion=4.0; charset=utf-8';

const ISSUE: Record<string, [number, string]> = {
  'invalid-input': [400, 'invalid'],
  'not-found': [404, 'not-found'],
  unauthenticated: [401, 'login'],
  forbidden: [403, 'forbidden'],
  'forbidden-sender': [403, 'forbidden'],
  'too-large': [413, 'too-costly'],
  unavailable: [503, 'transient'],
};

/** The CodeSystem of Bedside's override reasons, published at /fhir/CodeSystem/bedside-override-reason. */
export function overrideReasonCodeSystem(): Record<string, unknown> {
  return {
    resourceType: 'CodeSystem',
    id: 'bedside-override-reason',
    url: OVERRIDE_REASON_SYSTEM,
    name: 'BedsideOverrideReason',
    title: 'Bedside override reasons',
    status: 'active',
    content: 'complete',
    description: 'Why a clinician dismissed a Bedside decision support card (CDS Hooks overrideReasons).',
    concept: OVERRIDE_REASONS.map((r) => ({ code: r.code, display: r.display })),
  };
}

/** A CapabilityStatement that says exactly what this API does. */
export function capabilityStatement(base: string, version: string): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-05',
    kind: 'instance',
    software: { name: 'Bedside', version },
    implementation: { description: 'Bedside record store (read-only FHIR R4 API)', url: base },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Read-only. Writes, transactions, conditional operations, _include, _sort, chained parameters and XML are not supported; an unsupported search parameter is refused with an OperationOutcome. Paging: _count (at most 500) and next links.',
        security: {
          cors: false,
          description: 'Every request except metadata needs "Authorization: Bearer <JWT>" signed by a client that clinic IT registered in interop-clients.json (asymmetric algorithms, kid, aud = this base URL, exp at most 5 minutes ahead, iat, single-use jti). See docs/interop.md.',
        },
        resource: r4ResourceTypes.map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'vread' }, { code: 'history-instance' }, { code: 'search-type' }],
          versioning: 'versioned',
          readHistory: true,
          searchParam: searchParametersOf(type).map((p) => ({ name: p.name, type: p.type, documentation: p.documentation })),
        })),
        operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
      },
    ],
  };
}

/** Handles a request under /fhir; false when the path is not one. */
export function handleFhirRoute(req: http.IncomingMessage, res: http.ServerResponse, target: { pathname: string; searchParams: URLSearchParams }, fhir: () => FhirRest, exports: BulkExports, ctx: ApiContext & { version: string; baseFor: (req: http.IncomingMessage) => string }): boolean {
  const { pathname } = target;
  if (pathname !== '/fhir' && !pathname.startsWith('/fhir/')) return false;
  const outcome = (status: number, code: string, message: string, extra: Record<string, string> = {}): void => sendJson(res, status, operationOutcome(code, message), { ...ctx.headers, ...extra }, FHIR_JSON);
  const run = async (): Promise<void> => {
    const base = ctx.baseFor(req);
    const parts = pathname.split('/').slice(2).map((p) => decodeURIComponent(p));
    if (parts.length === 1 && parts[0] === 'metadata') {
      if (req.method !== 'GET') return outcome(405, 'not-supported', 'Use GET for metadata.', { Allow: 'GET' });
      return sendJson(res, 200, capabilityStatement(base, ctx.version), ctx.headers, FHIR_JSON);
    }
    if (parts[0]?.startsWith('$export') || parts[1] === '$export' || parts[0] === '$export-status' || parts[0] === '$export-file') {
      return handleBulkExport(req, res, parts, target.searchParams, base, exports, ctx);
    }
    if (req.method !== 'GET') return outcome(405, 'not-supported', 'This FHIR API is read-only: use GET.', { Allow: 'GET' });
    const type = parts[0] ?? '';
    if (!/^[A-Z][A-Za-z]{1,63}$/.test(type) || parts.length > 4) return outcome(404, 'not-found', 'There is nothing at this address. GET /fhir/metadata lists what this API offers.');
    if (type === 'CodeSystem' && parts[1] === 'bedside-override-reason' && parts.length === 2) return sendJson(res, 200, overrideReasonCodeSystem(), ctx.headers, FHIR_JSON);
    const who = await authenticate(req, ctx, (o) => [`${o}/fhir`], 'records.getResource');
    if (!('client' in who)) return outcome(who.status, ISSUE[who.code]?.[1] ?? 'security', who.message, who.extra);
    const api = fhir();
    try {
      if (parts.length === 1) {
        const params = new Map<string, string[]>();
        for (const [k, v] of target.searchParams) params.set(k, [...(params.get(k) ?? []), v]);
        const page = api.search(who.actor, type, params);
        const query = (offset: number): string => {
          const q = new URLSearchParams(target.searchParams);
          q.delete('_offset');
          q.set('_count', String(page.count));
          if (offset > 0) q.set('_offset', String(offset));
          return `${base}/${type}?${q.toString()}`;
        };
        const links = [{ relation: 'self', url: query(page.offset) }];
        if (page.count > 0 && page.offset + page.count < page.total) links.push({ relation: 'next', url: query(page.offset + page.count) });
        if (page.offset > 0) links.push({ relation: 'previous', url: query(Math.max(0, page.offset - Math.max(1, page.count))) });
        const body = bundleJson('searchset', page.total, links, page.resources.map((r) => ({ fullUrl: `${base}/${r.type}/${r.id}`, json: r.json, extra: { search: { mode: 'match' } } })));
        return sendJson(res, 200, body, ctx.headers, FHIR_JSON);
      }
      const id = parts[1]!;
      if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return outcome(404, 'not-found', `"${id.slice(0, 64)}" is not a FHIR id.`);
      if (parts.length === 2) {
        const r = api.read(who.actor, type, id);
        return sendJson(res, 200, r.json, { ...ctx.headers, ETag: `W/"${r.versionId}"`, 'Last-Modified': new Date(r.lastUpdated).toUTCString() }, FHIR_JSON);
      }
      if (parts[2] !== '_history') return outcome(404, 'not-found', 'There is nothing at this address. GET /fhir/metadata lists what this API offers.');
      if (parts.length === 4) {
        const r = api.vread(who.actor, type, id, parts[3]!);
        return sendJson(res, 200, r.json, { ...ctx.headers, ETag: `W/"${r.versionId}"`, 'Last-Modified': new Date(r.lastUpdated).toUTCString() }, FHIR_JSON);
      }
      const versions = api.history(who.actor, type, id).slice(0, MAX_PAGE);
      const body = bundleJson(
        'history',
        versions.length,
        [{ relation: 'self', url: `${base}/${type}/${id}/_history` }],
        versions.map((v) => ({
          fullUrl: `${base}/${type}/${id}`,
          json: v.json,
          extra: { request: { method: v.deleted ? 'DELETE' : 'PUT', url: `${type}/${id}` }, response: { status: v.deleted ? '204' : '200', etag: `W/"${v.versionId}"`, lastModified: v.lastUpdated } },
        })),
      );
      return sendJson(res, 200, body, ctx.headers, FHIR_JSON);
    } catch (e) {
      if (!isBedsideError(e)) throw e;
      if (e.details?.gone) return outcome(410, 'deleted', e.message);
      const [status, code] = ISSUE[e.code] ?? [500, 'exception'];
      return outcome(status, code, e.message);
    }
  };
  run().catch((e: unknown) => {
    ctx.failed('FHIR API', e);
    if (!res.headersSent) outcome(500, 'exception', 'Bedside could not answer this request; nothing was changed. The host log says more.');
    else res.destroy();
  });
  return true;
}
