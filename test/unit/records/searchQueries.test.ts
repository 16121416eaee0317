/**
 * Search never fails: the four queries that once answered `internal`, plus 500 random and
 * hostile queries over both search channels (patients and notes) through the IPC router. Every
 * answer must be ok, and for ASCII queries the hits must equal a plain reference implementation
 * of "every term's parts appear adjacent in one field, the last part as a prefix".
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../electron/contract';
import { recordsHandlers } from '../../../electron/ipc/handlers/records';
import { Router, type CallContext } from '../../../electron/ipc/router';
import { ftsPrefixQuery } from '../../../electron/services/records/ftsQuery';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { note, openRecords, patient } from './fixtures';

const PATIENTS = [
  patient('p1', 'Okafor', 'Margaret', '1948-03-12'),
  patient('p2', "O'Brien", 'John', '1961-11-02'),
  patient('p3', 'Lindqvist', 'Thomas', '1972-09-30'),
  patient('p4', 'Near', 'Andrew', '1948-07-01'),
  patient('p5', 'Orr', 'Nota', '1990-03-15'),
  patient('p6', 'Smith-Jones', 'Mary Ann', '2001-01-09'),
];
PATIENTS[0]!.identifier = [{ system: 'urn:mrn', value: 'MRN-100231' }];
PATIENTS[1]!.identifier = [{ system: 'urn:mrn', value: 'MRN-100232' }];
const NOTES: [string, string, string][] = [
  ['n1', 'p1', 'Seen for follow-up. Statin continued; LDL 3.1 mmol/L. Plan: follow up in 3 months.'],
  ['n2', 'p2', "Patient's chest pain not cardiac (NOT: ACS). O'Brien to return if worse."],
  ['n3', 'p3', 'Near-syncope and/or dizziness; orthostatic BP checked. AND gate test: ok.'],
];

let s: RecordsService;
let router: Router<typeof contract>;
const ctx: CallContext = { transport: 'ws', senderUrl: 'http://127.0.0.1', connectionId: 'c1' };

beforeAll(() => {
  s = openRecords();
  for (const p of PATIENTS) s.saveResource('dr', p);
  for (const [id, pid, text] of NOTES) s.saveResource('dr', note(id, pid, text));
  router = new Router(contract, { isTrustedSender: () => true });
  router.handleAll({ records: recordsHandlers(() => s) });
});
afterAll(async () => {
  await s?.shutdown();
});

async function patientIds(query: string): Promise<string[]> {
  const r = (await router.invoke(ctx, 'records.searchPatients', { query, limit: 100 })) as { ok: boolean; value?: { patients: { id: string }[] }; error?: unknown };
  if (!r.ok) throw new Error(`patient search "${query}" failed: ${JSON.stringify(r.error)}`);
  return r.value!.patients.map((p) => p.id).sort();
}

async function noteIds(query: string): Promise<string[]> {
  const r = (await router.invoke(ctx, 'records.searchNotes', { query, limit: 200 })) as { ok: boolean; value?: { hits: { id: string }[] }; error?: unknown };
  if (!r.ok) throw new Error(`note search "${query}" failed: ${JSON.stringify(r.error)}`);
  return r.value!.hits.map((h) => h.id).sort();
}

/** Reference matcher: the tokens of ASCII text, as FTS5's unicode61 tokenizer makes them. */
const tokens = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** Whether one typed term (its parts adjacent, the last a prefix) occurs in a token list. */
function termIn(parts: string[], list: string[]): boolean {
  for (let i = 0; i + parts.length <= list.length; i++) {
    if (parts.every((p, j) => (j === parts.length - 1 ? list[i + j]!.startsWith(p) : list[i + j] === p))) return true;
  }
  return false;
}

/** Ids of the documents (each a list of fields) in which every term of `query` occurs. */
function expected(query: string, docs: [string, string[]][]): string[] {
  const terms = query.split(/\s+/).slice(0, 12).map((t) => tokens(t).slice(0, 8)).filter((p) => p.length > 0);
  if (terms.length === 0) return [];
  return docs.filter(([, fields]) => terms.every((parts) => fields.some((f) => termIn(parts, tokens(f))))).map(([id]) => id).sort();
}

const patientDocs: [string, string[]][] = PATIENTS.map((p) => {
  const name = (p.name as { family: string; given: string[] }[])[0]!;
  return [p.id as string, [[...name.given, name.family].join(' '), (p.identifier as { value: string }[]).map((i) => i.value).join(' '), p.birthDate as string]];
});
const noteDocs: [string, string[]][] = NOTES.map(([id, , text]) => [id, [text]]);

describe('search query building', () => {
  it('answers the four queries that once failed', async () => {
    expect(await patientIds('okafor 1948-03')).toEqual(['p1']);
    expect(await patientIds('margaret MRN-100231')).toEqual(['p1']);
    expect(await patientIds('MRN-10023')).toEqual(['p1', 'p2']);
    expect(await patientIds("o'brien john")).toEqual(['p2']);
    expect(await noteIds('follow-up statin')).toEqual(['n1']);
  });

  it('reads FTS5 syntax characters and keywords as plain words', async () => {
    expect(ftsPrefixQuery('okafor 1948-03')).toBe('"okafor"* AND "1948" + "03"*');
    expect(await patientIds('near')).toEqual(['p4']);
    expect(await patientIds('NOT nota')).toEqual(['p5']); // "not" is a prefix of Nota, not an operator
    expect(await patientIds('nota OR')).toEqual(['p5']);
    expect(await patientIds('smith-jones mary')).toEqual(['p6']);
    expect(await patientIds('"*) OR (')).toEqual(['p5']);
    expect(await patientIds('name:okafor')).toEqual([]);
    expect(await noteIds('NOT: ACS')).toEqual(['n2']);
    expect(await noteIds('and/or')).toEqual(['n3']);
    expect(await noteIds('NEAR(chest pain)')).toEqual([]);
    expect(await noteIds('"')).toEqual([]);
  });

  it('never fails on 500 random and hostile queries, and plain queries find what they should', async () => {
    const hostile = ['"', "'", '-', '*', ':', '(', ')', '^', '+', '{', '}', '[', ']', '.', ',', '/', '\\', ';', 'AND', 'OR', 'NOT', 'NEAR', 'NEAR/2', ' ', '  ', '\t'];
    const words = ['okafor', 'oka', 'o', 'brien', 'john', 'mrn', '100231', '1948', '03', '1948-03', 'follow', 'up', 'statin', 'chest', 'near', 'nota', 'and', 'or', 'not', 'mary', 'ann', 'smith', 'ldl', '3', '1'];
    const ascii = fc.array(fc.constantFrom(...hostile, ...words), { maxLength: 10 }).map((xs) => xs.join(''));
    const spaced = fc.array(fc.constantFrom(...hostile, ...words), { maxLength: 8 }).map((xs) => xs.join(' '));
    const anyText = fc.string({ unit: 'binary', maxLength: 40 });
    const query = fc.oneof(ascii, spaced, anyText).map((q) => q.slice(0, 200)).filter((q) => q.length > 0);
    const samples = fc.sample(query, { numRuns: 500, seed: 20260514 });
    expect(samples).toHaveLength(500);
    let compared = 0;
    for (const q of samples) {
      const patients = await patientIds(q);
      const notes = await noteIds(q);
      if (/^[\x20-\x7e\t]*$/.test(q)) {
        compared++;
        expect(patients, q).toEqual(expected(q, patientDocs));
        expect(notes, q).toEqual(expected(q, noteDocs));
      }
    }
    expect(compared).toBeGreaterThan(250);
  }, 60_000);
});
