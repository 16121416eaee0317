/**
 * How a medication order names its drug in Bedside: `medicationCodeableConcept.coding` carries
 * the vocabulary ingredient(s) the prescriber picked (system DRUG_VOCABULARY_SYSTEM, code = the
 * ingredient name) and their WHO ATC codes; the explicit choice "not in the vocabulary" is the
 * code NOT_IN_VOCABULARY in the same system. Shared by the order form and the CDS rules.
 */
import { z } from 'zod';

/** Code system of Bedside drug vocabulary entries (codes are RxNorm ingredient names). */
export const DRUG_VOCABULARY_SYSTEM = 'urn:bedside:drug-vocabulary';
/** WHO ATC classification (HL7 terminology: http://www.whocc.no/atc). */
export const ATC_SYSTEM = 'http://www.whocc.no/atc';
/** The prescriber recorded that the drug is not in the vocabulary. */
export const NOT_IN_VOCABULARY = 'not-in-vocabulary';
/**
 * Why an order was stopped, changed or renewed: MedicationRequest.statusReason, coded from HL7's
 * "MedicationRequest Status Reason Codes" (FHIR R4, example binding,
 * http://hl7.org/fhir/R4/codesystem-medicationrequest-status-reason.html), with free text.
 */
export const STATUS_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/medicationrequest-status-reason';
/** The R4 code system's codes and displays, as published. */
export const STATUS_REASONS = {
  altchoice: 'Try another treatment first',
  clarif: 'Prescription requires clarification',
  drughigh: 'Drug level too high',
  hospadm: 'Admission to hospital',
  labint: 'Lab interference issues',
  'non-avail': 'Patient not-available',
  preg: 'Parent is pregnant/breast feeding',
  salg: 'Allergy',
  sddi: 'Drug interacts with another drug',
  sdupther: 'Duplicate therapy',
  sintol: 'Suspected intolerance',
  surg: 'Patient scheduled for surgery',
  washout: 'Waiting for old drug to wash out',
} as const;
export type StatusReasonCode = keyof typeof STATUS_REASONS;
const statusReasonCodes = Object.keys(STATUS_REASONS) as [StatusReasonCode, ...StatusReasonCode[]];

const fhirId = z.string().min(1).max(64).regex(/^[A-Za-z0-9\-.]+$/, 'must be a FHIR id (letters, digits, "-" and ".")');
const draftOrderSchema = z.looseObject({ resourceType: z.literal('MedicationRequest') });

/** A reason for a change: a code of the R4 set, free text, or both. */
export const changeReasonSchema = z.strictObject({ code: z.enum(statusReasonCodes).optional(), text: z.string().trim().max(500).optional() });
export type ChangeReason = z.infer<typeof changeReasonSchema>;

/** Stop, modify (same drug, new dosing: the old order stopped, a new one replacing it) or renew one order. */
export const medicationChangeSchema = z.strictObject({
  patientId: fhirId,
  medicationRequestId: fhirId,
  expectedVersionId: z.string().min(1).max(64).optional(),
  action: z.enum(['stop', 'modify', 'renew']),
  reason: changeReasonSchema,
  /** The new order (modify, renew), saved under the id cds.checkOrder returned for it. */
  newOrder: draftOrderSchema.optional(),
});
export type MedicationChangeInput = z.infer<typeof medicationChangeSchema>;

/** One line of a reconciliation: what the clinician decided for one active medication. */
export const reconciliationDecisionSchema = z.strictObject({
  reference: z.string().regex(/^(MedicationRequest|MedicationStatement)\/[A-Za-z0-9\-.]{1,64}$/, 'must be MedicationRequest/<id> or MedicationStatement/<id>'),
  expectedVersionId: z.string().min(1).max(64).optional(),
  decision: z.enum(['continue', 'stop', 'modify']),
  reason: changeReasonSchema,
  newOrder: draftOrderSchema.optional(),
});
export type ReconciliationDecision = z.infer<typeof reconciliationDecisionSchema>;

/** A whole reconciliation, committed in one step. */
export const reconciliationSchema = z.strictObject({ patientId: fhirId, decisions: z.array(reconciliationDecisionSchema).min(1).max(200) });
export type ReconciliationInput = z.infer<typeof reconciliationSchema>;

/** One vocabulary search hit, as the drug picker shows it. */
export const vocabularyHitSchema = z.object({
  name: z.string(),
  ingredients: z.array(z.string()),
  label: z.string(),
  via: z.enum(['name', 'other name', 'brand', 'French name', 'product']),
  atc: z.array(z.string()),
  rank: z.number(),
});
export type VocabularyHitDto = z.infer<typeof vocabularyHitSchema>;
