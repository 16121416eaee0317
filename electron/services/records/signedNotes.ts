/**
 * Signed notes are final: a DocumentReference whose docStatus is `final` or `amended` is never
 * edited in place. Its content can only be replaced by an amendment (a new DocumentReference that
 * `relatesTo` it with code `replaces`); the signed version may then change only its `status`
 * (to `superseded`, or `entered-in-error`), so the old text stays readable. A note is signed by
 * the person signed in: its `authenticator` must name the session's user. Checked in the record
 * store inside every save, whichever channel carries it.
 */
import { BedsideError } from '../errors';
import { canonicalJson, isJsonObject, type JsonObject } from '../json';
import { extractBinaries } from './attachments';

/** The identifier system of Bedside user names in references (renderer/src/features/auth/session.tsx). */
export const USER_SYSTEM = 'urn:bedside:user';

const SIGNED = new Set(['final', 'amended']);

/** Whether a stored DocumentReference is signed. */
export function isSignedNote(r: JsonObject | undefined): boolean {
  return !!r && r.resourceType === 'DocumentReference' && typeof r.docStatus === 'string' && SIGNED.has(r.docStatus);
}

/** The resource without what a status change may touch (meta, status), as canonical JSON. */
function contentOf(r: JsonObject): string {
  const { meta: _meta, status: _status, ...rest } = extractBinaries(r).resource;
  return canonicalJson(rest);
}

/** The user name an authenticator reference names, if any. */
function authenticatorUser(r: JsonObject): string | undefined {
  const a = r.authenticator;
  if (!isJsonObject(a) || !isJsonObject(a.identifier)) return undefined;
  return a.identifier.system === USER_SYSTEM && typeof a.identifier.value === 'string' ? a.identifier.value : undefined;
}

/**
 * Refuses a save that would edit a signed note in place, or sign a note in another user's name.
 * `actor` is the audit-trail actor (`user:<name>`; the command line signs as itself).
 */
export function checkSignedNote(actor: string, existing: JsonObject | undefined, incoming: JsonObject): void {
  if (incoming.resourceType !== 'DocumentReference') return;
  if (isSignedNote(existing)) {
    if (contentOf(existing!) !== contentOf(incoming)) {
      throw new BedsideError(
        'conflict',
        'This note is signed and cannot be changed. To correct it, amend it: Bedside writes a new version that replaces it, and the signed one stays readable. Nothing was saved.',
      );
    }
    return;
  }
  if (isSignedNote(incoming) && actor.startsWith('user:')) {
    const signer = authenticatorUser(incoming);
    if (signer?.toLowerCase() !== actor.slice(5).toLowerCase()) {
      throw new BedsideError('forbidden', `A note is signed in the name of the person signed in (${actor.slice(5)}), and this one names ${signer ?? 'no one'} as its signer. Nothing was saved; sign it from your own session.`);
    }
  }
}
