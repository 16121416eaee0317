/** Turns what a clinician types into a safe FTS5 query with prefix matching on each term. */

/**
 * "smi jo 1987-11" → `"smi"* AND "jo"* AND "1987" + "11"*`: every term must match; a term's
 * parts (split at punctuation, as the index's unicode61 tokenizer splits them) form one phrase,
 * so they must be adjacent, and the last part is a prefix. Only letters and digits reach FTS5,
 * each inside double quotes, so quotes, hyphens, apostrophes, `*`, `:`, brackets and the words
 * AND/OR/NOT/NEAR are never read as query syntax. Terms are joined with an explicit AND: FTS5
 * refuses a bracketed group after an implicit AND, which is why `okafor 1948-03` once failed.
 */
export function ftsPrefixQuery(text: string): string | null {
  const terms: string[] = [];
  for (const term of text.normalize('NFKC').split(/\s+/).slice(0, 12)) {
    const parts = term.match(/[\p{L}\p{N}]+/gu);
    if (!parts) continue;
    const quoted = parts.slice(0, 8).map((p) => `"${p.toLowerCase()}"`);
    terms.push(`${quoted.join(' + ')}*`);
  }
  return terms.length ? terms.join(' AND ') : null;
}
