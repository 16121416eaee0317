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
/** Why an order was stopped, changed or renewed (MedicationRequest.statusReason text). */
export const STATUS_REASON_SYSTEM = 'urn:bedside:medication-status-reason';

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
