import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseMedicationName } from '../../../electron/services/cds/drugNames';

const sharedData = process.env.BEDSIDE_SHARED_DATA ?? path.resolve(__dirname, '../../../../shared/data');
const syntheaMeds = path.join(sharedData, 'synthea-10', 'MedicationRequest.000.ndjson');

describe('medication name normalisation', () => {
  it.each([
    ['Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet', ['amoxicillin', 'clavulanate']],
    ['24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', ['metformin']],
    ['Acetaminophen 325 MG Oral Tablet [Tylenol]', ['acetaminophen']],
    ['1 ML Epoetin Alfa 4000 UNT/ML Injection [Epogen]', ['epoetin alfa']],
    ['insulin isophane, human 70 UNT/ML / insulin, regular, human 30 UNT/ML Injectable Suspension [Humulin]', ['insulin']],
    ['Acetaminophen 21.7 MG/ML / Dextromethorphan Hydrobromide 1 MG/ML / doxylamine succinate 0.417 MG/ML Oral Solution', ['acetaminophen', 'dextromethorphan', 'doxylamine']],
    ['Penicillin V Potassium 250 MG Oral Tablet', ['penicillin v']],
    ['NITROFURANTOIN, MACROCRYSTALS 50 MG Oral Capsule', ['nitrofurantoin']],
    ['Naproxen sodium 220 MG Oral Tablet', ['naproxen']],
    ['24 HR metoprolol succinate 100 MG Extended Release Oral Tablet', ['metoprolol']],
    ['Meperidine Hydrochloride 50 MG Oral Tablet', ['meperidine']],
    ['NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector', ['epinephrine']],
    ['Mirena 52 MG Intrauterine System', ['levonorgestrel']],
    ['Seasonique 91 Day Pack', ['levonorgestrel', 'ethinyl estradiol']],
    ['NuvaRing 0.12/0.015 MG per 24HR 21 Day Vaginal System', ['etonogestrel', 'ethinyl estradiol']],
    ['Alendronic acid 10 MG Oral Tablet', ['alendronate']],
    ['Vitamin B12 5 MG/ML Injectable Solution', ['cyanocobalamin']],
    ['ferrous sulfate 325 MG Oral Tablet', ['ferrous sulfate']],
    ['Sulfamethoxazole / Trimethoprim', ['sulfamethoxazole', 'trimethoprim']],
    ['PHENELZINE SULFATE 15 MG ORAL TABLET', ['phenelzine']],
    ['Zoloft', ['sertraline']],
  ])('%s', (text, expected) => {
    const result = normaliseMedicationName(text);
    expect([...result.ingredients].sort()).toEqual([...expected].sort());
    expect(result.unknown).toEqual([]);
  });

  it('reports an unknown medication as unknown, never as an empty ingredient list', () => {
    const result = normaliseMedicationName('Zorbulax 10 MG Oral Tablet');
    expect(result.ingredients).toEqual([]);
    expect(result.unknown).toEqual(['zorbulax']);
  });

  it('keeps the known part of a combination and reports the unknown part', () => {
    const result = normaliseMedicationName('Ibuprofen 200 MG / Mysterium 5 MG Oral Tablet');
    expect(result.ingredients).toEqual(['ibuprofen']);
    expect(result.unknown).toEqual(['mysterium']);
  });

  it.skipIf(!fs.existsSync(syntheaMeds))('reads every medication name in the Synthea sample (needs shared data synthea-10)', () => {
    const names = new Set<string>();
    for (const line of fs.readFileSync(syntheaMeds, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const mr = JSON.parse(line) as { medicationCodeableConcept?: { text?: string } };
      if (mr.medicationCodeableConcept?.text) names.add(mr.medicationCodeableConcept.text);
    }
    expect(names.size).toBeGreaterThan(20);
    const unread = [...names].filter((n) => normaliseMedicationName(n).unknown.length > 0);
    expect(unread).toEqual([]);
    expect(normaliseMedicationName('Ibuprofen 400 MG Oral Tablet [Ibu]').ingredients).toEqual(['ibuprofen']);
  });
});
