/**
 * Immunizations as given: the vaccine from a short list of the ones a clinic gives most, coded
 * with CDC CVX codes (https://www2.cdc.gov/vaccines/iis/iisstandards/vaccines.asp?rpt=cvx), or
 * typed as free text; the date given (not in the future, not before birth), lot number, and
 * whether it was given or not (FHIR R4 Immunization.status completed / not-done).
 */
import type { Immunization, Reference } from 'fhir/r4';

const CVX = 'http://hl7.org/fhir/sid/cvx';

/** CVX code and its short description, as CDC publishes it. */
export const VACCINES = [
  { code: '141', display: 'Influenza, seasonal, injectable' },
  { code: '213', display: 'SARS-COV-2 (COVID-19) vaccine, UNSPECIFIED FORMULATION' },
  { code: '115', display: 'Tdap' },
  { code: '139', display: 'Td(adult) unspecified formulation' },
  { code: '33', display: 'pneumococcal polysaccharide PPV23' },
  { code: '216', display: 'Pneumococcal conjugate PCV20, polysaccharide CRM197 conjugate, adjuvant, preservative free' },
  { code: '43', display: 'Hep B, adult' },
  { code: '187', display: 'zoster vaccine recombinant' },
  { code: '03', display: 'MMR' },
] as const;

/** What the form holds; vaccine is a CVX code, or 'other' with a typed name. */
export interface ImmunizationDraft {
  vaccine: string;
  otherName: string;
  date: string;
  lot: string;
  given: boolean;
}

export type ImmunizationIssue = 'no-vaccine' | 'date-format' | 'date-future' | 'date-before-birth';

/** Checks a draft (`today` as YYYY-MM-DD). */
export function immunizationIssue(d: ImmunizationDraft, today: string, birthDate?: string): ImmunizationIssue | null {
  if (!d.vaccine || (d.vaccine === 'other' && !d.otherName.trim())) return 'no-vaccine';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date) || Number.isNaN(Date.parse(d.date))) return 'date-format';
  if (d.date > today) return 'date-future';
  if (birthDate && d.date < birthDate.slice(0, 10)) return 'date-before-birth';
  return null;
}

/** The Immunization a valid draft becomes. */
export function immunizationResource(d: ImmunizationDraft, ctx: { patientId: string; recorded: string; performer?: Reference; encounter?: Reference }): Immunization {
  const known = VACCINES.find((v) => v.code === d.vaccine);
  return {
    resourceType: 'Immunization',
    status: d.given ? 'completed' : 'not-done',
    vaccineCode: known ? { coding: [{ system: CVX, code: known.code, display: known.display }], text: known.display } : { text: d.otherName.trim() },
    patient: { reference: `Patient/${ctx.patientId}` },
    occurrenceDateTime: d.date,
    recorded: ctx.recorded,
    primarySource: true,
    ...(d.lot.trim() ? { lotNumber: d.lot.trim() } : {}),
    ...(ctx.performer ? { performer: [{ actor: ctx.performer }] } : {}),
    ...(ctx.encounter ? { encounter: ctx.encounter } : {}),
  };
}
