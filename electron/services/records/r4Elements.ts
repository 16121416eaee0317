/**
 * The FHIR R4 element table (r4-elements.json, generated from the official StructureDefinitions
 * by scripts/generate-r4-elements.mjs) compiled once, at first use, into lookups the validator
 * walks: per type, JSON key → element (choice elements expanded: `value[x]` → `valueQuantity`,
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
  /** The complex type's compiled info (set after all types are built). */
  complex: TypeInfo | null;
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

let compiled: { types: Map<string, TypeInfo>; resources: Set<string> } | undefined;

function compile(): { types: Map<string, TypeInfo>; resources: Set<string> } {
  const primitives = new Map<string, Primitive>();
  for (const [name, p] of Object.entries(table.primitives as Record<string, { json: string; regex: string | null }>)) {
    primitives.set(name, { name, json: p.json as Primitive['json'], regex: p.regex ? new RegExp(p.regex) : null, expected: EXPECTED[name] ?? `must be a valid ${name}` });
  }
  const types = new Map<string, TypeInfo>();
  const pending: ElementInfo[] = [];
  for (const [name, rows] of Object.entries(table.types as unknown as Record<string, Row[]>)) {
    const info: TypeInfo = { name, elements: new Map(), required: [] };
    for (const [elName, min, max, codes, choice] of rows) {
      const list = codes.split('|');
      const keys: string[] = [];
      for (const code of list) {
        const key = choice ? elName + code[0]!.toUpperCase() + code.slice(1) : elName;
        const el: ElementInfo = {
          fhirName: choice ? `${elName}[x]` : elName,
          type: code,
          min,
          max,
          many: max === -1 || max > 1,
          group: choice ? elName : null,
          primitive: primitives.get(code) ?? null,
          isResource: code === 'Resource',
          complex: null,
        };
        info.elements.set(key, el);
        keys.push(key);
        if (!el.primitive && !el.isResource) pending.push(el);
      }
      if (min > 0) info.required.push({ fhirName: choice ? `${elName}[x]` : elName, keys });
    }
    types.set(name, info);
  }
  for (const el of pending) el.complex = types.get(el.type) ?? null;
  return { types, resources: new Set(table.resources) };
}

/** The compiled table (built on first call). */
export function r4Table(): { types: Map<string, TypeInfo>; resources: Set<string> } {
  compiled ??= compile();
  return compiled;
}

/** The compiled definition of a resource type, or undefined when R4 has no such resource. */
export function resourceTypeInfo(name: string): TypeInfo | undefined {
  const t = r4Table();
  return t.resources.has(name) ? t.types.get(name) : undefined;
}

/** The compiled definition of the element holding a primitive's `_name` extension (id, extension). */
export function primitiveElementInfo(primitive: string): TypeInfo | undefined {
  return r4Table().types.get(primitive);
}
