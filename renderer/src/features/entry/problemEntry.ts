/**
 * Problems as FHIR R4 Conditions (problem-list items): the name as typed, onset, clinical status
 * and verification status (provisional, confirmed, refuted; HL7 condition-ver-status), and the
 * changes made to a recorded problem (confirm, refute, resolve with an abatement date). A
 * problem accepted from a suggestion arrives provisional and stays so until a clinician confirms it.
 */
import type { Condition, Reference } from 'fhir/r4';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const PROBLEM_LIST_ITEM = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item', display: 'Problem List Item' }] };

export type ProblemClinical = 'active' | 'inactive' | 'resolved';
export type ProblemVerification = 'provisional' | 'confirmed' | 'refuted';

/** What the problem form holds; onset is a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) or ''. */
export interface ProblemDraft {
  name: string;
  onset: string;
  clinical: ProblemClinical;
  verification: ProblemVerification;
}

/** Why a draft cannot be saved (null: it can). */
export type ProblemIssue = 'no-name' | 'onset-format' | 'onset-future' | 'onset-before-birth';

const FHIR_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Checks a draft against today and the patient's birth date. */
export function problemIssue(d: ProblemDraft, today: string, birthDate?: string): ProblemIssue | null {
  if (!d.name.trim()) return 'no-name';
  const onset = d.onset.trim();
  if (!onset) return null;
  if (!FHIR_DATE.test(onset) || Number.isNaN(Date.parse(onset))) return 'onset-format';
  if (onset.slice(0, 10) > today.slice(0, onset.length)) return 'onset-future';
  if (birthDate && onset < birthDate.slice(0, onset.length)) return 'onset-before-birth';
  return null;
}

const coded = (system: string, code: string) => ({ coding: [{ system, code }] });

/** The Condition a valid draft becomes. */
export function problemResource(d: ProblemDraft, ctx: { patientId: string; recorded: string; recorder?: Reference; encounter?: Reference }): Condition {
  return {
    resourceType: 'Condition',
    clinicalStatus: coded(CLINICAL, d.clinical),
    verificationStatus: coded(VERIFICATION, d.verification),
    category: [PROBLEM_LIST_ITEM],
    code: { text: d.name.trim() },
    subject: { reference: `Patient/${ctx.patientId}` },
    ...(d.onset.trim() ? { onsetDateTime: d.onset.trim() } : {}),
    ...(d.clinical === 'resolved' ? { abatementDateTime: ctx.recorded } : {}),
    recordedDate: ctx.recorded,
    ...(ctx.recorder ? { recorder: ctx.recorder } : {}),
    ...(ctx.encounter ? { encounter: ctx.encounter } : {}),
  };
}

/** The verification status of a problem ('' when none is recorded). */
export function verificationOf(c: Condition): string {
  return c.verificationStatus?.coding?.[0]?.code ?? '';
}

/** The clinical status of a problem ('' when none is recorded). */
export function clinicalOf(c: Condition): string {
  return c.clinicalStatus?.coding?.[0]?.code ?? '';
}

/** A change a clinician makes to a recorded problem. */
export type ProblemChange = 'confirm' | 'refute' | 'resolve';

/** The problem after a change (a status change, audited by the record store as such). */
export function changedProblem(c: Condition, change: ProblemChange, now: string): Condition {
  switch (change) {
    case 'confirm':
      return { ...c, verificationStatus: coded(VERIFICATION, 'confirmed') };
    case 'refute':
      // The clinical status stays (FHIR R4 con-3: a problem-list item keeps one unless entered in error).
      return { ...c, verificationStatus: coded(VERIFICATION, 'refuted') };
    case 'resolve':
      return { ...c, clinicalStatus: coded(CLINICAL, 'resolved'), abatementDateTime: now };
  }
}
