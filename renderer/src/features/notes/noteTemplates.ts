/**
 * Note templates: SOAP (Weed's problem-oriented progress note: Subjective, Objective,
 * Assessment, Plan) and a referral letter. Each sets the note's LOINC document type
 * (11506-3 Progress note, 57133-1 Referral note) and starts the text with its headings, in the
 * user's language.
 */
import type { CodeableConcept } from 'fhir/r4';
import type { MessageKey } from '../../i18n';

/** The templates a new note can start from. */
export type NoteTemplateId = 'blank' | 'soap' | 'referral';

/** One template: the document type and the headings (message keys) the text starts with. */
export interface NoteTemplate {
  id: NoteTemplateId;
  type: CodeableConcept;
  headings: readonly MessageKey[];
}

const PROGRESS: CodeableConcept = { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }], text: 'Progress note' };
const REFERRAL: CodeableConcept = { coding: [{ system: 'http://loinc.org', code: '57133-1', display: 'Referral note' }], text: 'Referral note' };

export const NOTE_TEMPLATES: Record<NoteTemplateId, NoteTemplate> = {
  blank: { id: 'blank', type: PROGRESS, headings: [] },
  soap: { id: 'soap', type: PROGRESS, headings: ['notes.soap.subjective', 'notes.soap.objective', 'notes.soap.assessment', 'notes.soap.plan'] },
  referral: { id: 'referral', type: REFERRAL, headings: ['notes.referral.to', 'notes.referral.reason', 'notes.referral.history', 'notes.referral.medications', 'notes.referral.allergies', 'notes.referral.question'] },
};

/** The starting text of a template: each heading on its own line, followed by a blank line. */
export function templateText(template: NoteTemplate, t: (key: MessageKey) => string): string {
  return template.headings.map((h) => `${t(h)}:\n\n`).join('');
}
