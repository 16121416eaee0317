import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { editDistance, matchDrugName, searchVocabulary } from '../../../electron/services/cds/drugMatching';
import { normaliseMedicationName } from '../../../electron/services/cds/drugNames';
import { ALLERGY_CLASSES } from '../../../electron/services/cds/knowledge/allergyClasses';
import { BUNDLED_DRUG_VOCABULARY, ingredientEntry } from '../../../electron/services/cds/knowledge/drugVocabulary';
import { INTERACTION_GROUPS } from '../../../electron/services/cds/knowledge/interactionGroups';
import { ONC_DDI } from '../../../electron/services/cds/knowledge/oncDdi';
import { RENAL_DRUGS } from '../../../electron/services/cds/knowledge/renalDrugs';

const root = path.resolve(__dirname, '../../..');

describe('drug vocabulary', () => {
  it('is the build of its source table (node scripts/build-drug-vocabulary.mjs --check)', () => {
    expect(execFileSync(process.execPath, [path.join(root, 'scripts', 'build-drug-vocabulary.mjs'), '--check'], { encoding: 'utf8' })).toMatch(/up to date/);
  });

  it('covers the WHO EML 2023 medicines it lists, with ATC codes and French names', () => {
    const eml = BUNDLED_DRUG_VOCABULARY.ingredients.filter((i) => i.sources.includes('eml'));
    expect(eml.length).toBeGreaterThan(400);
    expect(eml.every((i) => i.atc.length > 0 && i.fr.length > 0)).toBe(true);
    // Spot checks against the WHOCC ATC index.
    expect(ingredientEntry('amoxicillin')?.atc).toEqual(['J01CA04']);
    expect(ingredientEntry('warfarin')?.atc).toEqual(['B01AA03']);
    expect(ingredientEntry('fluoxetine')?.atc).toEqual(['N06AB03']);
  });

  it('holds every drug a Bedside rule names', () => {
    const named = new Set<string>();
    for (const i of ONC_DDI.interactions) for (const m of [...i.object.members, ...i.precipitant.members]) named.add(m);
    for (const c of Object.values(ALLERGY_CLASSES)) for (const m of c.members) named.add(m);
    for (const d of RENAL_DRUGS) for (const m of d.ingredients) named.add(m);
    for (const g of INTERACTION_GROUPS) for (const side of g.sides) for (const m of side.members) named.add(m);
    const missing = [...named].filter((n) => !ingredientEntry(n));
    expect(missing).toEqual([]);
  });
});

describe('matching: exact, normalised, fuzzy', () => {
  it.each([
    ['ibuprofen', 'exact', ['ibuprofen']],
    ['Advil', 'exact', ['ibuprofen']],
    ['érythromycine', 'normalised', ['erythromycin']],
    ['erythromycine', 'exact', ['erythromycin']],
    ['Doliprane', 'exact', ['acetaminophen']],
    ['paracétamol', 'normalised', ['acetaminophen']],
    ['cefalexin', 'exact', ['cephalexin']],
    ['Sertraline hydrochloride', 'normalised', ['sertraline']],
    ['METFORMINE', 'exact', ['metformin']],
    ['Augmentin', 'exact', ['amoxicillin', 'clavulanate']],
    ['fluoxetin', 'fuzzy', ['fluoxetine']],
    ['amoxicilin', 'fuzzy', ['amoxicillin']],
    ['simvastatn', 'fuzzy', ['simvastatin']],
    ['warfrin', 'fuzzy', ['warfarin']],
  ] as const)('%s → %s', (text, status, ingredients) => {
    const m = matchDrugName(text);
    expect(m.status).toBe(status);
    if (m.status !== 'unresolved') expect(m.target.ingredients).toEqual(ingredients);
  });

  it('gives candidates, not a guess, for a name too far from any entry', () => {
    const m = matchDrugName('zorbulax');
    expect(m.status).toBe('unresolved');
    const near = matchDrugName('flouxetine hcl');
    expect(near.status).toBe('fuzzy');
  });

  it('keeps an ambiguous near-miss unresolved and lists the candidates', () => {
    // "cefazolin" and "cefazoline"-like near neighbours: one edit from two entries.
    const m = matchDrugName('cefotazime');
    expect(m.status === 'unresolved' ? m.candidates.length : 1).toBeGreaterThan(0);
  });

  it('computes Damerau–Levenshtein distances (transpositions count once)', () => {
    expect(editDistance('fluoxetin', 'fluoxetine')).toBe(1);
    expect(editDistance('warfrain', 'warfarin')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  it('reads orders written with brands, French names and misspellings', () => {
    expect(normaliseMedicationName('Advil 200 mg comprimé').ingredients).toEqual(['ibuprofen']);
    expect(normaliseMedicationName('Erythromycine 500 mg').ingredients).toEqual(['erythromycin']);
    expect(normaliseMedicationName('fluoxetin 20 mg').ingredients).toEqual(['fluoxetine']);
    expect(normaliseMedicationName('Kardégic 75 mg').ingredients).toEqual(['aspirin']);
  });

  it('searches as the prescriber types: prefix first, then brands and French names, then fuzzy', () => {
    expect(searchVocabulary('amox')[0]?.name).toBe('amoxicillin');
    expect(searchVocabulary('advi').map((h) => h.label)).toContain('Advil');
    expect(searchVocabulary('fluoxetin').map((h) => h.name)).toContain('fluoxetine');
    expect(searchVocabulary('paracé').map((h) => h.name)).toContain('acetaminophen');
    expect(searchVocabulary('a')).toEqual([]);
  });
});
