/**
 * The drug vocabulary: ingredients with WHO ATC codes, brand names, French names (DCI) and
 * other spellings, plus combination products. Built by scripts/build-drug-vocabulary.mjs from
 * vocabulary/drug-vocabulary.source.txt (sources in its header: WHO EML 2023, WHOCC ATC/DDD
 * index, public product labels on DailyMed and the ANSM database, RxNorm ingredient names).
 * The bundled copy is used until a signed `drug-vocabulary` knowledge pack is active
 * (useDrugVocabulary, called by the CDS service); either is validated before use.
 */
import { z } from 'zod';
import raw from './vocabulary/drug-vocabulary.json';

const entry = {
  name: z.string().min(1),
  fr: z.string(),
  brands: z.array(z.string().min(1)),
  synonyms: z.array(z.string().min(1)),
  sources: z.array(z.enum(['eml', 'rule', 'local'])).min(1),
};

/** The vocabulary file's shape (also the content of the signed knowledge pack). */
export const drugVocabularySchema = z.object({
  id: z.literal('drug-vocabulary'),
  version: z.string().min(1),
  title: z.string().min(1),
  sources: z.array(z.object({ kind: z.string(), citation: z.string().min(1) })).min(1),
  atcGroups: z.record(z.string(), z.string()),
  ingredients: z.array(z.object({ ...entry, atc: z.array(z.string().regex(/^[A-Z]\d\d[A-Z][A-Z]\d\d$|^[A-Z](\d\d([A-Z]([A-Z])?)?)?$/)).min(1) })).min(1),
  products: z.array(z.object({ ...entry, ingredients: z.array(z.string().min(1)).min(2) })),
});

/** The whole vocabulary. */
export type DrugVocabulary = z.infer<typeof drugVocabularySchema>;
/** One ingredient of the vocabulary. */
export type VocabularyIngredient = DrugVocabulary['ingredients'][number];

/** The vocabulary shipped with the app (validated at start-up). */
export const BUNDLED_DRUG_VOCABULARY: DrugVocabulary = drugVocabularySchema.parse(raw);

let current: DrugVocabulary = BUNDLED_DRUG_VOCABULARY;
let currentSource: 'bundled' | 'pack' = 'bundled';
const listeners: Array<() => void> = [];

/** The vocabulary in use: the active signed pack's, else the bundled one. */
export function drugVocabulary(): DrugVocabulary {
  return current;
}

/** Where the vocabulary in use came from. */
export function drugVocabularySource(): 'bundled' | 'pack' {
  return currentSource;
}

/** Switches to another (already verified and parsed) vocabulary; caches built on it are dropped. */
export function useDrugVocabulary(next: DrugVocabulary, source: 'bundled' | 'pack' = 'pack'): void {
  current = next;
  currentSource = source;
  for (const l of listeners) l();
}

/** Registers a cache reset for when the vocabulary changes. */
export function onDrugVocabularyChange(listener: () => void): void {
  listeners.push(listener);
}

/** ATC codes of an ingredient (empty when unknown). */
export function atcCodesOf(ingredient: string): readonly string[] {
  return ingredientEntry(ingredient)?.atc ?? [];
}

let byName: Map<string, VocabularyIngredient> | undefined;
onDrugVocabularyChange(() => (byName = undefined));

/** The vocabulary entry for an ingredient name. */
export function ingredientEntry(name: string): VocabularyIngredient | undefined {
  byName ??= new Map(current.ingredients.map((i) => [i.name, i]));
  return byName.get(name);
}

/** The name of an ATC class code (from the vocabulary's group table), or the code itself. */
export function atcGroupName(code: string): string {
  return current.atcGroups[code] ?? code;
}
