/** Decision-support channels: cards for a chart, checking a draft order, feedback, the local report. */
import { z } from 'zod';
import { channel } from '../define';
import { cardSchema, overrideReasonSchema } from '../schemas/card';
import { medicationChangeSchema, reconciliationSchema, vocabularyHitSchema } from '../schemas/medication';

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9\-.]+$/, 'must be a FHIR id (letters, digits, "-" and ".")');

/** CDS Hooks feedback as a strict input (unknown keys refused), with the same rules as cardFeedbackSchema. */
export const feedbackInputSchema = z
  .strictObject({
    card: z.uuid(),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z.array(z.strictObject({ id: z.uuid() })).max(20).default([]),
    overrideReason: z.strictObject({ reason: overrideReasonSchema.optional(), userComment: z.string().max(2000).optional() }).optional(),
    outcomeTimestamp: z.iso.datetime({ offset: true }),
  })
  .superRefine((fb, ctx) => {
    if (fb.outcome === 'accepted' && fb.acceptedSuggestions.length === 0) ctx.addIssue({ code: 'custom', path: ['acceptedSuggestions'], message: 'name the suggestion you accept' });
    if (fb.outcome === 'accepted' && fb.overrideReason !== undefined) ctx.addIssue({ code: 'custom', path: ['overrideReason'], message: 'an accepted card has no override reason' });
    if (fb.outcome === 'overridden' && !fb.overrideReason?.reason) ctx.addIssue({ code: 'custom', path: ['overrideReason', 'reason'], message: 'choose a reason for dismissing the card' });
    if (fb.overrideReason?.reason?.code === 'other' && !fb.overrideReason.userComment?.trim()) {
      ctx.addIssue({ code: 'custom', path: ['overrideReason', 'userComment'], message: "reason 'other' needs a comment" });
    }
  });

const sourceReportSchema = z.object({
  kind: z.enum(['rule', 'model']),
  id: z.string(),
  version: z.string(),
  cards: z.number(),
  timesShown: z.number(),
  accepted: z.number(),
  overridden: z.number(),
  active: z.number(),
  superseded: z.number(),
  acceptanceRate: z.number().nullable(),
  reasons: z.array(z.object({ code: z.string(), count: z.number() })),
  comments: z.array(z.string()),
});

/** One row of the rules' critical-value table (cds.criticalLimits): LOINC codes, the units compared as they are, limits, source. */
export const criticalLimitSchema = z.object({
      concept: z.string(),
      label: z.string(),
      codes: z.array(z.string()),
      unit: z.string(),
      units: z.array(z.string()),
      criticalLow: z.number().optional(),
      criticalHigh: z.number().optional(),
      source: z.string(),
});
export type CriticalLimit = z.infer<typeof criticalLimitSchema>;

export const cdsChannels = {
  cardsForPatient: channel({
    summary: "Suggestion cards for a chart: fresh rule cards and stored model cards; model work starts in the background ('cds.cardsReady' follows)",
    input: z.strictObject({ patientId: id }),
    output: z.object({ cards: z.array(cardSchema), pendingModelWork: z.boolean() }),
  }),
  checkOrder: channel({
    summary: 'Checks a draft medication order before it is saved; critical cards should interrupt',
    input: z.strictObject({ patientId: id, medicationRequest: z.looseObject({ resourceType: z.literal('MedicationRequest') }) }),
    output: z.object({ cards: z.array(cardSchema), medicationRequestId: z.string() }),
  }),
  feedback: channel({
    summary: 'Records what the clinician did with a card; accepting applies the chosen suggestions in one transaction',
    input: feedbackInputSchema,
    output: z.object({
      recorded: z.literal(true),
      status: z.enum(['active', 'accepted', 'overridden', 'superseded']),
      applied: z.array(z.object({ type: z.enum(['create', 'update', 'delete']), reference: z.string(), outcome: z.enum(['created', 'updated', 'unchanged', 'deleted', 'already-absent']) })),
    }),
  }),
  searchDrugs: channel({
    summary: 'Drug picker: search-as-you-type over the drug vocabulary (names, brands, French names; fuzzy when nothing starts with the text)',
    input: z.strictObject({ query: z.string().max(100), limit: z.number().int().min(1).max(50).optional() }),
    output: z.object({ hits: z.array(vocabularyHitSchema), vocabulary: z.object({ id: z.string(), version: z.string(), source: z.enum(['bundled', 'pack']) }) }),
  }),
  changeMedication: channel({
    summary: 'Stops, modifies or renews a medication order with a reason (FHIR statusReason, priorPrescription), in one transaction; a new order passes the order checks again',
    input: medicationChangeSchema,
    output: z.object({ changed: z.array(z.string()), newOrder: z.string().optional() }),
  }),
  reconcileMedications: channel({
    summary: "Medication reconciliation: continue, stop or modify each active medication with a reason, committed in one step and recorded as a List (linked to the patient's Encounter in progress, if any)",
    input: reconciliationSchema,
    output: z.object({ list: z.string(), encounter: z.string().optional(), changed: z.array(z.string()) }),
  }),
  criticalLimits: channel({
    summary: "The critical-value table the rules alert on (LOINC codes, units, limits, source), so the chart styles critical results by the same limits",
    input: z.strictObject({}),
    output: z.object({ limits: z.array(criticalLimitSchema) }),
  }),
  report: channel({
    summary: 'The local report per rule and per model: cards shown, accepted, overridden, with reasons',
    input: z.strictObject({}),
    output: z.object({ generatedAt: z.string(), sources: z.array(sourceReportSchema) }),
  }),
};
