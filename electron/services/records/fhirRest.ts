/**
 * The FHIR R4 REST read interactions over the record store (read, vread, history, search), for
 * the browser host's `/fhir` API. Resources go out exactly as stored (decimals keep their text,
 * attachments their bytes); every read and search is audited with the caller as the actor.
 * Search parameters supported are listed in SEARCH_PARAMETERS (the CapabilityStatement says the
 * same); any other parameter is refused rather than silently ignored.
 */
import { BedsideError } from '../errors';
import type { JsonObject } from '../json';
import { AuditLog } from './auditLog';
import type { Db } from './database';
import { stringifyJson } from './losslessJson';
import { ResourceStore } from './resourceStore';
import { isR4ResourceType } from './resourceTypes';

/** Search parameters by resource type ('*' applies to every type). */
export const SEARCH_PARAMETERS: Record<string, readonly { name: string; type: 'token' | 'reference' | 'date' | 'string'; documentation: string }[]> = {
  '*': [
    { name: '_id', type: 'token', documentation: 'Logical id; several separated by commas.' },
    { name: '_lastUpdated', type: 'date', documentation: 'meta.lastUpdated, with the prefixes eq, gt, ge, lt, le, at the precision given (UTC).' },
  ],
  clinical: [
    { name: 'patient', type: 'reference', documentation: 'The patient the record belongs to: Patient/<id> or <id>.' },
    { name: 'subject', type: 'reference', documentation: 'Same as patient (Bedside keeps records of patients only).' },
    { name: 'code', type: 'token', documentation: 'Any coding of the main code (MedicationRequest: medicationCodeableConcept): [system]|code or code; several separated by commas.' },
    { name: 'date', type: 'date', documentation: "Bedside's clinical date of the record (effective, onset, authored, period start, recorded, else lastUpdated), with the prefixes eq, gt, ge, lt, le, at the precision given (UTC)." },
  ],
  Patient: [
    { name: 'name', type: 'string', documentation: 'Starts with, case-insensitive, any of family, given, text.' },
    { name: 'identifier', type: 'token', documentation: '[system]|value or value.' },
  ],
};

/** The parameters a search on `type` accepts. */
export function searchParametersOf(type: string): readonly { name: string; type: string; documentation: string }[] {
  return [...SEARCH_PARAMETERS['*']!, ...(type === 'Patient' ? SEARCH_PARAMETERS.Patient! : SEARCH_PARAMETERS.clinical!)];
}

/** Result parameters every search accepts besides the search parameters. */
const CONTROL = new Set(['_count', '_offset', '_format']);
/** Largest and default page size. */
export const MAX_PAGE = 500;
const DEFAULT_PAGE = 50;

/** One page of search results: the stored JSON texts of the matches (lossless) and the paging facts. */
export interface SearchPage {
  total: number;
  offset: number;
  count: number;
  resources: { type: string; id: string; json: string }[];
}

const DATE = /^(eq|ne|gt|ge|lt|le|sa|eb|ap)?(\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?)$/;

/** The half-open range [lo, hi) a FHIR date search value covers, as strings comparable with the stored sortable dates. */
function dateRange(value: string): { prefix: string; lo: string; hi: string } {
  const m = DATE.exec(value);
  if (!m) throw new BedsideError('invalid-input', `"${value.slice(0, 60)}" is not a FHIR date search value (e.g. 2024, 2024-03, 2024-03-05, ge2024-03-05T10:00:00Z).`);
  const prefix = m[1] ?? 'eq';
  if (!['eq', 'gt', 'ge', 'lt', 'le'].includes(prefix)) throw new BedsideError('invalid-input', `The date prefix "${prefix}" is not supported; use eq, gt, ge, lt or le.`);
  const v = m[2]!;
  if (v.length === 4) return { prefix, lo: v, hi: String(Number(v) + 1) };
  if (v.length === 7) {
    const [y, mo] = v.split('-').map(Number) as [number, number];
    return { prefix, lo: v, hi: mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}` };
  }
  if (v.length === 10) {
    const next = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(next.getTime())) throw new BedsideError('invalid-input', `"${v}" is not a calendar date.`);
    next.setUTCDate(next.getUTCDate() + 1);
    return { prefix, lo: v, hi: next.toISOString().slice(0, 10) };
  }
  const t = new Date(v);
  if (Number.isNaN(t.getTime())) throw new BedsideError('invalid-input', `"${v}" is not a valid date and time.`);
  const lo = t.toISOString();
  return { prefix, lo, hi: new Date(t.getTime() + 1000).toISOString() };
}

function dateClause(column: string, values: readonly string[], where: string[], args: unknown[]): void {
  for (const value of values) {
    const { prefix, lo, hi } = dateRange(value);
    if (prefix === 'eq') {
      where.push(`${column} >= ? AND ${column} < ?`);
      args.push(lo, hi);
    } else if (prefix === 'ge' || prefix === 'gt') {
      where.push(`${column} >= ?`);
      args.push(prefix === 'ge' ? lo : hi);
    } else {
      where.push(`${column} < ?`);
      args.push(prefix === 'le' ? hi : lo);
    }
  }
}

const splitToken = (v: string): { system: string | null; code: string } => {
  const bar = v.indexOf('|');
  return bar < 0 ? { system: null, code: v } : { system: v.slice(0, bar), code: v.slice(bar + 1) };
};

/** Read-only FHIR REST over one records database. */
export class FhirRest {
  private open: { db: Db; store: ResourceStore; audit: AuditLog } | null = null;

  constructor(
    private readonly database: () => Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get s(): { db: Db; store: ResourceStore; audit: AuditLog } {
    const db = this.database();
    if (this.open?.db !== db) this.open = { db, store: new ResourceStore(db, this.now), audit: new AuditLog(db, this.now) };
    return this.open;
  }

  private checkType(type: string): void {
    if (!isR4ResourceType(type)) throw new BedsideError('not-found', `${type.slice(0, 60)} is not a FHIR R4 resource type.`);
  }

  /** The current version as stored (JSON text), audited; not-found or 'gone' (deleted) otherwise. */
  read(actor: string, type: string, id: string): { json: string; versionId: string; lastUpdated: string } {
    this.checkType(type);
    const row = this.s.db.prepare<[string, string], { json: string; version_id: string; last_updated: string; patient_id: string | null }>('SELECT json, version_id, last_updated, patient_id FROM resources WHERE type = ? AND id = ?').get(type, id);
    if (!row) {
      const deleted = this.s.db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM resource_history WHERE type = ? AND id = ? AND deleted = 1').get(type, id);
      throw new BedsideError('not-found', deleted ? `${type}/${id} was deleted.` : `${type}/${id} is not in Bedside.`, deleted ? { gone: true } : undefined);
    }
    this.s.audit.append({ actor, action: 'resource-read', patientId: row.patient_id, target: `${type}/${id}`, detail: 'FHIR API read' });
    return { json: stringifyJson(this.s.store.parseStoredLossless(row.json)), versionId: row.version_id, lastUpdated: row.last_updated };
  }

  /** Every version, newest first (deleted ones as markers), audited. */
  history(actor: string, type: string, id: string): { versionId: string; lastUpdated: string; deleted: boolean; json: string | null }[] {
    this.checkType(type);
    const s = this.s;
    const current = s.db.prepare<[string, string], { json: string; version_id: string; last_updated: string; patient_id: string | null }>('SELECT json, version_id, last_updated, patient_id FROM resources WHERE type = ? AND id = ?').get(type, id);
    const older = s.db.prepare<[string, string], { json: string; version_id: string; last_updated: string; deleted: number }>('SELECT json, version_id, last_updated, deleted FROM resource_history WHERE type = ? AND id = ? ORDER BY last_updated DESC, rowid DESC').all(type, id);
    const out = [
      ...(current ? [{ versionId: current.version_id, lastUpdated: current.last_updated, deleted: false, json: stringifyJson(s.store.parseStoredLossless(current.json)) }] : []),
      ...older.map((h) => ({ versionId: h.version_id, lastUpdated: h.last_updated, deleted: h.deleted === 1, json: h.deleted === 1 ? null : stringifyJson(s.store.parseStoredLossless(h.json)) })),
    ];
    if (out.length === 0) throw new BedsideError('not-found', `${type}/${id} is not in Bedside.`);
    s.audit.append({ actor, action: 'resource-read', patientId: current?.patient_id ?? null, target: `${type}/${id}`, detail: 'FHIR API history' });
    return out;
  }

  /** One version. */
  vread(actor: string, type: string, id: string, versionId: string): { json: string; versionId: string; lastUpdated: string } {
    const version = this.history(actor, type, id).find((v) => v.versionId === versionId);
    if (!version) throw new BedsideError('not-found', `${type}/${id} has no version ${versionId.slice(0, 40)}.`);
    if (!version.json) throw new BedsideError('not-found', `Version ${versionId} of ${type}/${id} is a deletion.`, { gone: true });
    return { json: version.json, versionId: version.versionId, lastUpdated: version.lastUpdated };
  }

  /** A search of one type; parameters as FHIR sends them (name → values, repeated names AND-ed). */
  search(actor: string, type: string, params: ReadonlyMap<string, readonly string[]>): SearchPage {
    this.checkType(type);
    const allowed = new Set(searchParametersOf(type).map((p) => p.name));
    // json_each has its own `json`, `type` and `id` columns: the store's are always named through `r.`.
    const where: string[] = ['r.type = ?'];
    const args: unknown[] = [type];
    let patientId: string | null = null;
    for (const [name, values] of params) {
      if (CONTROL.has(name)) continue;
      if (!allowed.has(name)) throw new BedsideError('invalid-input', `The search parameter "${name.slice(0, 60)}" is not supported on ${type}. Supported: ${[...allowed].join(', ')}, and _count.`);
      for (const value of values) {
        if (!value) throw new BedsideError('invalid-input', `The search parameter "${name}" has no value.`);
        const list = value.split(',');
        if (name === '_id') {
          where.push(`r.id IN (${list.map(() => '?').join(',')})`);
          args.push(...list);
        } else if (name === 'patient' || name === 'subject') {
          const ids = list.map((v) => (v.startsWith('Patient/') ? v.slice(8) : v));
          if (ids.some((v) => v.includes('/'))) throw new BedsideError('invalid-input', `"${value.slice(0, 60)}" is not a patient reference: use Patient/<id> or <id>.`);
          where.push(`r.patient_id IN (${ids.map(() => '?').join(',')})`);
          args.push(...ids);
          if (ids.length === 1) patientId = ids[0]!;
        } else if (name === 'code') {
          const path = type === 'MedicationRequest' ? '$.medicationCodeableConcept.coding' : '$.code.coding';
          const ors = list.map(splitToken).map((t) => {
            args.push(t.code);
            if (t.system === null) return "json_extract(c.value, '$.code') = ?";
            args.push(t.system);
            return t.system === '' ? "json_extract(c.value, '$.code') = ? AND json_extract(c.value, '$.system') IS NULL AND ? = ''" : "json_extract(c.value, '$.code') = ? AND json_extract(c.value, '$.system') = ?";
          });
          where.push(`EXISTS (SELECT 1 FROM json_each(r.json, '${path}') c WHERE ${ors.map((o) => `(${o})`).join(' OR ')})`);
        } else if (name === 'date') dateClause('r.date', list.length === 1 ? list : [value], where, args);
        else if (name === '_lastUpdated') dateClause('r.last_updated', [value], where, args);
        else if (name === 'name') {
          const ors = list.map((v) => {
            const p = `${v.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
            args.push(p, p, p);
            return "(lower(json_extract(n.value, '$.family')) LIKE ? ESCAPE '\\' OR lower(json_extract(n.value, '$.text')) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(n.value, '$.given') g WHERE lower(g.value) LIKE ? ESCAPE '\\'))";
          });
          where.push(`EXISTS (SELECT 1 FROM json_each(r.json, '$.name') n WHERE ${ors.join(' OR ')})`);
        } else if (name === 'identifier') {
          const ors = list.map(splitToken).map((t) => {
            args.push(t.code);
            if (t.system === null) return "json_extract(i.value, '$.value') = ?";
            args.push(t.system);
            return "json_extract(i.value, '$.value') = ? AND json_extract(i.value, '$.system') = ?";
          });
          where.push(`EXISTS (SELECT 1 FROM json_each(r.json, '$.identifier') i WHERE ${ors.map((o) => `(${o})`).join(' OR ')})`);
        }
      }
    }
    const count = intParam(params, '_count', DEFAULT_PAGE, 0, MAX_PAGE);
    const offset = intParam(params, '_offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const s = this.s;
    const sqlWhere = where.join(' AND ');
    const total = s.db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM resources r WHERE ${sqlWhere}`).get(...args)!.n;
    const rows = count === 0 ? [] : s.db.prepare<unknown[], { id: string; json: string }>(`SELECT r.id, r.json FROM resources r WHERE ${sqlWhere} ORDER BY r.rowid LIMIT ? OFFSET ?`).all(...args, count, offset);
    s.audit.append({ actor, action: 'resource-read', patientId, target: type, detail: `FHIR API search (${[...params.keys()].filter((k) => !CONTROL.has(k)).join(', ') || 'all'}): ${rows.length} of ${total}` });
    return { total, offset, count, resources: rows.map((r) => ({ type, id: r.id, json: stringifyJson(s.store.parseStoredLossless(r.json)) })) };
  }
}

function intParam(params: ReadonlyMap<string, readonly string[]>, name: string, fallback: number, min: number, max: number): number {
  const v = params.get(name)?.[0];
  if (v === undefined) return fallback;
  if (!/^\d{1,15}$/.test(v)) throw new BedsideError('invalid-input', `${name} must be a whole number.`);
  return Math.min(max, Math.max(min, Number(v)));
}

/** The JSON of a searchset or history Bundle, built around resources' exact JSON texts. */
export function bundleJson(kind: 'searchset' | 'history', total: number | undefined, links: { relation: string; url: string }[], entries: { fullUrl: string; json: string | null; extra: JsonObject }[]): string {
  const head: JsonObject = { resourceType: 'Bundle', type: kind, ...(total !== undefined ? { total } : {}), link: links };
  const items = entries.map((e) => {
    const rest = JSON.stringify({ fullUrl: e.fullUrl, ...e.extra });
    return e.json === null ? rest : `${rest.slice(0, -1)},"resource":${e.json}}`;
  });
  return `${JSON.stringify(head).slice(0, -1)},"entry":[${items.join(',')}]}`;
}
