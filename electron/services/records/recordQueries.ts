/** Read-side queries: patient search, one patient's chart by pages, note full-text search. */
import { BedsideError } from '../errors';
import { isJsonObject, type JsonObject } from '../json';
import type { Db } from './database';
import { ftsPrefixQuery } from './ftsQuery';
import type { ResourceStore } from './resourceStore';

/** One patient in a search result. */
export interface PatientSummary {
  id: string;
  name: string;
  birthDate: string | null;
  gender: string | null;
  identifiers: string[];
}

/** One page of a chart, newest first. */
export interface ChartPage {
  patientId: string;
  resources: JsonObject[];
  /** Pass back to get the next (older) page; null at the end. */
  nextCursor: string | null;
}

/** One note matching a text search. */
export interface NoteHit {
  type: string;
  id: string;
  patientId: string | null;
  date: string;
  /** The matching passage, with matches in [brackets]. */
  snippet: string;
}

/** A display name for a Patient: official name first, then any. */
export function displayName(patient: JsonObject): string {
  const names = Array.isArray(patient.name) ? patient.name.filter(isJsonObject) : [];
  const n = names.find((x) => x.use === 'official') ?? names[0];
  if (!n) return '(no name)';
  if (typeof n.text === 'string') return n.text;
  const given = Array.isArray(n.given) ? n.given.filter((g): g is string => typeof g === 'string') : [];
  return [...given, typeof n.family === 'string' ? n.family : ''].join(' ').trim() || '(no name)';
}

/** Patient search summary of a stored Patient. */
export function patientSummary(patient: JsonObject): PatientSummary {
  const identifiers = Array.isArray(patient.identifier)
    ? patient.identifier.filter(isJsonObject).map((i) => i.value).filter((v): v is string => typeof v === 'string')
    : [];
  return {
    id: String(patient.id),
    name: displayName(patient),
    birthDate: typeof patient.birthDate === 'string' ? patient.birthDate : null,
    gender: typeof patient.gender === 'string' ? patient.gender : null,
    identifiers: identifiers.slice(0, 5),
  };
}

function encodeCursor(date: string, rowid: number): string {
  return Buffer.from(JSON.stringify([date, rowid])).toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && Number.isInteger(v[1])) return [v[0], v[1] as number];
  } catch {
    // fall through to the error below
  }
  throw new BedsideError('invalid-input', 'The chart page marker is not valid (the chart may have been reopened). Load the chart again from the top.');
}

/** Prepared read queries over one database. */
export class RecordQueries {
  private readonly q;

  constructor(
    db: Db,
    private readonly store: ResourceStore,
  ) {
    this.q = {
      searchRanked: db.prepare<[string, number], { json: string }>(
        'SELECT r.json FROM patients_fts f JOIN resources r ON r.rowid = f.rowid WHERE patients_fts MATCH ? ORDER BY f.rank LIMIT ?',
      ),
      searchUnranked: db.prepare<[string, number], { json: string }>(
        'SELECT r.json FROM patients_fts f JOIN resources r ON r.rowid = f.rowid WHERE patients_fts MATCH ? LIMIT ?',
      ),
      chartFirst: db.prepare<[string, number], { rowid: number; date: string; json: string }>(
        'SELECT rowid, date, json FROM resources WHERE patient_id = ? ORDER BY date DESC, rowid DESC LIMIT ?',
      ),
      chartAfter: db.prepare<[string, string, number, number], { rowid: number; date: string; json: string }>(
        'SELECT rowid, date, json FROM resources WHERE patient_id = ? AND (date, rowid) < (?, ?) ORDER BY date DESC, rowid DESC LIMIT ?',
      ),
      notes: db.prepare<[string, number], NoteHit>(
        "SELECT r.type, r.id, r.patient_id AS patientId, r.date, snippet(notes_fts, 1, '[', ']', '…', 16) AS snippet FROM notes_fts f JOIN resources r ON r.rowid = f.rowid WHERE notes_fts MATCH ? ORDER BY f.rank LIMIT ?",
      ),
      notesOfPatient: db.prepare<[string, string, number], NoteHit>(
        "SELECT r.type, r.id, r.patient_id AS patientId, r.date, snippet(notes_fts, 1, '[', ']', '…', 16) AS snippet FROM notes_fts f JOIN resources r ON r.rowid = f.rowid WHERE notes_fts MATCH ? AND f.patient_id = ? ORDER BY f.rank LIMIT ?",
      ),
    };
  }

  /** Patients whose name, identifier (MRN) or birth date starts with each typed term. */
  searchPatients(text: string, limit: number): PatientSummary[] {
    const query = ftsPrefixQuery(text);
    if (!query) return [];
    // Ranking every match of a one- or two-letter prefix costs more than it helps.
    const ranked = text.replace(/[^\p{L}\p{N}]/gu, '').length >= 3;
    const rows = (ranked ? this.q.searchRanked : this.q.searchUnranked).all(query, limit);
    return rows.map((r) => patientSummary(JSON.parse(r.json) as JsonObject));
  }

  /** One page of a patient's chart (every resource, the Patient included), newest first. */
  chart(patientId: string, cursor: string | undefined, limit: number): ChartPage {
    const rows = cursor === undefined ? this.q.chartFirst.all(patientId, limit + 1) : this.q.chartAfter.all(patientId, ...decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      patientId,
      resources: page.map((r) => this.store.parseStored(r.json)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.date, last.rowid) : null,
    };
  }

  /** Notes whose text contains every typed term (prefix match), best first. */
  searchNotes(text: string, patientId: string | undefined, limit: number): NoteHit[] {
    const query = ftsPrefixQuery(text);
    if (!query) return [];
    return patientId === undefined ? this.q.notes.all(query, limit) : this.q.notesOfPatient.all(query, patientId, limit);
  }
}
