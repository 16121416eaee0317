/**
 * JSON parse and stringify that keep FHIR decimals as written: `1.0`, `0.10`, `1e2` and numbers
 * with more digits than a double holds come back out with the same text (FHIR decimals carry
 * their precision in their text: 1.0 is not 1). Values stay plain JS numbers, so every reader
 * sees numbers; the original text rides along on the holding object under a symbol key
 * (ignored by JSON.stringify, Object.keys and for…in; copied by object spread).
 *
 * Cost: almost all JSON has no such number. A quick regular expression looks for one outside
 * strings; only then does a slower path run (a scan that marks those numbers, then JSON.parse
 * with a reviver).
 */

/** Original text of numbers whose JS form differs, by key, on the object or array holding them. */
const DECIMALS = Symbol('bedside.decimalText');
/** On the root: some value below has a kept text. */
const HAS_DECIMALS = Symbol('bedside.hasDecimalText');

type Holder = { [DECIMALS]?: Record<string, string>; [HAS_DECIMALS]?: true };

/** A number token, outside a string, that JSON.parse → JSON.stringify would change. */
const LOSSY = /[:,[]\s*-?\d+(?:\.\d*0|\.\d{16,}|\d{15,}|(?:\.\d+)?[eE][+-]?\d+)\s*[,}\]]/;
const MARK = '\u0000D';

/** Marks every number token whose text would not survive a round trip as a string "\u0000D<text>". */
function markLossyNumbers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      const token = text.slice(start, i);
      if (String(Number(token)) !== token) {
        out += `${text.slice(last, start)}"\\u0000D${token}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** JSON.parse that keeps the text of decimals a plain parse would change. */
export function parseJson(text: string): unknown {
  if (!LOSSY.test(text)) return JSON.parse(text);
  // The reviver runs bottom-up: a holder of a kept text, and every object above it, is flagged,
  // so a resource inside a Bundle knows it has decimals to keep.
  return JSON.parse(markLossyNumbers(text), function (this: Holder, key: string, v: unknown) {
    if (typeof v === 'string' && v.charCodeAt(0) === 0 && v.startsWith(MARK)) {
      const raw = v.slice(2);
      (this[DECIMALS] ??= {})[key] = raw;
      this[HAS_DECIMALS] = true;
      return Number(raw);
    }
    if (typeof v === 'object' && v !== null && (v as Holder)[HAS_DECIMALS]) this[HAS_DECIMALS] = true;
    return v;
  }) as unknown;
}

/** True when `value` (a parsed root) carries decimal texts. */
export function hasDecimalText(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Holder)[HAS_DECIMALS] === true;
}

/** The kept text of `holder[key]`, when it has one. */
export function decimalText(holder: object, key: string | number): string | undefined {
  return (holder as Holder)[DECIMALS]?.[String(key)];
}

/** JSON.stringify that writes kept decimals with their original text. */
export function stringifyJson(value: unknown): string {
  if (!hasDecimalText(value)) return JSON.stringify(value);
  const json = JSON.stringify(value, function (this: Holder, key: string, v: unknown) {
    if (typeof v !== 'number') return v;
    const raw = this[DECIMALS]?.[key];
    return raw !== undefined && Number(raw) === v ? MARK + raw : v;
  });
  return json.replace(/"\\u0000D([-+.0-9eE]+)"/g, '$1');
}
