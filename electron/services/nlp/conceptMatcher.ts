/**
 * Normalises a disease mention to the concept ids the NCBI disease corpus uses (MeSH descriptor
 * or supplementary ids such as D003924 / C536528, or OMIM:nnnnnn), through a dictionary built
 * from the corpus's own annotations (mention → concept, written by the training script) plus
 * fuzzy matching: exact normalised text, then simple variants (plural, "(disorder)" tags, word
 * order), then the most similar dictionary entry by character-trigram Dice similarity.
 */

/** A concept a mention was normalised to. */
export interface ConceptMatch {
  /** e.g. "MESH:D003924" or "OMIM:222100". */
  id: string;
  /** The corpus's most frequent wording of the concept. */
  name: string;
  match: 'exact' | 'variant' | 'fuzzy';
  /** 1 for exact and variant matches; the Dice similarity for fuzzy ones. */
  similarity: number;
}

/**
 * The most similar entry must reach this trigram Dice similarity. Set by hand, not tuned: at 0.8
 * "hyperglycemia" matched "hyperglycinemia" (a different disease); 0.9 keeps spelling and
 * inflection variants ("tumour"/"tumours", "leukaemia"/"leukemia") and refuses such neighbours.
 */
export const FUZZY_THRESHOLD = 0.9;

/** Mention text as a dictionary key: lower case, words and single punctuation tokens joined by spaces, semantic tags dropped. */
export function conceptKey(text: string): string {
  return (text
    .toLowerCase()
    .replace(/\((disorder|finding|situation|disease|morphologic abnormality)\)/g, ' ')
    .match(/[\p{L}\p{N}]+|\S/gu) ?? [])
    .join(' ');
}

const wordsOnly = (key: string): string => key.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();
const sortedWords = (key: string): string => wordsOnly(key).split(' ').sort().join(' ');
/** English plural to singular, word by word (dystrophies → dystrophy, tumours → tumour, abscesses → abscess). */
const singular = (key: string): string =>
  key
    .split(' ')
    .map((w) => (w.length < 4 ? w : w.endsWith('ies') ? `${w.slice(0, -3)}y` : /(ss|x|ch|sh)es$/.test(w) ? w.slice(0, -2) : /[^sui]s$/.test(w) ? w.slice(0, -1) : w))
    .join(' ');

function trigrams(s: string): Map<string, number> {
  const padded = `  ${s} `;
  const out = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}


/** A dictionary of mention keys → concept ids, with the concepts' display names. */
export class ConceptDictionary {
  private readonly exact = new Map<string, string>();
  private readonly variants = new Map<string, string>();
  private readonly grams: { key: string; id: string; grams: Map<string, number>; size: number }[] = [];
  private readonly index = new Map<string, number[]>();

  /** `entries`: [mention key, concept id]; `names`: concept id → display name. */
  constructor(entries: Iterable<readonly [string, string]>, private readonly names: ReadonlyMap<string, string>) {
    for (const [key, id] of entries) {
      const k = conceptKey(key);
      if (!k || this.exact.has(k)) continue;
      this.exact.set(k, id);
      for (const v of [wordsOnly(k), sortedWords(k), singular(wordsOnly(k))]) if (!this.variants.has(v)) this.variants.set(v, id);
      const w = wordsOnly(k);
      const grams = trigrams(w);
      const at = this.grams.push({ key: w, id, grams, size: [...grams.values()].reduce((a, b) => a + b, 0) }) - 1;
      for (const g of grams.keys()) {
        const list = this.index.get(g);
        if (list) list.push(at);
        else this.index.set(g, [at]);
      }
    }
  }

  /** Number of mention keys. */
  get size(): number {
    return this.exact.size;
  }

  /** The display name of a concept id, if known. */
  nameOf(id: string): string | undefined {
    return this.names.get(id);
  }

  /** The concept of a mention, or null when nothing is close enough. */
  match(text: string): ConceptMatch | null {
    const k = conceptKey(text);
    if (!k) return null;
    const hit = (id: string, match: ConceptMatch['match'], similarity: number): ConceptMatch => ({ id: id.includes(':') ? id : `MESH:${id}`, name: this.names.get(id) ?? text, match, similarity });
    const exact = this.exact.get(k);
    if (exact) return hit(exact, 'exact', 1);
    for (const v of [wordsOnly(k), sortedWords(k), singular(wordsOnly(k))]) {
      const id = this.variants.get(v);
      if (id) return hit(id, 'variant', 1);
    }
    const w = wordsOnly(k);
    if (w.length < 4) return null;
    const grams = trigrams(w);
    const size = [...grams.values()].reduce((a, b) => a + b, 0);
    // Dice ≥ t needs the smaller gram count to be at least t / (2 − t) of the larger: skip the rest.
    const ratio = FUZZY_THRESHOLD / (2 - FUZZY_THRESHOLD);
    const common = new Map<number, number>();
    for (const [g, n] of grams) {
      for (const at of this.index.get(g) ?? []) {
        const e = this.grams[at]!;
        if (Math.min(e.size, size) < ratio * Math.max(e.size, size)) continue;
        common.set(at, (common.get(at) ?? 0) + Math.min(n, e.grams.get(g) ?? 0));
      }
    }
    let best: { id: string; sim: number } | null = null;
    for (const [at, c] of common) {
      const e = this.grams[at]!;
      const sim = (2 * c) / (size + e.size);
      if (!best || sim > best.sim) best = { id: e.id, sim };
    }
    return best && best.sim >= FUZZY_THRESHOLD ? hit(best.id, 'fuzzy', Math.round(best.sim * 1000) / 1000) : null;
  }
}

/** Parses the pack's `concepts.tsv` (key TAB id) and `concept-names.tsv` (id TAB name); `#` lines are comments. */
export function parseConceptFiles(conceptsTsv: string, namesTsv: string): ConceptDictionary {
  const rows = (tsv: string): [string, string][] =>
    tsv
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split('\t') as [string, string])
      .filter((r) => r.length >= 2 && r[0] && r[1]);
  return new ConceptDictionary(rows(conceptsTsv), new Map(rows(namesTsv)));
}
