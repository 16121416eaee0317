/**
 * Medication names as written in orders (RxNorm clinical drug displays such as
 * "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet" or
 * "Acetaminophen 325 MG Oral Tablet [Tylenol]") reduced to ingredient lists.
 * A name that does not resolve to a known ingredient is reported as unknown, so rules say
 * "not checked" for it and never "no interaction".
 */
import type { MedicationRequest } from 'fhir/r4';
import { medicationDisplay } from './chart';
import { ALLERGY_CLASSES } from './knowledge/allergyClasses';
import { BRAND_NAMES, COMMON_INGREDIENTS, INGREDIENT_SYNONYMS } from './knowledge/drugVocabulary';
import { ONC_DDI } from './knowledge/oncDdi';
import { RENAL_DRUGS } from './knowledge/renalDrugs';

/** The result of reading one medication name. */
export interface NormalisedMedication {
  /** The text as given. */
  readonly text: string;
  /** Recognised ingredients, RxNorm names in lower case, without duplicates. */
  readonly ingredients: readonly string[];
  /** Parts of the name that matched no known ingredient. */
  readonly unknown: readonly string[];
  /** Brand name, when one was written in brackets or used as the name. */
  readonly brand?: string;
}

let vocabulary: ReadonlySet<string> | undefined;

/** Every ingredient some Bedside rule or table knows about. */
export function knownIngredients(): ReadonlySet<string> {
  if (!vocabulary) {
    const names = new Set<string>(COMMON_INGREDIENTS);
    for (const i of ONC_DDI.interactions) for (const m of [...i.object.members, ...i.precipitant.members]) names.add(m);
    for (const c of Object.values(ALLERGY_CLASSES)) for (const m of c.members) names.add(m);
    for (const d of RENAL_DRUGS) for (const m of d.ingredients) names.add(m);
    for (const list of Object.values(BRAND_NAMES)) for (const m of list) names.add(m);
    vocabulary = names;
  }
  return vocabulary;
}

/** Salt and ester words that are not part of the ingredient (USP salt nomenclature). */
const SALT_WORDS = new Set([
  'hydrochloride', 'hcl', 'dihydrochloride', 'hydrobromide', 'sodium', 'potassium', 'calcium', 'magnesium',
  'maleate', 'besylate', 'mesylate', 'succinate', 'tartrate', 'bitartrate', 'citrate', 'fumarate', 'sulfate',
  'phosphate', 'acetate', 'valerate', 'hyclate', 'monohydrate', 'dihydrate', 'trihydrate', 'anhydrous',
  'disodium', 'bromide', 'chloride', 'lactate', 'gluconate', 'propionate', 'dipropionate', 'furoate',
  'macrocrystals', 'monohydrate/macrocrystals', 'trihydrate', 'tromethamine', 'medoxomil', 'xinafoate',
]);

/** Dose-form words that end the ingredient part when no strength precedes them. */
const DOSE_FORM = /\s+(oral|tablet|capsule|solution|suspension|injection|injectable|extended|delayed|chewable|topical|transdermal|inhalation|inhalant|nasal|ophthalmic|otic|rectal|vaginal|intrauterine|drug implant|implant|auto-injector|prefilled|pack|kit|cream|ointment|gel|patch|spray|powder|syrup|elixir|lozenge|film|system)\b.*$/;

const lookup = (name: string): readonly string[] | undefined => {
  const synonym = INGREDIENT_SYNONYMS[name] ?? name;
  if (knownIngredients().has(synonym)) return [synonym];
  const brand = BRAND_NAMES[synonym];
  if (brand) return brand;
  if (/^insulin\b/.test(synonym)) return ['insulin']; // all insulins interact and dose alike for these rules
  return undefined;
};

/** Resolves one ingredient phrase ("metformin hydrochloride") to ingredient names, or undefined. */
export function resolveIngredient(phrase: string): readonly string[] | undefined {
  const clean = phrase.toLowerCase().replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!clean) return undefined;
  const candidates = [clean, clean.split(',')[0]?.trim() ?? clean];
  for (const candidate of candidates) {
    const direct = lookup(candidate);
    if (direct) return direct;
    const withoutSalts = candidate
      .split(' ')
      .filter((w) => !SALT_WORDS.has(w.replace(/,$/, '')))
      .join(' ')
      .replace(/,$/, '')
      .trim();
    const stripped = withoutSalts ? lookup(withoutSalts) : undefined;
    if (stripped) return stripped;
  }
  return undefined;
}

/** Leading package quantities: "24 HR", "1 ML", "0.3 ML", "NDA020800", "Seasonique 91 Day Pack" counts. */
const LEADING_QUANTITY = /^(?:nda\d+\s+|\d+(?:\.\d+)?\s*(?:hr|ml|actuat|day)\s+)+/;

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
  const parts = t.split(/\s+\/\s+/).map(ingredientPhrase).filter((p) => p.length > 0);
  for (const part of parts) {
    const resolved = resolveIngredient(part);
    if (!resolved) {
      unknown.push(part);
      continue;
    }
    for (const r of resolved) if (!ingredients.includes(r)) ingredients.push(r);
  }
  // The brand in brackets confirms or, when the generic part was unreadable, supplies the ingredients.
  if (brand && ingredients.length === 0) {
    const fromBrand = BRAND_NAMES[brand];
    if (fromBrand) {
      ingredients.push(...fromBrand);
      unknown.length = 0;
    }
  }
  if (parts.length === 0) unknown.push(text.trim() || '(no name)');
  const brandFromName = parts.length === 1 && parts[0] !== undefined && BRAND_NAMES[parts[0]] ? parts[0] : undefined;
  const brandName = brand ?? brandFromName;
  return brandName ? { text, ingredients, unknown, brand: brandName } : { text, ingredients, unknown };
}

/** Ingredients of an order, read from its medication display text (orders without a name are unknown). */
export function orderIngredients(order: MedicationRequest): NormalisedMedication {
  const display = medicationDisplay(order);
  if (!display) return { text: '(medication without a name)', ingredients: [], unknown: ['(medication without a name)'] };
  return normaliseMedicationName(display);
}
