/**
 * Note text for full-text search: the text/plain attachments of DocumentReference (and
 * DiagnosticReport.presentedForm), decoded from base64. Also the per-note size limit.
 */
import { BedsideError } from '../errors';
import { isJsonObject, type JsonObject } from '../json';

/** Largest note Bedside stores: 5 MiB of text (a long discharge summary is well under 1 MiB). */
export const MAX_NOTE_BYTES = 5 * 1024 * 1024;

/** Largest resource (JSON, including inline images) Bedside stores: 64 MiB. */
export const MAX_RESOURCE_BYTES = 64 * 1024 * 1024;

function attachmentsOf(resource: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  if (resource.resourceType === 'DocumentReference' && Array.isArray(resource.content)) {
    for (const c of resource.content) if (isJsonObject(c) && isJsonObject(c.attachment)) out.push(c.attachment);
  }
  if (resource.resourceType === 'DiagnosticReport' && Array.isArray(resource.presentedForm)) {
    for (const a of resource.presentedForm) if (isJsonObject(a)) out.push(a);
  }
  return out;
}

const isText = (a: JsonObject): boolean => typeof a.contentType === 'string' && a.contentType.toLowerCase().startsWith('text/');

/** Decoded bytes of a base64 string, without decoding it. */
function decodedLength(b64: string): number {
  return Math.floor((b64.length * 3) / 4);
}

/** Refuses a note larger than the limit, naming the resource. */
export function assertNoteSize(resource: JsonObject, label: string): void {
  for (const a of attachmentsOf(resource)) {
    if (!isText(a) || typeof a.data !== 'string') continue;
    const bytes = decodedLength(a.data);
    if (bytes > MAX_NOTE_BYTES) {
      throw new BedsideError(
        'too-large',
        `${label}: the note is ${(bytes / 1024 / 1024).toFixed(1)} MB of text; Bedside accepts notes up to ${MAX_NOTE_BYTES / 1024 / 1024} MB. The note was not saved. Split it into smaller notes, or attach it as a PDF document.`,
      );
    }
  }
}

/** The searchable text of a note (empty when the resource carries no text). */
export function noteTextOf(resource: JsonObject): string {
  const parts: string[] = [];
  for (const a of attachmentsOf(resource)) {
    if (isText(a) && typeof a.data === 'string') parts.push(Buffer.from(a.data, 'base64').toString('utf8'));
  }
  if (resource.resourceType === 'DocumentReference' && typeof resource.description === 'string') parts.push(resource.description);
  return parts.join('\n');
}
