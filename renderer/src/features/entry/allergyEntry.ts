/**
 * An allergy as entered: a substance picked from the drug vocabulary (cds.searchDrugs; its
 * ingredient name is what the drug–allergy order check reads) or typed as free text, which is
 * flagged (Bedside cannot check orders against a name it does not know), with reaction, severity,
 * clinical and verification status, written as a FHIR R4 AllergyIntolerance.
 */
import type { AllergyIntolerance, Reference } from 'fhir/r4';
import type { VocabularyHitDto } from '../../../../electron/contract/schemas/medication';

/** FHIR allergyintolerance-clinical / -verification code systems (R4). */
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';
/** WHO ATC, the classification the drug vocabulary carries. */
const ATC = 'http://www.whocc.no/atc';
/** The extension that marks a substance typed as free text, not found in the drug vocabulary. */
export const FREE_TEXT_SUBSTANCE = 'urn:bedside:allergy-substance-free-text';

export type Severity = 'mild' | 'moderate' | 'severe';
export type AllergyClinical = 'active' | 'inactive' | 'resolved';
export type AllergyVerification = 'unconfirmed' | 'confirmed' | 'refuted';

/** What the form holds. */
export interface AllergyDraft {
  picked: VocabularyHitDto | null;
  freeText: string;
  /** True when the substance is typed and not from the vocabulary. */
  notListed: boolean;
  reaction: string;
  severity: Severity | '';
  clinical: AllergyClinical;
  verification: AllergyVerification;
}

/** Why the draft cannot be saved yet (null: it can). */
export function allergyProblem(d: AllergyDraft): 'no-substance' | 'pick-or-flag' | null {
  if (d.picked) return null;
  if (!d.freeText.trim()) return 'no-substance';
  return d.notListed ? null : 'pick-or-flag';
}

/** Whether an AllergyIntolerance's substance was typed as free text (not checked against orders by name). */
export function isFreeTextAllergy(a: AllergyIntolerance): boolean {
  return (a.extension ?? []).some((e) => e.url === FREE_TEXT_SUBSTANCE && e.valueBoolean === true);
}

/** The AllergyIntolerance a valid draft becomes. */
export function allergyResource(d: AllergyDraft, ctx: { patientId: string; recorded: string; recorder?: Reference; encounter?: Reference }): AllergyIntolerance {
  if (allergyProblem(d)) throw new Error('The allergy has no substance; nothing was saved.');
  const code = d.picked
    ? { text: d.picked.name, ...(d.picked.atc.length ? { coding: d.picked.atc.map((c) => ({ system: ATC, code: c, display: d.picked!.name })) } : {}) }
    : { text: d.freeText.trim() };
  return {
    resourceType: 'AllergyIntolerance',
    ...(d.picked ? {} : { extension: [{ url: FREE_TEXT_SUBSTANCE, valueBoolean: true }] }),
    clinicalStatus: { coding: [{ system: CLINICAL, code: d.clinical }] },
    verificationStatus: { coding: [{ system: VERIFICATION, code: d.verification }] },
    type: 'allergy',
    category: ['medication'],
    ...(d.severity === 'severe' ? { criticality: 'high' as const } : {}),
    code,
    patient: { reference: `Patient/${ctx.patientId}` },
    recordedDate: ctx.recorded,
    ...(ctx.recorder ? { recorder: ctx.recorder } : {}),
    ...(ctx.encounter ? { encounter: ctx.encounter } : {}),
    ...(d.reaction.trim() || d.severity
      ? { reaction: [{ manifestation: [{ text: d.reaction.trim() || 'not described' }], ...(d.severity ? { severity: d.severity } : {}) }] }
      : {}),
  };
}

/** A change a clinician makes to a recorded allergy. */
export type AllergyChange = 'confirm' | 'refute' | 'resolve';

/**
 * The allergy after a change (a status change: clinicians only, per the write table). Refuting
 * keeps a clinical status (FHIR R4 ait-1: present unless entered in error); resolving sets
 * `resolved` and a note of when.
 */
export function changedAllergy(a: AllergyIntolerance, change: AllergyChange): AllergyIntolerance {
  switch (change) {
    case 'confirm':
      return { ...a, verificationStatus: { coding: [{ system: VERIFICATION, code: 'confirmed' }] } };
    case 'refute':
      return { ...a, clinicalStatus: { coding: [{ system: CLINICAL, code: 'inactive' }] }, verificationStatus: { coding: [{ system: VERIFICATION, code: 'refuted' }] } };
    case 'resolve':
      return { ...a, clinicalStatus: { coding: [{ system: CLINICAL, code: 'resolved' }] } };
  }
}

/** Whether an allergy counts as current: not resolved or inactive, not refuted or entered in error. */
export function isCurrentAllergy(a: AllergyIntolerance): boolean {
  const clinical = a.clinicalStatus?.coding?.[0]?.code ?? 'active';
  const verification = a.verificationStatus?.coding?.[0]?.code;
  return clinical === 'active' && verification !== 'refuted' && verification !== 'entered-in-error';
}
