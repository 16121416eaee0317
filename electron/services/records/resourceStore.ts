/**
 * The resource store on one open database: versioned writes with index columns, full-text rows
 * and binaries kept in step, reads, deletes and history. Callers own transactions; every
 * method here runs inside whichever transaction is open.
 */
import crypto from 'node:crypto';
import { BedsideError } from '../errors';
import { canonicalJson, isJsonObject, sha256Hex, type JsonObject } from '../json';
import type { Db } from './database';
import { INLINE_ATTACHMENT_LIMIT, extractBinaries, inlineBinaries, mentionsBinaries, type ExtractedBinary } from './attachments';
import { identifiersOf, indexFieldsOf, patientSearchText, type IndexFields } from './indexFields';
import { MAX_RESOURCE_BYTES, assertNoteSize, noteTextOf } from './noteText';
import { literalTarget, patientReferenceOf, referencesOf } from './references';
import { parseJson, stringifyJson } from './losslessJson';
import { assertValidResource, resourceLabel } from './validateResource';

/** How a write treats an existing resource with the same id. */
export type WriteMode = 'save' | 'import';

export interface WriteOptions {
  mode: WriteMode;
  /** For saves: the version the editor started from; a different current version is a conflict. */
  expectedVersionId?: string;
  /** Collects reference targets to check later (bulk import) instead of checking each now. */
  referenceSink?: Set<string>;
  /**
   * Patient ids already found in the store during the caller's current transaction (bulk import:
   * the records of one patient come together, so most lookups repeat). Only ids seen in the
   * store are added; the caller drops the set when its transaction ends, committed or not.
   */
  knownPatients?: Set<string>;
}

/** What one write did. */
export interface WriteResult {
  type: string;
  id: string;
  versionId: string;
  lastUpdated: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** References to resources that are not in the store (checked now unless a sink was given). */
  unresolved: string[];
}

interface ExistingRow {
  rowid: number;
  versionId: string;
  lastUpdated: string;
  contentHash: string;
  json: string;
  patientId: string | null;
}

/** One stored version, for history views. */
export interface StoredVersion {
  versionId: string;
  lastUpdated: string;
  deleted: boolean;
  resource: JsonObject | null;
}

/** The resource without meta.versionId and meta.lastUpdated (what content comparison looks at). */
function withoutVersionMeta(resource: JsonObject): JsonObject {
  const meta = resource.meta;
  if (!isJsonObject(meta)) return resource;
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(meta)) if (k !== 'versionId' && k !== 'lastUpdated') rest[k] = v;
  const copy: JsonObject = { ...resource };
  if (Object.keys(rest).length) copy.meta = rest;
  else delete copy.meta;
  return copy;
}

/**
 * A fast hash of a resource's content (JSON in its own key order, version meta left out).
 * Equal hashes mean equal content; different hashes are confirmed with sameContent, since
 * another system may write the same resource with its keys in another order.
 */
export function contentHashOf(resource: JsonObject): string {
  return sha256Hex(JSON.stringify(withoutVersionMeta(resource)));
}

/**
 * JSON of `resource` with `meta` set to { versionId, lastUpdated } appended as its last key,
 * given `plain`, the JSON of the same resource with no meta: what JSON.stringify would give,
 * without serialising the resource a second time.
 */
function withVersionMetaJson(plain: string, versionId: string, lastUpdated: string): string {
  return `${plain.slice(0, -1)},"meta":{"versionId":${JSON.stringify(versionId)},"lastUpdated":${JSON.stringify(lastUpdated)}}}`;
}

/** True when two resources have the same content, key order and version meta aside. */
export function sameContent(a: JsonObject, b: JsonObject): boolean {
  return canonicalJson(withoutVersionMeta(a)) === canonicalJson(withoutVersionMeta(b));
}

function nextVersion(current: string): string {
  const n = Number.parseInt(current, 10);
  return String(Number.isFinite(n) && n > 0 ? n + 1 : 2);
}

/** Parses a `Type?identifier=system|value` conditional reference. */
function conditionalTarget(reference: string): { type: string; system: string; value: string } | undefined {
  const m = /^([A-Z][A-Za-z]+)\?identifier=([^|&]*)\|([^&]+)$/.exec(reference);
  return m ? { type: m[1]!, system: decodeURIComponent(m[2]!), value: decodeURIComponent(m[3]!) } : undefined;
}

/** Versioned FHIR resources in one database. */
export class ResourceStore {
  private readonly q;
  /** Whether the last import write created its record (so the next one tries inserting first). */
  private importsCreate = true;

  constructor(
    readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.q = {
      existing: db.prepare<[string, string], ExistingRow>(
        'SELECT rowid, version_id AS versionId, last_updated AS lastUpdated, content_hash AS contentHash, json, patient_id AS patientId FROM resources WHERE type = ? AND id = ?',
      ),
      exists: db.prepare<[string, string], number>('SELECT 1 FROM resources WHERE type = ? AND id = ?').pluck(),
      insert: db.prepare('INSERT INTO resources(type, id, patient_id, version_id, last_updated, date, status, code, content_hash, json) VALUES (?,?,?,?,?,?,?,?,?,?)'),
      insertIfNew: db.prepare(
        'INSERT INTO resources(type, id, patient_id, version_id, last_updated, date, status, code, content_hash, json) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(type, id) DO NOTHING',
      ),
      update: db.prepare('UPDATE resources SET patient_id=?, version_id=?, last_updated=?, date=?, status=?, code=?, content_hash=?, json=? WHERE rowid=?'),
      remove: db.prepare('DELETE FROM resources WHERE rowid = ?'),
      history: db.prepare('INSERT OR REPLACE INTO resource_history(type, id, version_id, last_updated, deleted, json) VALUES (?,?,?,?,?,?)'),
      historyOf: db.prepare<[string, string], { versionId: string; lastUpdated: string; deleted: number; json: string }>(
        'SELECT version_id AS versionId, last_updated AS lastUpdated, deleted, json FROM resource_history WHERE type = ? AND id = ? ORDER BY last_updated DESC, rowid DESC',
      ),
      patientFtsDelete: db.prepare('DELETE FROM patients_fts WHERE rowid = ?'),
      patientFtsInsert: db.prepare('INSERT INTO patients_fts(rowid, patient_id, names, identifiers, birth_date) VALUES (?,?,?,?,?)'),
      noteFtsDelete: db.prepare('DELETE FROM notes_fts WHERE rowid = ?'),
      noteFtsInsert: db.prepare('INSERT INTO notes_fts(rowid, patient_id, text) VALUES (?,?,?)'),
      identifiersDelete: db.prepare('DELETE FROM identifiers WHERE resource_rowid = ?'),
      identifierInsert: db.prepare('INSERT INTO identifiers(resource_rowid, type, system, value) VALUES (?,?,?,?)'),
      identifierExists: db.prepare<[string, string, string], number>('SELECT 1 FROM identifiers WHERE type = ? AND system = ? AND value = ? LIMIT 1').pluck(),
      binaryInsert: db.prepare('INSERT OR IGNORE INTO binaries(hash, content_type, size, data) VALUES (?,?,?,?)'),
      binary: db.prepare<[string], Buffer>('SELECT data FROM binaries WHERE hash = ?').pluck(),
      patientRecordCount: db.prepare<[string], number>("SELECT count(*) FROM resources WHERE patient_id = ? AND type <> 'Patient'").pluck(),
    };
  }

  /** True when a resource with this type and id is stored. */
  exists(type: string, id: string): boolean {
    return this.q.exists.get(type, id) !== undefined;
  }

  /** Whether a reference target (`Type/id` or `Type?sys|value`) is in the store. */
  resolves(target: string): boolean {
    const q = target.indexOf('?');
    if (q < 0) {
      const slash = target.indexOf('/');
      return this.exists(target.slice(0, slash), target.slice(slash + 1));
    }
    const bar = target.indexOf('|', q);
    return this.q.identifierExists.get(target.slice(0, q), target.slice(q + 1, bar), target.slice(bar + 1)) !== undefined;
  }

  /** The current version of a resource, with its attachment bytes, or undefined. */
  get(type: string, id: string): JsonObject | undefined {
    const row = this.q.existing.get(type, id);
    return row ? this.parseStored(row.json) : undefined;
  }

  /** Parses stored JSON and puts binaries back (for reading: decimals become plain numbers). */
  parseStored(json: string): JsonObject {
    const r = JSON.parse(json) as JsonObject;
    return mentionsBinaries(json) ? inlineBinaries(r, (h) => this.q.binary.get(h)) : r;
  }

  /** As parseStored, keeping decimals' text for stringifyJson (exports). */
  parseStoredLossless(json: string): JsonObject {
    const r = parseJson(json) as JsonObject;
    return mentionsBinaries(json) ? inlineBinaries(r, (h) => this.q.binary.get(h)) : r;
  }

  /** Every version of a resource, newest first (current one included). */
  history(type: string, id: string): StoredVersion[] {
    const current = this.q.existing.get(type, id);
    const out: StoredVersion[] = [];
    if (current) out.push({ versionId: current.versionId, lastUpdated: current.lastUpdated, deleted: false, resource: this.parseStored(current.json) });
    for (const h of this.q.historyOf.all(type, id)) {
      out.push({ versionId: h.versionId, lastUpdated: h.lastUpdated, deleted: h.deleted === 1, resource: h.deleted ? null : this.parseStored(h.json) });
    }
    return out;
  }

  /** Validates and writes one resource (a new version when its content changed). */
  write(input: unknown, options: WriteOptions): WriteResult {
    assertValidResource(input);
    const resource: JsonObject = { ...input };
    const type = resource.resourceType as string;
    if (typeof resource.id !== 'string') {
      if (options.mode === 'import') throw new BedsideError('invalid-input', `${resourceLabel(resource)}: id is required in an import. Nothing from this record was saved.`);
      resource.id = crypto.randomUUID();
    }
    const id = resource.id as string;
    const label = `${type}/${id}`;
    assertNoteSize(resource, label);

    const patientRef = type === 'Patient' ? undefined : patientReferenceOf(resource);
    if (patientRef) {
      if (!patientRef.patientId) {
        throw new BedsideError('invalid-input', `${label}: ${patientRef.field}.reference "${patientRef.reference.slice(0, 120)}" must name a Patient as Patient/<id>. The record was not saved.`);
      }
      if (!options.knownPatients?.has(patientRef.patientId)) {
        if (!this.exists('Patient', patientRef.patientId)) {
          throw new BedsideError('invalid-input', `${label} belongs to Patient/${patientRef.patientId}, who is not in Bedside. Import or create the patient first; this record was not saved.`);
        }
        options.knownPatients?.add(patientRef.patientId);
      }
    }

    // The content hash is over the JSON without version meta. A resource with no meta at all
    // (most imports) is serialised once: its stored JSON is that text with meta appended.
    const noMeta = resource.meta === undefined;
    const contentJson = stringifyJson(noMeta ? resource : withoutVersionMeta(resource));
    const hash = sha256Hex(contentJson);
    const incomingMeta = isJsonObject(resource.meta) ? resource.meta : undefined;
    const incomingUpdated = typeof incomingMeta?.lastUpdated === 'string' ? incomingMeta.lastUpdated : undefined;
    const nowIso = this.now().toISOString();
    // An import into a store that does not hold these records yet inserts without looking the
    // id up first (INSERT … ON CONFLICT DO NOTHING); when the id is there after all, the write
    // goes the usual way below. After such a miss, imports look up first until one creates.
    let insertFirst = options.mode === 'import' && options.expectedVersionId === undefined && this.importsCreate;
    let existing = insertFirst ? undefined : this.q.existing.get(type, id);
    let versionId: string;
    let lastUpdated: string;
    let fields: IndexFields;
    let rowid: number;

    for (;;) {
      if (existing) {
        if (options.expectedVersionId !== undefined && options.expectedVersionId !== existing.versionId) {
          throw new BedsideError(
            'conflict',
            `${label} was changed by someone else (it is now version ${existing.versionId}; you edited version ${options.expectedVersionId}). Your changes were not saved. Reopen the record to see the latest version, then make your change again.`,
          );
        }
        if (existing.contentHash === hash || sameContent(resource, this.parseStored(existing.json))) {
          return { type, id, versionId: existing.versionId, lastUpdated: existing.lastUpdated, outcome: 'unchanged', unresolved: [] };
        }
        if (options.mode === 'import' && !(incomingUpdated && Date.parse(incomingUpdated) > Date.parse(existing.lastUpdated))) {
          throw new BedsideError(
            'conflict',
            `${label} is already in Bedside with different content, and the imported copy is not newer (its meta.lastUpdated is ${incomingUpdated ?? 'missing'}; the stored version is from ${existing.lastUpdated}). Nothing from this import was saved. Check which copy is right; to replace the stored one, import a copy with a later meta.lastUpdated or edit it in Bedside.`,
          );
        }
        versionId = nextVersion(existing.versionId);
        lastUpdated = options.mode === 'import' && incomingUpdated ? incomingUpdated : nowIso;
      } else {
        versionId = options.mode === 'import' && typeof incomingMeta?.versionId === 'string' ? incomingMeta.versionId : '1';
        lastUpdated = options.mode === 'import' && incomingUpdated ? incomingUpdated : nowIso;
      }
      resource.meta = { ...(incomingMeta ?? {}), versionId, lastUpdated };

      fields = indexFieldsOf(resource);
      let json = noMeta ? withVersionMetaJson(contentJson, versionId, lastUpdated) : stringifyJson(resource);
      let binaries: ExtractedBinary[] = [];
      // Only a resource this long can hold an attachment big enough to move out.
      if (json.length > INLINE_ATTACHMENT_LIMIT) {
        const extracted = extractBinaries(resource);
        binaries = extracted.binaries;
        json = stringifyJson(extracted.resource);
      }
      if (json.length > MAX_RESOURCE_BYTES) {
        throw new BedsideError('too-large', `${label} is ${(json.length / 1024 / 1024).toFixed(1)} MB; Bedside stores records up to ${MAX_RESOURCE_BYTES / 1024 / 1024} MB. It was not saved. Store large images as separate, smaller attachments.`);
      }

      if (existing) {
        this.q.history.run(type, id, existing.versionId, existing.lastUpdated, 0, existing.json);
        this.q.update.run(fields.patientId, versionId, lastUpdated, fields.date, fields.status, fields.code, hash, json, existing.rowid);
        rowid = existing.rowid;
        this.clearSideRows(type, rowid, existing.json);
      } else {
        const insert = insertFirst ? this.q.insertIfNew : this.q.insert;
        const info = insert.run(type, id, fields.patientId, versionId, lastUpdated, fields.date, fields.status, fields.code, hash, json);
        if (info.changes === 0) {
          // Already stored: compare with it, as a lookup first would have.
          existing = this.q.existing.get(type, id);
          if (!existing) throw new BedsideError('unavailable', `${label} could not be saved: the database refused the new row. Nothing from this record was saved.`);
          insertFirst = false;
          if (options.mode === 'import') this.importsCreate = false;
          continue;
        }
        rowid = Number(info.lastInsertRowid);
        if (options.mode === 'import') this.importsCreate = true;
      }
      for (const b of binaries) this.q.binaryInsert.run(b.hash, b.contentType, b.data.length, b.data);
      break;
    }
    this.writeSideRows(type, rowid, resource, fields.patientId);

    const unresolved: string[] = [];
    for (const reference of referencesOf(resource)) {
      if (reference.startsWith('#') || (patientRef && reference === patientRef.reference)) continue;
      const target = this.referenceKey(reference);
      if (options.referenceSink) options.referenceSink.add(target);
      else if (!this.resolves(target)) unresolved.push(reference);
    }
    return { type, id, versionId, lastUpdated, outcome: existing ? 'updated' : 'created', unresolved: unresolved.length > 1 ? [...new Set(unresolved)] : unresolved };
  }

  /** The key `resolves` understands for a reference, or the reference itself when it cannot resolve. */
  referenceKey(reference: string): string {
    const literal = literalTarget(reference);
    if (literal) return literal;
    const c = conditionalTarget(reference);
    return c ? `${c.type}?${c.system}|${c.value}` : `?${reference}`;
  }

  private clearSideRows(type: string, rowid: number, oldJson: string): void {
    if (type === 'Patient') this.q.patientFtsDelete.run(rowid);
    if ((type === 'DocumentReference' || type === 'DiagnosticReport') && oldJson) this.q.noteFtsDelete.run(rowid);
    this.q.identifiersDelete.run(rowid);
  }

  private writeSideRows(type: string, rowid: number, resource: JsonObject, patientId: string | null): void {
    if (type === 'Patient') {
      const s = patientSearchText(resource);
      this.q.patientFtsInsert.run(rowid, patientId, s.names, s.identifiers, s.birthDate);
    } else if (type === 'DocumentReference' || type === 'DiagnosticReport') {
      const text = noteTextOf(resource);
      if (text) this.q.noteFtsInsert.run(rowid, patientId, text);
    }
    if (patientId === null) for (const i of identifiersOf(resource)) this.q.identifierInsert.run(rowid, type, i.system, i.value);
  }

  /** Deletes the current version (kept in history, with a deletion marker). */
  delete(type: string, id: string, expectedVersionId?: string): { versionId: string } {
    const label = `${type}/${id}`;
    const existing = this.q.existing.get(type, id);
    if (!existing) throw new BedsideError('not-found', `${label} is not in Bedside (it may have been deleted already). Nothing was changed.`);
    if (expectedVersionId !== undefined && expectedVersionId !== existing.versionId) {
      throw new BedsideError('conflict', `${label} was changed by someone else (it is now version ${existing.versionId}), so it was not deleted. Reopen it and decide again.`);
    }
    if (type === 'Patient') {
      const n = this.q.patientRecordCount.get(id) ?? 0;
      if (n > 0) throw new BedsideError('conflict', `Patient/${id} still has ${n} records in their chart, so the patient was not deleted. Delete or move those records first.`);
    }
    const deletedVersion = nextVersion(existing.versionId);
    this.q.history.run(type, id, existing.versionId, existing.lastUpdated, 0, existing.json);
    this.q.history.run(type, id, deletedVersion, this.now().toISOString(), 1, '{}');
    this.clearSideRows(type, existing.rowid, existing.json);
    this.q.remove.run(existing.rowid);
    return { versionId: deletedVersion };
  }
}
