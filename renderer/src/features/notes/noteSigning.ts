/**
 * Notes as clinical documents (FHIR R4 DocumentReference): a draft is `docStatus: preliminary`
 * and saves itself; signing makes it `final` with the signer as `authenticator`; a signed note is
 * never edited: an amendment is a new note that `relatesTo` it with code `replaces`, signed as
 * `amended`, after which the old one becomes `status: superseded` and stays readable. The record
 * store refuses any in-place edit of a signed note (electron/services/records/signedNotes.ts).
 */
import type { DocumentReference, Reference } from 'fhir/r4';
import { userReference, type SessionUser } from '../auth/session';
import { noteTextOf, noteTitleOf, withNoteText } from '../../fhir/noteText';

/** Whether a note is signed (final or amended). */
export function isSigned(note: DocumentReference | undefined): boolean {
  return note?.docStatus === 'final' || note?.docStatus === 'amended';
}

/** The id of the note an amendment replaces, if it is one. */
export function replacesId(note: DocumentReference): string | undefined {
  const target = note.relatesTo?.find((r) => r.code === 'replaces')?.target?.reference;
  return target?.startsWith('DocumentReference/') ? target.slice('DocumentReference/'.length) : undefined;
}

/** The note as signed by `user` (final, or amended for an amendment). */
export function signedNote(note: DocumentReference, user: SessionUser): DocumentReference {
  return { ...note, docStatus: replacesId(note) ? 'amended' : 'final', authenticator: userReference(user) };
}

/** A new draft that amends a signed note: same type, patient and visit, its text to start from. */
export function amendmentOf(note: DocumentReference & { id: string }, author: Reference | undefined, now: Date = new Date()): DocumentReference {
  const draft: DocumentReference = {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'preliminary',
    ...(note.type ? { type: note.type } : {}),
    subject: note.subject ?? {},
    date: now.toISOString(),
    ...(author ? { author: [author] } : {}),
    relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${note.id}` } }],
    ...(note.context ? { context: note.context } : {}),
    content: [],
  };
  return withNoteText(draft, noteTextOf(note), noteTitleOf(note));
}

/** The signed note marked superseded by its amendment (only its status changes). */
export function supersededNote(note: DocumentReference): DocumentReference {
  return { ...note, status: 'superseded' };
}

/** Who signed a note, as its authenticator names them. */
export function signerName(note: DocumentReference): string {
  return note.authenticator?.display ?? note.authenticator?.identifier?.value ?? '';
}

/** Who wrote a note (its authors' names). */
export function authorNames(note: DocumentReference): string {
  return (note.author ?? []).map((a) => a.display ?? a.identifier?.value ?? '').filter(Boolean).join(', ');
}
