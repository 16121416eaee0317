/**
 * The day list: the visits (FHIR Encounters) open at any time in a window (the workstation's
 * day, sent by the client so "today" is the clinic's local day): those that started in it, those
 * that started before and ended in it (a visit across midnight, up to a week long), and every
 * visit still in progress whatever day it started; each with its patient, newest first within
 * open/closed.
 */
import type { Db } from './database';
import { isJsonObject, type JsonObject } from '../json';
import { patientSummary, type PatientSummary } from './recordQueries';

/** One visit on the day list. */
export interface DayVisit {
  encounterId: string;
  patient: PatientSummary;
  status: string;
  start: string | null;
  end: string | null;
  clinicians: string[];
}

const periodOf = (e: JsonObject): { start: string | null; end: string | null } => {
  const p = isJsonObject(e.period) ? e.period : {};
  return { start: typeof p.start === 'string' ? p.start : null, end: typeof p.end === 'string' ? p.end : null };
};

/** Visits open at some time in [`from`, `to`), plus every open visit, at most `limit`. */
export function dayList(db: Db, from: string, to: string, limit: number): DayVisit[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  // The index date of an Encounter is its period.start; a week before covers visits that began
  // before the day and ended in it, a day after covers time-zone offsets written differently, and
  // the exact window is applied below on instants.
  const lo = new Date(fromMs - 7 * 86_400_000).toISOString();
  const hi = new Date(toMs + 86_400_000).toISOString();
  const rows = db
    .prepare<[string, string], string>("SELECT json FROM resources WHERE type = 'Encounter' AND ((date >= ? AND date < ?) OR status = 'in-progress') ORDER BY date DESC LIMIT 2000")
    .pluck()
    .all(lo, hi);
  const patientJson = db.prepare<[string], string>("SELECT json FROM resources WHERE type = 'Patient' AND id = ?").pluck();
  const out: DayVisit[] = [];
  for (const json of rows) {
    const e = JSON.parse(json) as JsonObject;
    const { start, end } = periodOf(e);
    const status = typeof e.status === 'string' ? e.status : 'unknown';
    const startMs = start ? Date.parse(start) : Number.NaN;
    const endMs = end ? Date.parse(end) : startMs;
    if (status !== 'in-progress' && !(startMs < toMs && endMs >= fromMs)) continue;
    const ref = isJsonObject(e.subject) && typeof e.subject.reference === 'string' ? e.subject.reference : '';
    if (!ref.startsWith('Patient/')) continue;
    const p = patientJson.get(ref.slice(8));
    if (!p) continue;
    const participants = Array.isArray(e.participant) ? e.participant.filter(isJsonObject) : [];
    const clinicians = participants.map((x) => (isJsonObject(x.individual) && typeof x.individual.display === 'string' ? x.individual.display : '')).filter(Boolean);
    out.push({ encounterId: String(e.id), patient: patientSummary(JSON.parse(p) as JsonObject), status, start, end, clinicians });
    if (out.length >= limit) break;
  }
  // Open visits first (still to be seen to), then the day's closed ones; newest first in each.
  return out.sort((a, b) => Number(b.status === 'in-progress') - Number(a.status === 'in-progress') || (b.start ?? '').localeCompare(a.start ?? ''));
}
