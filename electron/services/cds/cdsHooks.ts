/**
 * Bedside's decision support as a CDS Hooks 2.0 service (https://cds-hooks.hl7.org/2.0/):
 * the discovery document, reading a service request (context, draft orders, prefetch), running
 * the same rules and model cards as the app through CdsService, and cards in the spec's exact
 * form with Bedside's fields under `extension`. Transport and authorisation: electron/server.
 */
import type { FhirResource, MedicationRequest } from 'fhir/r4';
import type { Card } from '../../contract/schemas/card';
import { BEDSIDE_CARD_EXTENSION, cdsHooksCardSchema, cdsHooksRequestSchema, type CdsHooksCard, type CdsFeedbackEntry } from '../../contract/schemas/cdsHooks';
import { BedsideError } from '../errors';
import { isJsonObject } from '../json';
import type { CdsService } from './cdsService';

/** The hooks Bedside serves. */
export type ServedHook = 'patient-view' | 'order-select' | 'order-sign';

/** One service of the discovery document. */
export interface CdsServiceDefinition {
  hook: ServedHook;
  id: string;
  title: string;
  description: string;
  prefetch: Record<string, string>;
  /** The contract channel whose permission row governs this service. */
  permission: 'cds.cardsForPatient' | 'cds.checkOrder';
}

// Everything the rules read (chart.ts): sending it as prefetch spares Bedside's own records.
const CHART_PREFETCH = {
  patient: 'Patient/{{context.patientId}}',
  conditions: 'Condition?patient={{context.patientId}}',
  medications: 'MedicationRequest?patient={{context.patientId}}',
  allergies: 'AllergyIntolerance?patient={{context.patientId}}',
  observations: 'Observation?patient={{context.patientId}}',
};

/** The services of `GET /cds-services`. */
export const CDS_SERVICES: readonly CdsServiceDefinition[] = [
  {
    hook: 'patient-view',
    id: 'bedside-patient-view',
    title: 'Bedside chart review',
    description: "Bedside's clinical rules (drug interactions, drug allergy, kidney dosing, critical values, NEWS2, qSOFA, CURB-65, CHA2DS2-VASc) and the active model packs' stored findings on the patient's chart.",
    prefetch: CHART_PREFETCH,
    permission: 'cds.cardsForPatient',
  },
  {
    hook: 'order-select',
    id: 'bedside-order-select',
    title: 'Bedside medication order check (selection)',
    description: 'Checks the selected draft MedicationRequests against the chart: interactions, allergies, duplicate therapy, kidney dosing, dose range.',
    prefetch: CHART_PREFETCH,
    permission: 'cds.checkOrder',
  },
  {
    hook: 'order-sign',
    id: 'bedside-order-sign',
    title: 'Bedside medication order check (signing)',
    description: 'Checks every draft MedicationRequest about to be signed against the chart: interactions, allergies, duplicate therapy, kidney dosing, dose range.',
    prefetch: CHART_PREFETCH,
    permission: 'cds.checkOrder',
  },
];

/** The discovery document (`prefetch` and the internal permission are Bedside's; only spec fields go out). */
export function discoveryDocument(): { services: { hook: string; id: string; title: string; description: string; prefetch: Record<string, string> }[] } {
  return { services: CDS_SERVICES.map(({ hook, id, title, description, prefetch }) => ({ hook, id, title, description, prefetch })) };
}

/** A card as CDS Hooks 2.0 gives it: spec fields only, Bedside's fields under `extension`, empty lists omitted. */
export function toCdsHooksCard(card: Card): CdsHooksCard {
  const out: CdsHooksCard = {
    uuid: card.uuid,
    summary: card.summary,
    indicator: card.indicator,
    source: { label: card.source.label, ...(card.source.url ? { url: card.source.url } : {}), ...(card.source.topic?.system && card.source.topic.code ? { topic: { system: card.source.topic.system, code: card.source.topic.code, ...(card.source.topic.display ? { display: card.source.topic.display } : {}) } } : {}) },
    ...(card.detail ? { detail: card.detail } : {}),
    ...(card.suggestions.length
      ? {
          suggestions: card.suggestions.map((s) => ({
            label: s.label,
            uuid: s.uuid,
            ...(s.isRecommended !== undefined ? { isRecommended: s.isRecommended } : {}),
            ...(s.actions.length ? { actions: s.actions.map((a) => ({ type: a.type, description: a.description, ...(a.resource ? { resource: a.resource as { resourceType: string } } : {}), ...(a.resourceId ? { resourceId: a.resourceId } : {}) })) } : {}),
          })),
          selectionBehavior: card.selectionBehavior ?? 'at-most-one',
        }
      : {}),
    ...(card.overrideReasons.length ? { overrideReasons: card.overrideReasons.map((r) => ({ code: r.code, system: r.system, display: r.display })) } : {}),
    ...(card.links.length ? { links: card.links.map((l) => ({ label: l.label, url: l.url, type: l.type })) } : {}),
    extension: {
      [BEDSIDE_CARD_EXTENSION]: { provenance: card.provenance, patientId: card.patientId, triggeredBy: card.triggeredBy, explanation: card.explanation, ...(card.status ? { status: card.status } : {}) },
    },
  };
  // A card that does not meet the spec is a Bedside bug: refuse it loudly rather than send it.
  return cdsHooksCardSchema.parse(out);
}

/** The resources of prefetch values: single resources and the entries of searchset Bundles. */
function prefetchResources(prefetch: Record<string, unknown> | undefined): FhirResource[] | undefined {
  if (!prefetch) return undefined;
  const values = Object.values(prefetch).filter((v) => v !== null && v !== undefined);
  if (values.length === 0) return undefined;
  const out: FhirResource[] = [];
  for (const v of values) {
    if (!isJsonObject(v) || typeof v.resourceType !== 'string') throw new BedsideError('invalid-input', 'A prefetch value is not a FHIR resource. Send each prefetch key as a resource or a searchset Bundle, or leave it out.');
    if (v.resourceType === 'Bundle') {
      for (const e of Array.isArray(v.entry) ? v.entry : []) if (isJsonObject(e) && isJsonObject(e.resource) && typeof e.resource.resourceType === 'string') out.push(e.resource as unknown as FhirResource);
    } else out.push(v as unknown as FhirResource);
  }
  return out;
}

/** The draft MedicationRequests of `context.draftOrders` (a Bundle); for order-select, only the `selections`. */
function draftOrdersOf(hook: ServedHook, context: Record<string, unknown>): MedicationRequest[] {
  const bundle = context.draftOrders;
  if (!isJsonObject(bundle) || bundle.resourceType !== 'Bundle') throw new BedsideError('invalid-input', `The ${hook} hook needs context.draftOrders, a FHIR Bundle of the draft orders.`);
  const drafts = (Array.isArray(bundle.entry) ? bundle.entry : []).map((e) => (isJsonObject(e) ? e.resource : undefined)).filter((r) => isJsonObject(r) && r.resourceType === 'MedicationRequest') as unknown as MedicationRequest[];
  if (hook !== 'order-select') return drafts;
  const selections = context.selections;
  if (!Array.isArray(selections) || selections.length === 0 || !selections.every((s) => typeof s === 'string')) throw new BedsideError('invalid-input', 'The order-select hook needs context.selections: the references of the selected draft orders (e.g. "MedicationRequest/abc").');
  return drafts.filter((d) => selections.includes(`MedicationRequest/${d.id ?? ''}`));
}

/** Runs one CDS Hooks service call and answers with CDS Hooks 2.0 cards. */
export async function callCdsService(cds: CdsService, actor: string, service: CdsServiceDefinition, body: unknown): Promise<{ cards: CdsHooksCard[] }> {
  const parsed = cdsHooksRequestSchema.safeParse(body);
  if (!parsed.success) throw new BedsideError('invalid-input', `The CDS Hooks request is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ')}.`);
  const request = parsed.data;
  if (request.hook !== service.hook) throw new BedsideError('invalid-input', `The service ${service.id} answers the ${service.hook} hook, not ${request.hook}.`);
  const patientId = request.context.patientId;
  if (!patientId) throw new BedsideError('invalid-input', 'context.patientId is required: the FHIR id of the patient.');
  const resources = prefetchResources(request.prefetch);
  const drafts = service.hook === 'patient-view' ? [] : draftOrdersOf(service.hook, request.context);
  const cards = cds.hookCards(actor, { hook: service.hook, patientId, hookInstance: request.hookInstance, draftOrders: drafts, ...(resources ? { resources } : {}) });
  return { cards: cards.map(toCdsHooksCard) };
}

/** What the service did with each feedback entry. */
export interface FeedbackOutcome {
  card: string;
  result: 'recorded' | 'unknown-card';
}

/** Records feedback entries (all in one transaction); Bedside changes no record for feedback from another system. */
export function recordServiceFeedback(cds: CdsService, actor: string, service: CdsServiceDefinition, entries: readonly CdsFeedbackEntry[]): FeedbackOutcome[] {
  return cds.serviceFeedback(actor, service.id, entries);
}
