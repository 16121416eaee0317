/**
 * CDS Hooks-shaped suggestion cards, as Bedside stores and shows them.
 * Shape follows CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/#card-attributes) with Bedside
 * fields for provenance and explanation. Imports only zod (contract layer rule).
 */
import { z } from 'zod';

/** CDS Hooks 2.0 `source.url` and `absolute` links are absolute URLs a browser can GET: only https ones are allowed. */
const absoluteHttpsUrl = z.string().regex(/^https:\/\/[^\s]+$/, 'must be an absolute https:// address (CDS Hooks 2.0)');

/** A FHIR coding as CDS Hooks uses it for override reasons. */
export const codingSchema = z.object({
  code: z.string().min(1),
  system: z.string().min(1),
  display: z.string().min(1),
});
/** A FHIR coding (code, system, display). */
export type Coding = z.infer<typeof codingSchema>;

/**
 * Code system of Bedside's fixed override reasons: a URN (RFC 4122), since CDS Hooks defines no
 * standard set and Bedside owns no domain to mint an http URL under. The browser host publishes
 * the CodeSystem at `/fhir/CodeSystem/bedside-override-reason` (docs/interop.md).
 */
export const OVERRIDE_REASON_SYSTEM = 'urn:uuid:26cd8074-acd5-4773-8e35-993a1b61ea58';

/**
 * Code system of `source.topic` on cards drawn from one entry of a knowledge table (ONC
 * interaction number, interaction group): codes like `onc-ddi#25` or `interactions#qt-prolonging`.
 */
export const KNOWLEDGE_TOPIC_SYSTEM = 'urn:uuid:5e1f0a52-0d3c-4d8e-9a4b-7c1f2b9e6d30';

/** The system Bedside used before issue #21; stored cards carrying it read as OVERRIDE_REASON_SYSTEM. */
export const LEGACY_OVERRIDE_REASON_SYSTEM = 'bedside://codesystem/override-reason';

const withCurrentReasonSystem = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && (value as { system?: unknown }).system === LEGACY_OVERRIDE_REASON_SYSTEM ? { ...value, system: OVERRIDE_REASON_SYSTEM } : value;

/** The fixed, codable reasons a clinician may give when overriding a card. */
export const OVERRIDE_REASONS = [
  { code: 'patient-aware', system: OVERRIDE_REASON_SYSTEM, display: 'Patient aware of risk, agrees to continue' },
  { code: 'benefit-outweighs-risk', system: OVERRIDE_REASON_SYSTEM, display: 'Benefit outweighs risk' },
  { code: 'already-managed', system: OVERRIDE_REASON_SYSTEM, display: 'Already managed (dose adjusted or plan in place)' },
  { code: 'not-applicable', system: OVERRIDE_REASON_SYSTEM, display: 'Not applicable to this patient' },
  { code: 'monitoring-in-place', system: OVERRIDE_REASON_SYSTEM, display: 'Monitoring in place' },
  { code: 'other', system: OVERRIDE_REASON_SYSTEM, display: 'Other (please comment)' },
] as const satisfies readonly Coding[];

/** Codes of the fixed override reasons. */
export const overrideReasonCodeSchema = z.enum([
  'patient-aware',
  'benefit-outweighs-risk',
  'already-managed',
  'not-applicable',
  'monitoring-in-place',
  'other',
]);
/** One of the fixed override reason codes. */
export type OverrideReasonCode = z.infer<typeof overrideReasonCodeSchema>;

/** An override reason coding restricted to Bedside's fixed list. */
export const overrideReasonSchema = z.preprocess(
  withCurrentReasonSystem,
  z.object({
    code: overrideReasonCodeSchema,
    system: z.literal(OVERRIDE_REASON_SYSTEM),
    display: z.string().min(1),
  }),
);
/** An override reason from the fixed list. */
export type OverrideReason = z.infer<typeof overrideReasonSchema>;

/** The longest summary CDS Hooks 2.0 allows ("<140-character summary message"). */
export const CARD_SUMMARY_MAX = 139;

/** Card urgency, as CDS Hooks defines it. */
export const indicatorSchema = z.enum(['info', 'warning', 'critical']);
/** Card urgency. */
export type Indicator = z.infer<typeof indicatorSchema>;

/** Where the card's knowledge comes from. */
export const cardSourceSchema = z.object({
  label: z.string().min(1),
  url: absoluteHttpsUrl.optional(),
  topic: codingSchema.partial({ system: true }).optional(),
});
/** The card's source. */
export type CardSource = z.infer<typeof cardSourceSchema>;

/** One FHIR change a suggestion would make. */
export const suggestionActionSchema = z.object({
  type: z.enum(['create', 'update', 'delete']),
  description: z.string().min(1),
  resource: z.record(z.string(), z.unknown()).optional(),
  resourceId: z.string().optional(),
});
/** One FHIR change of a suggestion. */
export type SuggestionAction = z.infer<typeof suggestionActionSchema>;

/** An action the clinician can accept in one click. */
export const suggestionSchema = z.object({
  uuid: z.uuid(),
  label: z.string().min(1),
  isRecommended: z.boolean().optional(),
  actions: z.array(suggestionActionSchema),
});
/** A card suggestion. */
export type Suggestion = z.infer<typeof suggestionSchema>;

/** A link to a page a browser can open (absolute links only: Bedside launches no SMART apps). */
export const cardLinkSchema = z.object({
  label: z.string().min(1),
  url: absoluteHttpsUrl,
  type: z.literal('absolute'),
});
/** A card link. */
export type CardLink = z.infer<typeof cardLinkSchema>;

/** Who produced the card and from what, so it can be audited and reproduced. */
export const provenanceSchema = z.object({
  kind: z.enum(['rule', 'model']),
  id: z.string().min(1),
  version: z.string().min(1),
  modelHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  provider: z.string().optional(),
  inputHash: z.string().regex(/^[0-9a-f]{64}$/),
  latencyMs: z.number().nonnegative(),
});
/** Card provenance. */
export type Provenance = z.infer<typeof provenanceSchema>;

/** One step of a rule's reasoning, shown to the clinician. */
export const traceStepSchema = z.object({ label: z.string().min(1), value: z.string() });
/** A rule trace step. */
export type TraceStep = z.infer<typeof traceStepSchema>;

/** Why the card says what it says: a rule trace, highlighted text, or an image heatmap. */
export const explanationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rule-trace'), steps: z.array(traceStepSchema), citation: z.string().min(1) }),
  z.object({
    kind: z.literal('text-spans'),
    spans: z.array(
      z.object({
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
        label: z.string(),
        score: z.number().min(0).max(1),
      }),
    ),
  }),
  z.object({
    kind: z.literal('heatmap'),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    values: z.array(z.number()),
  }),
]);
/** A card explanation. */
export type Explanation = z.infer<typeof explanationSchema>;

/**
 * Cards that are not findings: 'not-checked' (inputs could not be understood, e.g. an unknown
 * medication: never shown as "no interaction") and 'error' (the rule failed).
 */
export const cardStatusSchema = z.enum(['not-checked', 'error']);
/** A non-finding card status. */
export type CardStatus = z.infer<typeof cardStatusSchema>;

/** A suggestion card with Bedside's provenance and explanation. */
export const cardSchema = z
  .object({
    uuid: z.uuid(),
    /** CDS Hooks 2.0: a one-sentence summary of fewer than 140 characters. */
    summary: z.string().min(1).max(CARD_SUMMARY_MAX),
    indicator: indicatorSchema,
    source: cardSourceSchema,
    detail: z.string().optional(),
    suggestions: z.array(suggestionSchema).default([]),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(overrideReasonSchema).default([]),
    links: z.array(cardLinkSchema).default([]),
    provenance: provenanceSchema,
    patientId: z.string().min(1),
    triggeredBy: z.array(z.string().regex(/^[A-Za-z]+\/[^/\s]+$/, 'must be a FHIR reference like Type/id')),
    explanation: explanationSchema,
    status: cardStatusSchema.optional(),
  })
  .refine((card) => card.suggestions.length === 0 || card.selectionBehavior !== undefined, {
    message: 'selectionBehavior is required when a card has suggestions (CDS Hooks 2.0)',
    path: ['selectionBehavior'],
  });
/** A suggestion card. */
export type Card = z.infer<typeof cardSchema>;

/** CDS Hooks feedback: what the clinician did with a card. */
export const cardFeedbackSchema = z
  .object({
    card: z.uuid(),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z.array(z.object({ id: z.uuid() })).default([]),
    overrideReason: z
      .object({ reason: overrideReasonSchema.optional(), userComment: z.string().max(2000).optional() })
      .optional(),
    outcomeTimestamp: z.iso.datetime({ offset: true }),
  })
  .superRefine((fb, ctx) => {
    if (fb.outcome === 'accepted' && fb.acceptedSuggestions.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['acceptedSuggestions'], message: 'accepted feedback names the suggestions taken' });
    }
    if (fb.outcome === 'accepted' && fb.overrideReason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['overrideReason'], message: 'an accepted card has no override reason' });
    }
    if (fb.overrideReason?.reason?.code === 'other' && !fb.overrideReason.userComment?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['overrideReason', 'userComment'], message: "reason 'other' needs a comment" });
    }
  });
/** CDS Hooks card feedback. */
export type CardFeedback = z.infer<typeof cardFeedbackSchema>;
