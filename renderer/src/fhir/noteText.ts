/** Note text in and out of a DocumentReference's base64 text/plain attachment (UTF-8). */
import type { CodeableConcept, DocumentReference, Reference } from 'fhir/r4';

/** UTF-8 text to base64. */
export function textToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** Bytes to base64 (in chunks, so large images do not overflow the call stack). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** base64 to bytes. */
export function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** base64 to UTF-8 text. */
export function base64ToText(b64: string): string {
  return new TextDecoder().decode(base64ToBytes(b64));
}

/** The text of a note's first text/plain attachment ('' when none). */
export function noteTextOf(doc: DocumentReference): string {
  const att = doc.content.find((c) => c.attachment.contentType?.startsWith('text/plain'))?.attachment;
  return att?.data ? base64ToText(att.data) : '';
}

/** A note's title: its description, else its type. */
export function noteTitleOf(doc: DocumentReference): string {
  return doc.description ?? doc.type?.text ?? doc.type?.coding?.[0]?.display ?? '';
}

/** A DocumentReference for the given text, keeping the rest of `base` (id, meta, dates). */
export function withNoteText(base: DocumentReference, text: string, title: string): DocumentReference {
  return {
    ...base,
    description: title,
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: textToBase64(text) } }],
  };
}

/** Who writes a new note, during which visit, of which document type. */
export interface NewNoteOptions {
  author?: Reference;
  encounter?: Reference;
  type?: CodeableConcept;
}

/** A new, current clinical note (a draft: docStatus preliminary) for a patient. */
export function newNote(patientId: string, now: Date = new Date(), options: NewNoteOptions = {}): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    docStatus: 'preliminary',
    type: options.type ?? { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }], text: 'Progress note' },
    subject: { reference: `Patient/${patientId}` },
    date: now.toISOString(),
    ...(options.author ? { author: [options.author] } : {}),
    ...(options.encounter ? { context: { encounter: [options.encounter] } } : {}),
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: '' } }],
  };
}
