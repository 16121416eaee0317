/**
 * CDS Hooks 2.0 as other systems see it (https://cds-hooks.hl7.org/2.0/): the cards the browser
 * host's CDS service answers with, the service request, and the feedback forms the spec allows.
 * Bedside's own card fields travel under `extension` (the spec reserves that name for this).
 * Imports only zod (contract layer rule).
 */
import { z } from 'zod';
import { CARD_SUMMARY_MAX, explanationSchema, provenanceSchema, cardStatusSchema } from './card';

/** The extension key of Bedside's card fields (reverse-domain style, as the spec recommends). */
export const BEDSIDE_CARD_EXTENSION = 'org.bedside.card';

/** A CDS Hooks Coding: code and system required; display required on override reasons the service offers. */
export const cdsCodingSchema = z.object({ code: z.string().min(1), system: z.string().min(1), display: z.string().min(1).optional() });

const absoluteUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'must be an absolute http(s) URL');

/** One CDS Hooks 2.0 card exactly (optional fields omitted, never null or empty). */
export const cdsHooksCardSchema = z.strictObject({
  uuid: z.string().min(1).optional(),
  summary: z.string().min(1).max(CARD_SUMMARY_MAX),
  detail: z.string().min(1).optional(),
  indicator: z.enum(['info', 'warning', 'critical']),
  source: z.strictObject({ label: z.string().min(1), url: absoluteUrl.optional(), icon: absoluteUrl.optional(), topic: cdsCodingSchema.optional() }),
  suggestions: z
    .array(
      z.strictObject({
        label: z.string().min(1),
        uuid: z.string().min(1).optional(),
        isRecommended: z.boolean().optional(),
        actions: z
          .array(
            z.strictObject({
              type: z.enum(['create', 'update', 'delete']),
              description: z.string().min(1),
              resource: z.looseObject({ resourceType: z.string() }).optional(),
              resourceId: z.string().min(1).optional(),
            }),
          )
          .min(1)
          .optional(),
      }),
    )
    .min(1)
    .optional(),
  selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
  overrideReasons: z.array(cdsCodingSchema.required({ display: true })).min(1).optional(),
  links: z.array(z.strictObject({ label: z.string().min(1), url: absoluteUrl, type: z.enum(['absolute', 'smart']), appContext: z.string().optional() })).min(1).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
});
/** A CDS Hooks 2.0 card. */
export type CdsHooksCard = z.infer<typeof cdsHooksCardSchema>;

/** Bedside's fields of a card, under `extension[BEDSIDE_CARD_EXTENSION]`. */
export const bedsideCardExtensionSchema = z.object({
  provenance: provenanceSchema,
  patientId: z.string().min(1),
  triggeredBy: z.array(z.string()),
  explanation: explanationSchema,
  status: cardStatusSchema.optional(),
});
/** Bedside's card extension. */
export type BedsideCardExtension = z.infer<typeof bedsideCardExtensionSchema>;

/** A CDS Hooks 2.0 service request (`POST {baseUrl}/cds-services/{id}`). */
export const cdsHooksRequestSchema = z.object({
  hook: z.string().min(1),
  hookInstance: z.string().min(1).max(200),
  fhirServer: z.string().optional(),
  fhirAuthorization: z.looseObject({}).optional(),
  context: z.looseObject({ patientId: z.string().min(1).max(64).regex(/^[A-Za-z0-9\-.]+$/, 'must be a FHIR id').optional(), userId: z.string().optional() }),
  // A client that could not fetch a prefetch key omits it; some send null: both mean "not prefetched".
  prefetch: z.record(z.string(), z.unknown().nullable()).optional(),
  extension: z.record(z.string(), z.unknown()).optional(),
});
/** A CDS Hooks service request. */
export type CdsHooksRequest = z.infer<typeof cdsHooksRequestSchema>;

/**
 * One feedback entry, in every form CDS Hooks 2.0 allows: `card` and suggestion ids are strings
 * (the spec says "string", and only the card's own uuid will match); an override reason may be
 * any Coding (the client may add its own reasons, `display` optional); a comment may come
 * without a reason; `overridden` may come with no overrideReason at all.
 */
export const cdsFeedbackEntrySchema = z
  .object({
    card: z.string().min(1).max(200),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z.array(z.object({ id: z.string().min(1).max(200) })).max(50).optional(),
    overrideReason: z.object({ reason: cdsCodingSchema.optional(), userComment: z.string().max(2000).optional() }).optional(),
    outcomeTimestamp: z.iso.datetime({ offset: true }),
    extension: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((fb, ctx) => {
    if (fb.outcome === 'accepted' && !fb.acceptedSuggestions?.length) ctx.addIssue({ code: 'custom', path: ['acceptedSuggestions'], message: 'accepted feedback names the suggestions taken (CDS Hooks 2.0: required for accepted outcomes)' });
  });
/** One feedback entry. */
export type CdsFeedbackEntry = z.infer<typeof cdsFeedbackEntrySchema>;

/** The feedback request: `{"feedback": [...]}` as the spec requires (a single bare entry, as some 1.x clients send, is read as a list of one). */
export const cdsFeedbackRequestSchema = z.union([
  z.object({ feedback: z.array(cdsFeedbackEntrySchema).min(1).max(100), extension: z.record(z.string(), z.unknown()).optional() }),
  cdsFeedbackEntrySchema.transform((entry) => ({ feedback: [entry], extension: undefined })),
]);
