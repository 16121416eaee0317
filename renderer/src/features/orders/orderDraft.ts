/**
 * A structured medication order as FHIR R4 MedicationRequest: the drug the prescriber picked
 * from the vocabulary (or recorded as not in it), and dosageInstruction as a Dosage with
 * doseAndRate.doseQuantity (UCUM), route (SNOMED CT) and timing.repeat (frequency, period,
 * boundsDuration). Pure functions, shared by the form and its tests.
 */
import type { Dosage, MedicationRequest } from 'fhir/r4';
import type { VocabularyHitDto } from '../../../../electron/contract/schemas/medication';

// The renderer imports only types from the contract: these equal the constants in
// electron/contract/schemas/medication.ts (test/unit/renderer/orderDraft.test.ts checks it).
/** Code system of Bedside drug vocabulary entries. */
export const DRUG_VOCABULARY_SYSTEM = 'urn:bedside:drug-vocabulary';
/** WHO ATC classification. */
export const ATC_SYSTEM = 'http://www.whocc.no/atc';
/** The prescriber recorded that the drug is not in the vocabulary. */
export const NOT_IN_VOCABULARY = 'not-in-vocabulary';

/** Routes offered, with their SNOMED CT route-of-administration codes (FHIR value set route-codes). */
export const ROUTES = [
  { id: 'oral', code: '26643006', display: 'Oral route' },
  { id: 'iv', code: '47625008', display: 'Intravenous route' },
  { id: 'im', code: '78421000', display: 'Intramuscular route' },
  { id: 'sc', code: '34206005', display: 'Subcutaneous route' },
  { id: 'inhaled', code: '447694001', display: 'Respiratory tract route' },
  { id: 'topical', code: '6064005', display: 'Topical route' },
  { id: 'rectal', code: '37161004', display: 'Rectal route' },
  { id: 'sublingual', code: '37839007', display: 'Sublingual route' },
] as const;
export type RouteId = (typeof ROUTES)[number]['id'];

/** Frequencies offered, as timing.repeat (HL7 Timing: frequency per period periodUnit). */
export const FREQUENCIES = [
  { id: 'od', frequency: 1, period: 1, periodUnit: 'd', text: 'once daily' },
  { id: 'bd', frequency: 2, period: 1, periodUnit: 'd', text: 'twice daily' },
  { id: 'tds', frequency: 3, period: 1, periodUnit: 'd', text: 'three times daily' },
  { id: 'qds', frequency: 4, period: 1, periodUnit: 'd', text: 'four times daily' },
  { id: 'q8h', frequency: 1, period: 8, periodUnit: 'h', text: 'every 8 hours' },
  { id: 'q6h', frequency: 1, period: 6, periodUnit: 'h', text: 'every 6 hours' },
  { id: 'q4h', frequency: 1, period: 4, periodUnit: 'h', text: 'every 4 hours' },
  { id: 'weekly', frequency: 1, period: 1, periodUnit: 'wk', text: 'once weekly' },
] as const;
export type FrequencyId = (typeof FREQUENCIES)[number]['id'];

/** Dose units offered, as UCUM codes (mass units are dose-range checked). */
export const DOSE_UNITS = ['mg', 'g', 'ug', 'mL', '{tbl}', '{puff}', '[iU]'] as const;
export type DoseUnit = (typeof DOSE_UNITS)[number];

/** What the form collects. */
export interface OrderInput {
  readonly drug: { readonly kind: 'picked'; readonly hit: VocabularyHitDto } | { readonly kind: 'not-in-vocabulary'; readonly text: string };
  readonly strength: string;
  readonly dose?: number;
  readonly unit: DoseUnit;
  readonly route: RouteId;
  readonly frequency: FrequencyId;
  readonly asNeeded: boolean;
  readonly durationDays?: number;
}

const UNIT_TEXT: Record<DoseUnit, string> = { mg: 'mg', g: 'g', ug: 'microgram', mL: 'mL', '{tbl}': 'tablet(s)', '{puff}': 'puff(s)', '[iU]': 'units' };

/** The medication text: the picked label (with its ingredients when it is a brand) and strength. */
export function medicationText(input: OrderInput): string {
  const base = input.drug.kind === 'picked' ? (input.drug.hit.via === 'brand' ? `${input.drug.hit.label} (${input.drug.hit.ingredients.join(' / ')})` : input.drug.hit.label) : input.drug.text.trim();
  return [base, input.strength.trim()].filter(Boolean).join(' ');
}

/** The Dosage (FHIR R4) for the form's dose, route, frequency and duration. */
export function dosageOf(input: OrderInput): Dosage {
  const route = ROUTES.find((r) => r.id === input.route) ?? ROUTES[0];
  const freq = FREQUENCIES.find((f) => f.id === input.frequency) ?? FREQUENCIES[0];
  const doseText = input.dose !== undefined ? `${input.dose} ${UNIT_TEXT[input.unit]}` : '';
  const text = [doseText, route.display.replace(/ route$/, '').toLowerCase(), freq.text, input.asNeeded ? 'as needed' : '', input.durationDays ? `for ${input.durationDays} days` : ''].filter(Boolean).join(' ');
  return {
    text,
    timing: {
      repeat: {
        frequency: freq.frequency,
        period: freq.period,
        periodUnit: freq.periodUnit,
        ...(input.durationDays ? { boundsDuration: { value: input.durationDays, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } } : {}),
      },
    },
    ...(input.asNeeded ? { asNeededBoolean: true } : {}),
    route: { coding: [{ system: 'http://snomed.info/sct', code: route.code, display: route.display }], text: route.display },
    ...(input.dose !== undefined
      ? { doseAndRate: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/dose-rate-type', code: 'ordered', display: 'Ordered' }] }, doseQuantity: { value: input.dose, unit: UNIT_TEXT[input.unit], system: 'http://unitsofmeasure.org', code: input.unit } }] }
      : {}),
  };
}

/** A draft MedicationRequest (status active, intent order) for the form's input. */
export function draftOrder(patientId: string, input: OrderInput, now = new Date()): MedicationRequest {
  const coding =
    input.drug.kind === 'picked'
      ? [
          ...input.drug.hit.ingredients.map((i) => ({ system: DRUG_VOCABULARY_SYSTEM, code: i, display: i })),
          ...input.drug.hit.atc.map((code) => ({ system: ATC_SYSTEM, code })),
        ]
      : [{ system: DRUG_VOCABULARY_SYSTEM, code: NOT_IN_VOCABULARY, display: 'Not in the Bedside drug vocabulary' }];
  return {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: { text: medicationText(input), coding },
    authoredOn: now.toISOString(),
    dosageInstruction: [dosageOf(input)],
  };
}
