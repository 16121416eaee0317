/** Turns what a clinician types into a safe FTS5 query with prefix matching on each term. */

/**
 * "smi jo 1987-11" → `"smi"* "jo"* ("1987" + "11"*)`: every term must match; a term's parts
 * (split at punctuation, as the index splits them) must be adjacent; the last part is a prefix.
 * Only letters and digits reach FTS5, so no query syntax can be injected.
 */
export function ftsPrefixQuery(text: string): string | null {
  const terms: string[] = [];
  for (const term of text.normalize('NFKC').split(/\s+/).slice(0, 12)) {
    const parts = term.match(/[\p{L}\p{N}]+/gu);
    if (!parts) continue;
    const quoted = parts.slice(0, 8).map((p) => `"${p.toLowerCase()}"`);
    quoted[quoted.length - 1] += '*';
    terms.push(quoted.length === 1 ? quoted[0]! : `(${quoted.join(' + ')})`);
  }
  return terms.length ? terms.join(' ') : null;
}
