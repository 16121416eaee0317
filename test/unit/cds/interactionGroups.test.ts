import type { MedicationRequest } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { DUPLICATE_CLASSES } from '../../../electron/services/cds/knowledge/duplicateClasses';
import { INTERACTION_GROUPS } from '../../../electron/services/cds/knowledge/interactionGroups';
import { doseRangeRule } from '../../../electron/services/cds/rules/doseRange';
import { duplicateClassesOf, duplicateTherapyRule } from '../../../electron/services/cds/rules/duplicateTherapy';
import { SEVERITY_INDICATOR, interactionGroupRule } from '../../../electron/services/cds/rules/interactionGroups';
import { RULES, runRules } from '../../../electron/services/cds/rulesEngine';
import { chartOf, draft, med, obs, patient } from './fixtures';

const rules = [interactionGroupRule];

describe('interaction groups: every group has a worked example and a safe pair (from the knowledge file)', () => {
  for (const g of INTERACTION_GROUPS) {
    const expected = SEVERITY_INDICATOR[g.severity];
    it(`${g.id}: ${g.example.join(' + ')} fires (${expected}), active list and on ordering the last drug`, () => {
      const active = runRules(chartOf(...g.example.map((d) => med(d))), { rules });
      expect(active.filter((c) => c.source.topic?.code === `interactions#${g.id}`).map((c) => c.indicator)).toEqual([expected]);
      const ordered = runRules(chartOf(...g.example.slice(0, -1).map((d) => med(d))), { rules, draftOrders: [draft(g.example.at(-1) ?? '')] });
      const hit = ordered.filter((c) => c.source.topic?.code === `interactions#${g.id}`);
      expect(hit).toHaveLength(1);
      expect(hit[0]?.explanation?.kind === 'rule-trace' && hit[0].explanation.citation).toBe(g.citation);
    });
    it(`${g.id}: ${g.safe.join(' + ')} is silent`, () => {
      expect(runRules(chartOf(...g.safe.map((d) => med(d))), { rules })).toEqual([]);
    });
  }

  it('leaves a pair on the ONC list to the ONC rule (one card per pair)', () => {
    // Fluoxetine + phenelzine is ONC (serotonin syndrome).
    const cards = runRules(chartOf(med('fluoxetine'), med('phenelzine')), { rules: RULES });
    expect(cards.map((c) => c.provenance.id)).toEqual(['drug-interactions']);
  });

  it('triple whammy needs all three, and on ordering one of them must be the draft', () => {
    expect(runRules(chartOf(med('lisinopril'), med('ibuprofen')), { rules })).toEqual([]);
    expect(runRules(chartOf(med('lisinopril'), med('furosemide'), med('ibuprofen')), { rules, draftOrders: [draft('acetaminophen')] })).toEqual([]);
  });
});

describe('duplicate therapy', () => {
  it('ibuprofen + Advil is a duplicate by ingredient', () => {
    const cards = runRules(chartOf(med('Ibuprofen 400 MG Oral Tablet')), { rules: [duplicateTherapyRule], draftOrders: [draft('Advil')] });
    expect(cards.map((c) => `${c.indicator} ${c.summary}`)).toEqual(['warning Duplicate therapy: ibuprofen is in Advil and Ibuprofen 400 MG Oral Tablet']);
  });

  it.each([
    ['naproxen', 'diclofenac', 'nsaids', 'warning'],
    ['warfarin', 'apixaban', 'anticoagulants', 'critical'],
    ['lisinopril', 'losartan', 'raas', 'warning'],
    ['omeprazole', 'pantoprazole', 'ppis', 'info'],
    ['sertraline', 'venlafaxine', 'ssri-snri', 'warning'],
  ])('%s + %s: two %s (%s)', (a, b, cls, indicator) => {
    const cards = runRules(chartOf(med(a)), { rules: [duplicateTherapyRule], draftOrders: [draft(b)] });
    expect(cards.map((c) => c.indicator)).toEqual([indicator]);
    expect(duplicateClassesOf(a).map((c) => c.id)).toContain(cls);
  });

  it('is silent for drugs of different classes and for standard combined regimens', () => {
    expect(runRules(chartOf(med('lisinopril')), { rules: [duplicateTherapyRule], draftOrders: [draft('amlodipine')] })).toEqual([]);
    expect(runRules(chartOf(med('tenofovir')), { rules: [duplicateTherapyRule], draftOrders: [draft('lamivudine')] })).toEqual([]);
    expect(runRules(chartOf(med('aspirin')), { rules: [duplicateTherapyRule], draftOrders: [draft('ibuprofen')] })).toEqual([]);
  });

  it('every duplicate class has members in the vocabulary', () => {
    for (const c of DUPLICATE_CLASSES) expect([c.id, ['ibuprofen', 'warfarin', 'lisinopril', 'sertraline', 'diazepam', 'morphine', 'atenolol', 'gliclazide', 'simvastatin', 'omeprazole', 'haloperidol'].some((i) => duplicateClassesOf(i).includes(c))]).toEqual([c.id, true]);
  });
});

const dosed = (text: string, mg: number, perDay: number): MedicationRequest => ({
  ...draft(text),
  dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' } }], timing: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } } }],
});

describe('dose range', () => {
  it('metformin 1000 mg three times a day (3000 mg) is above the 2550 mg label maximum', () => {
    const cards = runRules(chartOf(patient('1960-01-01', 'female')), { rules: [doseRangeRule], draftOrders: [dosed('metformin', 1000, 3)] });
    expect(cards.map((c) => c.summary)).toEqual(['metformin 3000 mg/day is above the maximum of 2550 mg/day']);
  });

  it('metformin 1000 mg twice a day is within the label but above 1000 mg/day at eGFR 30–44 (KDIGO 2022)', () => {
    const normal = runRules(chartOf(patient('1960-01-01', 'female')), { rules: [doseRangeRule], draftOrders: [dosed('metformin', 1000, 2)] });
    expect(normal).toEqual([]);
    // Creatinine 1.5 mg/dL, woman aged 64 → CKD-EPI 2021 eGFR ≈ 39.
    const ckd = runRules(chartOf(patient('1960-01-01', 'female'), obs('2160-0', 1.5, 'mg/dL', '2024-06-01')), { rules: [doseRangeRule], draftOrders: [dosed('metformin', 1000, 2)], now: new Date('2024-06-02') });
    expect(ckd.map((c) => c.summary)).toEqual(['metformin 2000 mg/day is above the maximum of 1000 mg/day at eGFR 39']);
  });

  it('ibuprofen 800 mg four times a day is safe; 800 mg six times a day is not', () => {
    expect(runRules(chartOf(), { rules: [doseRangeRule], draftOrders: [dosed('ibuprofen', 800, 4)] })).toEqual([]);
    expect(runRules(chartOf(), { rules: [doseRangeRule], draftOrders: [dosed('ibuprofen', 800, 6)] }).map((c) => c.indicator)).toEqual(['warning']);
  });
});
