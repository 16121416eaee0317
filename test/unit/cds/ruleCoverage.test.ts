/**
 * Every rule entry of the medication knowledge with a worked example and a safe case, generated
 * from the knowledge files themselves, so a new entry without a working example fails here:
 * every dose limit (at the maximum: silent; above it: a card), every duplicate-therapy class
 * (two members: a card with the class's severity; a member and a drug of another class:
 * silent), every renal threshold band (eGFR inside the band: the band's indicator; eGFR above
 * every band: silent), and the brand and French names of every drug the interaction rules name.
 */
import type { MedicationRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { DOSE_LIMITS } from '../../../electron/services/cds/knowledge/doseLimits';
import { DUPLICATE_CLASSES } from '../../../electron/services/cds/knowledge/duplicateClasses';
import { ingredientEntry } from '../../../electron/services/cds/knowledge/drugVocabulary';
import { INTERACTION_GROUPS } from '../../../electron/services/cds/knowledge/interactionGroups';
import { ONC_DDI } from '../../../electron/services/cds/knowledge/oncDdi';
import { RENAL_DRUGS } from '../../../electron/services/cds/knowledge/renalDrugs';
import { matchDrugName } from '../../../electron/services/cds/drugMatching';
import { normaliseMedicationName } from '../../../electron/services/cds/drugNames';
import { doseRangeRule } from '../../../electron/services/cds/rules/doseRange';
import { duplicateClassesOf, duplicateTherapyRule } from '../../../electron/services/cds/rules/duplicateTherapy';
import { ckdEpi2021 } from '../../../electron/services/cds/rules/egfr';
import { SEVERITY_INDICATOR } from '../../../electron/services/cds/rules/interactionGroups';
import { renalDosingRule } from '../../../electron/services/cds/rules/renalDosing';
import { RULES, runRules } from '../../../electron/services/cds/rulesEngine';
import { chartOf, draft, med, obs, patient } from './fixtures';

const dailyOrder = (ingredient: string, mgPerDay: number): MedicationRequest => ({
  ...draft(ingredient),
  dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: mgPerDay, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }], timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } } }],
});

describe('dose range: every limit at its maximum (silent) and above it (card)', () => {
  const adult = patient('1970-01-01', 'female');
  for (const limit of DOSE_LIMITS) {
    it(`${limit.ingredient}: ${limit.maxDailyMg} mg/day is within range; ${limit.maxDailyMg * 2} mg/day is above it`, () => {
      expect(runRules(chartOf(adult), { rules: [doseRangeRule], draftOrders: [dailyOrder(limit.ingredient, limit.maxDailyMg)] })).toEqual([]);
      const above = runRules(chartOf(adult), { rules: [doseRangeRule], draftOrders: [dailyOrder(limit.ingredient, limit.maxDailyMg * 2)] });
      expect(above.map((c) => c.summary)).toEqual([`${limit.ingredient} ${limit.maxDailyMg * 2} mg/day is above the maximum of ${limit.maxDailyMg} mg/day`]);
      expect(above[0]?.explanation.kind === 'rule-trace' && above[0].explanation.citation).toContain(limit.citation);
    });
  }
});

// Two members of each class, and a drug of no listed class (amoxicillin) for the safe pair.
const CLASS_PAIRS: Record<string, [string, string]> = {
  anticoagulants: ['warfarin', 'apixaban'],
  nsaids: ['naproxen', 'diclofenac'],
  raas: ['lisinopril', 'losartan'],
  'ssri-snri': ['sertraline', 'venlafaxine'],
  benzodiazepines: ['diazepam', 'lorazepam'],
  opioids: ['morphine', 'oxycodone'],
  'beta-blockers': ['atenolol', 'metoprolol'],
  sulfonylureas: ['gliclazide', 'glyburide'],
  statins: ['simvastatin', 'atorvastatin'],
  ppis: ['omeprazole', 'pantoprazole'],
  antipsychotics: ['haloperidol', 'risperidone'],
};

describe('duplicate therapy: every class with two members (card) and with another class (silent)', () => {
  it('has a worked pair for every class', () => {
    expect(Object.keys(CLASS_PAIRS).sort()).toEqual(DUPLICATE_CLASSES.map((c) => c.id).sort());
  });
  for (const c of DUPLICATE_CLASSES) {
    const [a, b] = CLASS_PAIRS[c.id] ?? ['', ''];
    it(`${c.id}: ${a} + ${b} → ${SEVERITY_INDICATOR[c.severity]}; ${a} + amoxicillin → nothing`, () => {
      expect(duplicateClassesOf(a).map((x) => x.id)).toContain(c.id);
      expect(duplicateClassesOf(b).map((x) => x.id)).toContain(c.id);
      const cards = runRules(chartOf(med(a)), { rules: [duplicateTherapyRule], draftOrders: [draft(b)] });
      expect(cards.map((x) => x.indicator)).toEqual([SEVERITY_INDICATOR[c.severity]]);
      expect(runRules(chartOf(med(a)), { rules: [duplicateTherapyRule], draftOrders: [draft('amoxicillin')] })).toEqual([]);
    });
  }
});

describe('renal dosing: every threshold band of every drug', () => {
  const now = new Date('2024-03-01T12:00:00Z');
  const woman = patient('1949-02-01', 'female');
  // The creatinine (mg/dL) that gives a target eGFR for this 75-year-old woman (CKD-EPI 2021, bisection).
  const creatinineFor = (egfr: number): number => {
    let lo = 0.3;
    let hi = 15;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (ckdEpi2021(mid, 75, 'female') > egfr) lo = mid;
      else hi = mid;
    }
    return Math.round(((lo + hi) / 2) * 100) / 100;
  };
  const creat = (egfr: number) => obs('38483-4', creatinineFor(egfr), 'mg/dL', '2024-02-28T09:00:00Z');
  for (const drug of RENAL_DRUGS) {
    const ingredient = drug.ingredients[0] ?? '';
    for (const band of drug.thresholds) {
      const mid = Math.max(band.atOrAbove, 5) + (band.below - Math.max(band.atOrAbove, 5)) / 2;
      it(`${drug.id}: ${ingredient} at eGFR ≈ ${mid} → ${band.indicator}`, () => {
        const cards = runRules(chartOf(woman, creat(mid), med(ingredient)), { rules: [renalDosingRule], now });
        expect(cards.map((c) => c.indicator)).toEqual([band.indicator]);
      });
    }
    const top = Math.max(...drug.thresholds.map((t) => t.below));
    it(`${drug.id}: ${ingredient} at eGFR ≈ ${top + 10} → nothing`, () => {
      expect(runRules(chartOf(woman, creat(top + 10), med(ingredient)), { rules: [renalDosingRule], now })).toEqual([]);
    });
  }
});

describe('names: every brand and French name of the drugs the interaction rules name resolves to that drug', () => {
  const named = new Set<string>([...INTERACTION_GROUPS.flatMap((g) => g.example), ...ONC_DDI.interactions.flatMap((i) => [...i.object.members, ...i.precipitant.members])]);
  const cases: [string, string][] = [];
  for (const name of named) {
    const e = ingredientEntry(name);
    if (!e) continue;
    if (e.fr && e.fr.toLowerCase() !== e.name) cases.push([e.fr, e.name]);
    for (const b of e.brands) cases.push([b, e.name]);
  }

  it('has a few hundred cases to check', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it('each resolves exactly (picker and order text alike), to an entry containing the drug', () => {
    const wrong = cases.filter(([text, ingredient]) => {
      const m = matchDrugName(text);
      return m.status === 'unresolved' || m.status === 'fuzzy' || !m.target.ingredients.includes(ingredient) || !normaliseMedicationName(`${text} 10 mg`).ingredients.includes(ingredient);
    });
    expect(wrong).toEqual([]);
  });

  it('a one-letter slip in a long ingredient name (8+ letters) resolves by edit distance to that drug, or is offered as a candidate', () => {
    const long = [...named].filter((n) => n.length >= 8 && /^[a-z]+$/.test(n) && ingredientEntry(n));
    expect(long.length).toBeGreaterThan(50);
    const missed: string[] = [];
    let fuzzyHits = 0;
    for (const n of long) {
      const typo = n.slice(0, 4) + n.slice(5); // the fifth letter dropped
      const m = matchDrugName(typo);
      if (m.status === 'fuzzy' && m.target.ingredients.includes(n)) fuzzyHits++;
      else if (!(m.status === 'unresolved' && m.candidates.some((c) => c.name === n)) && !(m.status !== 'unresolved' && m.target.ingredients.includes(n))) missed.push(`${typo} → ${m.status}`);
    }
    expect(missed).toEqual([]);
    expect(fuzzyHits / long.length).toBeGreaterThan(0.9);
  });
});

describe('the WHO list sample checked in docs/cds.md', () => {
  it('has the medicines added to the WHO Model List in 2023 (acamprosate, cabergoline, cladribine, ceftolozane, the polypills)', () => {
    for (const name of ['acamprosate', 'cabergoline', 'cladribine', 'ceftolozane', 'deferasirox']) expect([name, ingredientEntry(name)?.sources]).toEqual([name, expect.arrayContaining(['eml'])]);
    expect(normaliseMedicationName('Trinomia 100 mg/20 mg/10 mg').ingredients).toEqual(['aspirin', 'atorvastatin', 'ramipril']);
    expect(normaliseMedicationName('Polycap').ingredients).toEqual(['aspirin', 'simvastatin', 'ramipril', 'atenolol', 'hydrochlorothiazide']);
    expect(normaliseMedicationName('atorvastatine/périndopril/amlodipine').ingredients).toEqual(['atorvastatin', 'perindopril', 'amlodipine']);
    expect(normaliseMedicationName('Dostinex 0.5 mg').ingredients).toEqual(['cabergoline']);
  });
});

describe('what the patient reports taking (MedicationStatement) is checked like an active order', () => {
  const reported = (text: string, status: 'active' | 'stopped' = 'active') => ({ resourceType: 'MedicationStatement' as const, id: `ms-${text.split(' ')[0]}`, status, subject: { reference: 'Patient/p1' }, medicationCodeableConcept: { text } });

  it('ordering warfarin for a patient who reports taking Advil fires anticoagulant + NSAID, naming the statement', () => {
    const cards = runRules(chartOf(reported('Advil 200 mg')), { rules: RULES, draftOrders: [draft('warfarin 5 mg')] });
    const hit = cards.find((c) => c.provenance.id === 'drug-interaction-groups');
    expect(hit?.summary).toMatch(/warfarin \+ ibuprofen|ibuprofen \+ warfarin/);
    expect(hit?.triggeredBy).toContain('MedicationStatement/ms-Advil');
  });

  it('a stopped statement is silent, and a statement of a drug already ordered is not a duplicate of it', () => {
    expect(runRules(chartOf(reported('Advil 200 mg', 'stopped')), { rules: RULES, draftOrders: [draft('warfarin 5 mg')] }).filter((c) => c.provenance.id === 'drug-interaction-groups')).toEqual([]);
    expect(runRules(chartOf(med('Warfarin Sodium 5 MG Oral Tablet'), reported('warfarin 5 mg')), { rules: RULES })).toEqual([]);
  });
});
