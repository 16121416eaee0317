/**
 * The FHIR R4 element table (r4-elements.json, generated from the official StructureDefinitions
 * by scripts/generate-r4-elements.mjs) compiled once, at first use, into lookups the validator
 * walks, type by type as first needed: per type, JSON key → element (choice elements expanded: `value[x]` → `valueQuantity`,
 * `valueString`, …), the required elements, and each primitive type's check.
 */
import table from './r4-elements.json';

/** A primitive type: its JSON type and the check of its text form. */
export interface Primitive {
  name: string;
  json: 'string' | 'number' | 'boolean';
  /** The spec's regular expression for the value (null: none). */
  regex: RegExp | null;
  /** What the value must be, in words, for messages. */
  expected: string;
}

/** One JSON key of a type. */
export interface ElementInfo {
  /** The element's name in FHIR terms (`value[x]` for a choice). */
  fhirName: string;
  type: string;
  min: number;
  /** Maximum count; -1 = unbounded. */
  max: number;
  many: boolean;
  /** For a choice element, its name without [x] (the keys of one group exclude each other). */
  group: string | null;
  primitive: Primitive | null;
  /** 'Resource' (contained, Bundle.entry.resource, Parameters.parameter.resource). */
  isResource: boolean;
  /** The complex type's compiled info (undefined until first needed; null: none). */
  complex: TypeInfo | null | undefined;
}

/** A required element: its FHIR name and the JSON keys that satisfy it. */
export interface Required {
  fhirName: string;
  keys: string[];
}

/** One resource, data type or backbone element. */
export interface TypeInfo {
  name: string;
  elements: Map<string, ElementInfo>;
  required: Required[];
}

/** Messages per primitive type (what the value must look like). */
const EXPECTED: Record<string, string> = {
  base64Binary: 'must be base64 text',
  boolean: 'must be true or false',
  canonical: 'must be a canonical URL (no spaces)',
  code: 'must be a code: text without leading, trailing or double spaces',
  date: 'must be a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date (e.g. 2024-05-01)',
  dateTime: 'must be a FHIR dateTime: YYYY, YYYY-MM, YYYY-MM-DD, or a date and time with seconds and a time zone (e.g. 2024-05-01T09:30:00Z)',
  decimal: 'must be a number',
  id: 'must be 1-64 letters, digits, "-" or "."',
  instant: 'must be an exact time with seconds and a time zone (e.g. 2024-05-01T09:30:00.000Z)',
  integer: 'must be a whole number from -2147483648 to 2147483647',
  markdown: 'must be text',
  oid: 'must be an OID written as urn:oid:1.2.3',
  positiveInt: 'must be a whole number of 1 or more',
  string: 'must be text',
  time: 'must be a time of day HH:MM:SS (e.g. 09:30:00)',
  unsignedInt: 'must be a whole number of 0 or more',
  uri: 'must be a URI (no spaces)',
  url: 'must be a URL (no spaces)',
  uuid: 'must be urn:uuid: followed by a lower-case UUID',
  xhtml: 'must be XHTML text starting with <div',
};

type Row = [string, number, number, string, number];

const rows = table.types as unknown as Record<string, Row[] | undefined>;
const resourceNames: ReadonlySet<string> = new Set(table.resources);
const compiledTypes = new Map<string, TypeInfo | undefined>();
let primitives: Map<string, Primitive> | undefined;

function primitiveOf(name: string): Primitive | undefined {
  if (!primitives) {
    primitives = new Map();
    for (const [n, p] of Object.entries(table.primitives as Record<string, { json: string; regex: string | null }>)) {
      primitives.set(n, { name: n, json: p.json as Primitive['json'], regex: p.regex ? new RegExp(p.regex) : null, expected: EXPECTED[n] ?? `must be a valid ${n}` });
    }
  }
  return primitives.get(name);
}

/**
 * The compiled definition of one type, built on first use (a process that validates only a few
 * kinds of resources compiles only those) and kept.
 */
export function typeInfo(name: string): TypeInfo | undefined {
  if (compiledTypes.has(name)) return compiledTypes.get(name);
  const list = rows[name];
  if (!list || !Object.hasOwn(rows, name)) {
    compiledTypes.set(name, undefined);
    return undefined;
  }
  const info: TypeInfo = { name, elements: new Map(), required: [] };
  compiledTypes.set(name, info);
  for (const [elName, min, max, codes, choice] of list) {
    const keys: string[] = [];
    for (const code of codes.split('|')) {
      const key = choice ? elName + code[0]!.toUpperCase() + code.slice(1) : elName;
      info.elements.set(key, {
        fhirName: choice ? `${elName}[x]` : elName,
        type: code,
        min,
        max,
        many: max === -1 || max > 1,
        group: choice ? elName : null,
        primitive: primitiveOf(code) ?? null,
        isResource: code === 'Resource',
        complex: undefined,
      });
      keys.push(key);
    }
    if (min > 0) info.required.push({ fhirName: choice ? `${elName}[x]` : elName, keys });
  }
  return info;
}

/** The compiled definition of a resource type, or undefined when R4 has no such resource. */
export function resourceTypeInfo(name: string): TypeInfo | undefined {
  return resourceNames.has(name) ? typeInfo(name) : undefined;
}

/** The compiled definition of the element holding a primitive's `_name` extension (id, extension). */
export function primitiveElementInfo(primitive: string): TypeInfo | undefined {
  return typeInfo(primitive);
}
