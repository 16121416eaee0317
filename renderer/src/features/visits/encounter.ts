/**
 * Visits as FHIR R4 Encounters: started in-progress with the signed-in clinician as participant,
 * closed as finished with an end time. Everything entered while a visit is open points at it
 * (Observation.encounter, AllergyIntolerance.encounter, Condition.encounter,
 * Immunization.encounter, DocumentReference.context.encounter).
 */
import type { DocumentReference, Encounter, Reference, Resource } from 'fhir/r4';
import { userReference, type SessionUser } from '../auth/session';

/** HL7 v3 ActCode AMB: an outpatient (ambulatory) visit, the usual clinic encounter. */
const AMBULATORY = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' } as const;

/** A new visit for a patient, in progress from `now`, with the clinician who started it. */
export function newVisit(patientId: string, user: SessionUser | null, now: Date = new Date()): Encounter {
  return {
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { ...AMBULATORY },
    type: [{ text: 'Clinic visit' }],
    subject: { reference: `Patient/${patientId}` },
    period: { start: now.toISOString() },
    ...(user ? { participant: [{ individual: userReference(user) }] } : {}),
  };
}

/** The visit closed at `now` (finished, with its end time). */
export function closedVisit(visit: Encounter, now: Date = new Date()): Encounter {
  return { ...visit, status: 'finished', period: { ...visit.period, end: now.toISOString() } };
}

/** The patient's open visit (in progress, newest start first), if any. */
export function openVisit(resources: readonly Resource[]): (Encounter & { id: string }) | undefined {
  const open = resources.filter((r): r is Encounter & { id: string } => r.resourceType === 'Encounter' && (r as Encounter).status === 'in-progress' && typeof r.id === 'string');
  open.sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''));
  return open[0];
}

/** A Reference to a visit, for the records entered during it. */
export function visitReference(visit: { id?: string } | undefined): Reference | undefined {
  return visit?.id ? { reference: `Encounter/${visit.id}` } : undefined;
}

/** The names of the clinicians who took part in a visit. */
export function visitClinicians(visit: Encounter): string[] {
  return (visit.participant ?? []).map((p) => p.individual?.display ?? '').filter(Boolean);
}

/** Notes linked to a visit that are still drafts (not signed, not superseded or entered in error). */
export function unsignedNotesOf(visitId: string, resources: readonly Resource[]): number {
  return resources.filter((r): r is DocumentReference => {
    if (r.resourceType !== 'DocumentReference') return false;
    const n = r as DocumentReference;
    const inVisit = n.context?.encounter?.some((e) => e.reference === `Encounter/${visitId}`) ?? false;
    return inVisit && n.status === 'current' && n.docStatus !== 'final' && n.docStatus !== 'amended';
  }).length;
}
