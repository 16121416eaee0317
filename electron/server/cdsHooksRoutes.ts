/**
 * CDS Hooks 2.0 over HTTP: `GET /cds-services` (discovery), `POST /cds-services/{id}` (a hook
 * call) and `POST /cds-services/{id}/feedback`. Every request carries a bearer JWT whose `aud`
 * is the URL called (apiAccess.ts). Errors are JSON `{"error": {"code", "message"}}` with a 4xx
 * status; a bug answers 500 and the host goes on.
 */
import type http from 'node:http';
import { cdsFeedbackRequestSchema } from '../contract/schemas/cdsHooks';
import { CDS_SERVICES, callCdsService, discoveryDocument, recordServiceFeedback } from '../services/cds/cdsHooks';
import type { CdsService } from '../services/cds/cdsService';
import { isBedsideError } from '../services/errors';
import { authenticate, readJsonBody, sendJson, type ApiContext } from './apiAccess';

/** Largest hook call (prefetch can hold a chart) and feedback body. */
export const CDS_REQUEST_BYTES = 16 * 1024 * 1024;
const FEEDBACK_BYTES = 1024 * 1024;

const STATUS: Record<string, number> = { 'invalid-input': 400, 'not-found': 404, conflict: 409, 'too-large': 413, forbidden: 403, unavailable: 503 };

/** Handles a request under /cds-services; false when the path is not one. */
export function handleCdsHooksRoute(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, cds: () => CdsService, ctx: ApiContext): boolean {
  if (pathname !== '/cds-services' && !pathname.startsWith('/cds-services/')) return false;
  const error = (status: number, code: string, message: string, extra: Record<string, string> = {}): void => sendJson(res, status, { error: { code, message } }, { ...ctx.headers, ...extra });
  const run = async (): Promise<void> => {
    const parts = pathname.split('/').slice(2);
    if (pathname === '/cds-services' || (parts.length === 1 && parts[0] === '')) {
      if (req.method !== 'GET') return error(405, 'invalid-input', 'Use GET for the discovery endpoint.', { Allow: 'GET' });
      const who = await authenticate(req, ctx, (o) => [`${o}/cds-services`], 'cds.cardsForPatient');
      if (!('client' in who)) return error(who.status, who.code, who.message, who.extra);
      return sendJson(res, 200, discoveryDocument(), ctx.headers);
    }
    const service = CDS_SERVICES.find((s) => s.id === parts[0]);
    const isFeedback = parts.length === 2 && parts[1] === 'feedback';
    if (!service || (parts.length !== 1 && !isFeedback)) return error(404, 'not-found', 'There is no such CDS service here. GET /cds-services lists them.');
    if (req.method !== 'POST') return error(405, 'invalid-input', 'CDS services are called with POST.', { Allow: 'POST' });
    const who = await authenticate(req, ctx, (o) => (isFeedback ? [`${o}/cds-services/${service.id}/feedback`, `${o}/cds-services/${service.id}`] : [`${o}/cds-services/${service.id}`]), isFeedback ? 'cds.feedback' : service.permission);
    if (!('client' in who)) return error(who.status, who.code, who.message, who.extra);
    const body = await readJsonBody(req, isFeedback ? FEEDBACK_BYTES : CDS_REQUEST_BYTES);
    if ('problem' in body) return error(body.status, 'invalid-input', body.problem);
    try {
      if (isFeedback) {
        const parsed = cdsFeedbackRequestSchema.safeParse(body.value);
        if (!parsed.success) return error(400, 'invalid-input', `The feedback is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'feedback'}: ${i.message}`).join('; ')}.`);
        return sendJson(res, 200, { feedback: recordServiceFeedback(cds(), who.actor, service, parsed.data.feedback) }, ctx.headers);
      }
      return sendJson(res, 200, await callCdsService(cds(), who.actor, service, body.value), ctx.headers);
    } catch (e) {
      if (isBedsideError(e)) return error(STATUS[e.code] ?? 500, e.code, e.message);
      throw e;
    }
  };
  run().catch((e: unknown) => {
    ctx.failed('CDS Hooks', e);
    if (!res.headersSent) error(500, 'internal', 'Bedside could not answer this request; nothing was changed. The host log says more.');
    else res.destroy();
  });
  return true;
}
