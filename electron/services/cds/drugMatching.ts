/**
 * Matching a written drug name to the vocabulary: exact, then normalised (case, accents,
 * punctuation, salt words such as "hydrochloride", dose and form text), then fuzzy
 * (Damerau–Levenshtein, optimal string alignment) with the candidates kept for display.
 * A fuzzy match resolves only when one entry is strictly closest within the edit limit;
 * otherwise the name stays unresolved and the candidates are shown.
 */
import { drugVocabulary, onDrugVocabularyChange } from './knowledge/drugVocabulary';

/** How a vocabulary key was written. */
export type MatchVia = 'name' | 'other name' | 'brand' | 'French name' | 'product';

/** One vocabulary entry a key leads to. */
export interface VocabularyTarget {
  /** Ingredient name, or combination product name. */
  readonly name: string;
  readonly ingredients: readonly string[];
  readonly via: MatchVia;
  /** The key as written in the vocabulary (brand or French name with its capitals). */
  readonly label: string;
}

/** A candidate the fuzzy step found. */
export interface MatchCandidate extends VocabularyTarget {
  readonly distance: number;
}

/** The outcome of matching one name. */
export type DrugMatch =
  | { readonly status: 'exact' | 'normalised'; readonly target: VocabularyTarget }
  | { readonly status: 'fuzzy'; readonly target: VocabularyTarget; readonly distance: number; readonly candidates: readonly MatchCandidate[] }
  | { readonly status: 'unresolved'; readonly candidates: readonly MatchCandidate[] };

/** Lower case, accents removed (NFD), punctuation other than letters/digits/'+' as spaces. */
export function normaliseKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^a-z0-9'+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Salt, ester and hydrate words that are not part of the ingredient (USP salt nomenclature; French forms). */
export const SALT_WORDS = new Set([
  'hydrochloride', 'hcl', 'dihydrochloride', 'hydrobromide', 'sodium', 'potassium', 'calcium', 'magnesium',
  'maleate', 'besylate', 'besilate', 'mesylate', 'mesilate', 'succinate', 'tartrate', 'bitartrate', 'citrate', 'fumarate', 'sulfate', 'sulphate',
  'phosphate', 'acetate', 'valerate', 'hyclate', 'monohydrate', 'dihydrate', 'trihydrate', 'anhydrous',
  'disodium', 'bromide', 'chloride', 'lactate', 'gluconate', 'propionate', 'dipropionate', 'furoate',
  'macrocrystals', 'tromethamine', 'medoxomil', 'xinafoate', 'etexilate', 'mofetil', 'erbumine', 'tosylate', 'mononitrate',
  'chlorhydrate', 'sodique', 'potassique', 'calcique', 'magnesique', 'de', 'd', 'base',
]);

/** Dose, strength and form text: from the first number or form word to the end. */
const DOSE_TEXT = /\s(\d|\.\d).*$|\s(oral|tablets?|tabs?|capsules?|caps?|solution|suspension|injection|injectable|extended|delayed|chewable|topical|transdermal|inhalation|inhaler|nasal|ophthalmic|otic|rectal|vaginal|cream|ointment|gel|patch|spray|powder|syrup|elixir|drops|comprime|comprimes|gelule|gelules|sirop|injectable|pommade|collyre|sachet|mg|mcg|g|ml|iv|im|po|sc|er|xr|sr|la|cr|od|bid|tid|qid|daily|prn)(\s.*)?$/;

/** The name without dose text and salt words, or the same text when nothing was removed. */
export function stripDoseAndSalts(key: string): string {
  const noDose = key.replace(DOSE_TEXT, '').trim();
  return noDose
    .split(' ')
    .filter((w) => !SALT_WORDS.has(w))
    .join(' ')
    .trim();
}

let index: Map<string, VocabularyTarget[]> | undefined;
let byLength: Map<number, string[]> | undefined;
const cache = new Map<string, DrugMatch>();
onDrugVocabularyChange(() => {
  index = undefined;
  byLength = undefined;
  cache.clear();
});

const addKey = (map: Map<string, VocabularyTarget[]>, label: string, target: Omit<VocabularyTarget, 'label'>): void => {
  const key = normaliseKey(label);
  if (!key) return;
  const list = map.get(key) ?? [];
  if (!list.some((t) => t.name === target.name)) list.push({ ...target, label });
  map.set(key, list);
};

/** Every vocabulary key (normalised) and where it leads. */
export function vocabularyIndex(): ReadonlyMap<string, readonly VocabularyTarget[]> {
  if (!index) {
    const map = new Map<string, VocabularyTarget[]>();
    const v = drugVocabulary();
    for (const i of v.ingredients) {
      const t = { name: i.name, ingredients: [i.name] };
      addKey(map, i.name, { ...t, via: 'name' });
      for (const s of i.synonyms) addKey(map, s, { ...t, via: 'other name' });
      if (i.fr) addKey(map, i.fr, { ...t, via: 'French name' });
      for (const b of i.brands) addKey(map, b, { ...t, via: 'brand' });
    }
    for (const p of v.products) {
      const t = { name: p.name, ingredients: p.ingredients };
      addKey(map, p.name, { ...t, via: 'product' });
      for (const s of p.synonyms) addKey(map, s, { ...t, via: 'other name' });
      if (p.fr) addKey(map, p.fr, { ...t, via: 'French name' });
      for (const b of p.brands) addKey(map, b, { ...t, via: 'brand' });
    }
    index = map;
    byLength = new Map();
    for (const k of map.keys()) byLength.set(k.length, [...(byLength.get(k.length) ?? []), k]);
  }
  return index;
}

/** Damerau–Levenshtein distance (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

/** Edits allowed for a name of this length: none up to 4 letters, 1 up to 7, 2 beyond. */
export function editLimit(length: number): number {
  return length <= 4 ? 0 : length <= 7 ? 1 : 2;
}

/** Vocabulary entries within `max` edits of a key, closest first (one per entry). */
export function fuzzyCandidates(key: string, max: number, limit = 5): MatchCandidate[] {
  vocabularyIndex();
  const found = new Map<string, MatchCandidate>();
  for (let len = key.length - max; len <= key.length + max; len++) {
    for (const k of byLength?.get(len) ?? []) {
      const d = editDistance(key, k, max);
      if (d > max) continue;
      for (const t of index?.get(k) ?? []) {
        const prior = found.get(t.name);
        if (!prior || d < prior.distance) found.set(t.name, { ...t, distance: d });
      }
    }
  }
  return [...found.values()].sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name)).slice(0, limit);
}

const unique = (targets: readonly VocabularyTarget[] | undefined): VocabularyTarget | undefined => {
  if (!targets || targets.length === 0) return undefined;
  // Several entries under one key (rare): prefer the ingredient over a product.
  return targets.find((t) => t.via !== 'product' && t.ingredients.length === 1) ?? targets[0];
};

/** Matches one drug name (an ingredient phrase, brand or product name). */
export function matchDrugName(text: string): DrugMatch {
  const cached = cache.get(text);
  if (cached) return cached;
  const idx = vocabularyIndex();
  const lower = text.toLowerCase().trim();
  const key = normaliseKey(text);
  let result: DrugMatch;
  const exact = unique(idx.get(lower));
  const normalised = exact ? undefined : unique(idx.get(key)) ?? unique(idx.get(stripDoseAndSalts(key)));
  if (exact) result = { status: 'exact', target: exact };
  else if (normalised) result = { status: 'normalised', target: normalised };
  else {
    const stripped = stripDoseAndSalts(key) || key;
    const max = editLimit(stripped.length);
    const candidates = fuzzyCandidates(stripped, Math.max(max, 2));
    const best = candidates[0];
    const runnerUp = candidates[1];
    const clear = best !== undefined && best.distance <= max && (runnerUp === undefined || runnerUp.distance > best.distance);
    result = clear ? { status: 'fuzzy', target: best, distance: best.distance, candidates } : { status: 'unresolved', candidates };
  }
  if (cache.size > 5000) cache.clear();
  cache.set(text, result);
  return result;
}

/** One search hit for the drug picker. */
export interface VocabularyHit {
  readonly name: string;
  readonly ingredients: readonly string[];
  readonly label: string;
  readonly via: MatchVia;
  readonly atc: readonly string[];
  /** 0 = starts with the query, 1 = contains it, 2+ = fuzzy (edits + 1). */
  readonly rank: number;
}

/** Search-as-you-type over names, brands and French names: prefix, then substring, then fuzzy. */
export function searchVocabulary(query: string, limit = 12): VocabularyHit[] {
  const key = normaliseKey(query);
  if (key.length < 2) return [];
  const idx = vocabularyIndex();
  const atc = new Map(drugVocabulary().ingredients.map((i) => [i.name, i.atc]));
  const hits = new Map<string, VocabularyHit>();
  const add = (t: VocabularyTarget, rank: number) => {
    const id = `${t.name}|${t.label}`;
    const prior = hits.get(id);
    if (prior && prior.rank <= rank) return;
    hits.set(id, { name: t.name, ingredients: t.ingredients, label: t.label, via: t.via, atc: t.ingredients.flatMap((i) => atc.get(i) ?? []), rank });
  };
  for (const [k, targets] of idx) {
    const rank = k.startsWith(key) ? 0 : k.includes(key) ? 1 : -1;
    if (rank >= 0) for (const t of targets) add(t, rank);
  }
  if (hits.size < limit) for (const c of fuzzyCandidates(key, Math.max(1, editLimit(key.length)), limit)) add(c, 2 + c.distance);
  return [...hits.values()]
    .sort((a, b) => a.rank - b.rank || Number(a.via !== 'name') - Number(b.via !== 'name') || a.label.length - b.label.length || a.label.localeCompare(b.label))
    .slice(0, limit);
}
