/**
 * Medication names as written in orders (RxNorm clinical drug displays such as
 * "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet", brand names, French
 * names, misspellings) reduced to vocabulary ingredients through drugMatching.ts.
 * An order coded by the drug picker (DRUG_VOCABULARY_SYSTEM) is read from its codes.
 * A name that does not resolve is reported as unknown, with the closest candidates, so the
 * rules say "not checked" for it and never "no interaction".
 */
import type { MedicationRequest } from 'fhir/r4';
import { DRUG_VOCABULARY_SYSTEM, NOT_IN_VOCABULARY } from '../../contract/schemas/medication';
import { medicationDisplay } from './chart';
import { matchDrugName, type DrugMatch, type MatchCandidate } from './drugMatching';
import { ingredientEntry } from './knowledge/drugVocabulary';

/** How one part of a name was read. */
export interface PartReading {
  readonly part: string;
  readonly match: DrugMatch;
}

/** The result of reading one medication name. */
export interface NormalisedMedication {
  /** The text as given. */
  readonly text: string;
  /** Recognised ingredients, RxNorm names in lower case, without duplicates. */
  readonly ingredients: readonly string[];
  /** Parts of the name that matched no vocabulary entry. */
  readonly unknown: readonly string[];
  /** Brand name, when one was written in brackets or used as the name. */
  readonly brand?: string;
  /** How each part was read (exact, normalised, fuzzy with its edit distance, unresolved). */
  readonly readings?: readonly PartReading[];
  /** The closest vocabulary entries for the unknown parts. */
  readonly candidates?: readonly MatchCandidate[];
  /** The prescriber recorded "not in the vocabulary" for this order. */
  readonly recordedNotInVocabulary?: boolean;
  /** Ingredients came from the picker's codes, not from reading text. */
  readonly coded?: boolean;
}

/** Every ingredient the vocabulary knows (for tests and the knowledge check). */
export { ingredientEntry };

/** Resolves one ingredient phrase ("metformin hydrochloride", "Advil", "fluoxetin") to ingredient names, or undefined. */
export function resolveIngredient(phrase: string): readonly string[] | undefined {
  const m = readPart(phrase);
  return m.status === 'unresolved' ? undefined : m.target.ingredients;
}

const readPart = (phrase: string): DrugMatch => {
  const clean = phrase.toLowerCase().replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  if (/^insulin\b/.test(clean)) return matchDrugName('insulin'); // all insulins interact and dose alike for these rules
  const first = matchDrugName(clean);
  if (first.status !== 'unresolved' || !clean.includes(',')) return first;
  const beforeComma = matchDrugName(clean.split(',')[0]?.trim() ?? clean);
  return beforeComma.status === 'unresolved' ? first : beforeComma;
};

/** Leading package quantities: "24 HR", "1 ML", "0.3 ML", "NDA020800", "Seasonique 91 Day Pack" counts. */
const LEADING_QUANTITY = /^(?:nda\d+\s+|\d+(?:\.\d+)?\s*(?:hr|ml|actuat|day)\s+)+/;

/** Dose-form words that end the ingredient part when no strength precedes them. */
const DOSE_FORM = /\s+(oral|tablet|capsule|solution|suspension|injection|injectable|extended|delayed|chewable|topical|transdermal|inhalation|inhalant|nasal|ophthalmic|otic|rectal|vaginal|intrauterine|drug implant|implant|auto-injector|prefilled|pack|kit|cream|ointment|gel|patch|spray|powder|syrup|elixir|lozenge|film|system)\b.*$/;

const ingredientPhrase = (part: string): string => {
  const beforeStrength = part.split(/\s+(?=\d|\.\d)/)[0] ?? part;
  return beforeStrength.replace(DOSE_FORM, '').trim();
};

/** Reads a medication name into ingredients; unknown parts are kept, never dropped. */
export function normaliseMedicationName(text: string): NormalisedMedication {
  let t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  const bracket = /\[([^\]]+)\]/.exec(t);
  const brand = bracket?.[1]?.trim();
  t = t.replace(/\[[^\]]*\]/g, ' ').replace(/\s+/g, ' ').trim();
  t = t.replace(LEADING_QUANTITY, '');
  const ingredients: string[] = [];
  const unknown: string[] = [];
  const readings: PartReading[] = [];
  const candidates: MatchCandidate[] = [];
  const raws = t.split(/\s+\/\s+|\s+\+\s+/).filter((p) => ingredientPhrase(p).length > 0);
  const parts = raws.map(ingredientPhrase);
  for (const [i, part] of parts.entries()) {
    let match = readPart(part);
    // A brand with a number in its name ("D.H.E. 45"): the phrase up to and with the first number, if it names an entry.
    const withNumber = match.status === 'unresolved' ? /^(\D+?\s+\d+)(?=\s|$)/.exec(raws[i] ?? '')?.[1] : undefined;
    if (withNumber) {
      const numbered = matchDrugName(withNumber);
      if (numbered.status === 'exact' || numbered.status === 'normalised') match = numbered;
    }
    readings.push({ part, match });
    if (match.status === 'unresolved') {
      unknown.push(part);
      candidates.push(...match.candidates);
      continue;
    }
    for (const r of match.target.ingredients) if (!ingredients.includes(r)) ingredients.push(r);
  }
  // The brand in brackets confirms or, when the generic part was unreadable, supplies the ingredients.
  let brandName = brand;
  if (brand && ingredients.length === 0) {
    const fromBrand = matchDrugName(brand);
    if (fromBrand.status === 'exact' || fromBrand.status === 'normalised') {
      ingredients.push(...fromBrand.target.ingredients);
      unknown.length = 0;
      candidates.length = 0;
    }
  }
  if (parts.length === 0) unknown.push(text.trim() || '(no name)');
  const single = readings.length === 1 ? readings[0]?.match : undefined;
  if (!brandName && single && single.status !== 'unresolved' && single.target.via === 'brand') brandName = single.target.label;
  return {
    text,
    ingredients,
    unknown,
    readings,
    ...(candidates.length ? { candidates } : {}),
    ...(brandName ? { brand: brandName } : {}),
  };
}

/** Ingredients of an order: from the picker's vocabulary codes, else read from its medication text. */
export function orderIngredients(order: MedicationRequest): NormalisedMedication {
  const display = medicationDisplay(order);
  const codings = (order.medicationCodeableConcept?.coding ?? []).filter((c) => c.system === DRUG_VOCABULARY_SYSTEM && c.code);
  const text = display ?? '(medication without a name)';
  if (codings.some((c) => c.code === NOT_IN_VOCABULARY)) {
    return { text, ingredients: [], unknown: [text], recordedNotInVocabulary: true };
  }
  const coded = codings.map((c) => c.code as string).filter((c) => ingredientEntry(c) !== undefined);
  if (coded.length > 0) return { text, ingredients: [...new Set(coded)], unknown: [], coded: true };
  if (!display) return { text, ingredients: [], unknown: [text] };
  return normaliseMedicationName(display);
}
