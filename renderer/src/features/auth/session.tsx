/**
 * The signed-in clinician, for the screens that stamp what they write (a visit's participant, a
 * vital sign's performer, a note's author and signer). Provided by AuthGate from auth.status, so
 * the name comes from the session, never from a field the user types.
 */
import { createContext, useContext } from 'react';
import type { Reference } from 'fhir/r4';

/** The signed-in user as the chart needs them. */
export interface SessionUser {
  username: string;
  displayName: string;
  roles: readonly string[];
}

/** The identifier system of Bedside user names (a user is not a FHIR Practitioner resource yet). */
export const USER_SYSTEM = 'urn:bedside:user';

export const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user, or null outside a session (tests, the benchmark). */
export function useSessionUser(): SessionUser | null {
  return useContext(SessionContext);
}

/** A FHIR Reference to the user: their user name as an identifier, their full name as display. */
export function userReference(user: SessionUser): Reference {
  return { identifier: { system: USER_SYSTEM, value: user.username }, display: user.displayName };
}
