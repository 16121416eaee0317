/**
 * Recently opened patients, kept in this browser's local storage (ids and names only) for the
 * signed-in session: cleared at sign-out and whenever the session is found signed out, so the
 * next person at a shared workstation does not see whose charts were opened (issue #19).
 */

/** A recent patient. */
export interface RecentPatient {
  id: string;
  name: string;
  mrn: string;
  birthDate: string;
}

const KEY = 'bedside.recentPatients';
export const MAX_RECENT = 8;

/** Puts a patient first, without duplicates, keeping at most `max`. Pure. */
export function withRecent(list: readonly RecentPatient[], patient: RecentPatient, max = MAX_RECENT): RecentPatient[] {
  return [patient, ...list.filter((p) => p.id !== patient.id)].slice(0, max);
}

/** The stored list (empty when absent or unreadable). */
export function loadRecent(storage: Pick<Storage, 'getItem'> = localStorage): RecentPatient[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed.filter((p) => p && typeof p === 'object' && typeof (p as RecentPatient).id === 'string') as RecentPatient[]) : [];
  } catch {
    return [];
  }
}

/** Stores the list. */
export function saveRecent(list: readonly RecentPatient[], storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(list));
}

/** Forgets the list (at sign-out). */
export function clearRecent(storage: Pick<Storage, 'removeItem'> = localStorage): void {
  storage.removeItem(KEY);
}
