/**
 * The entry forms' models: values checked as typed (plausibility limits, BP pairs, oxygen),
 * BMI, and the FHIR they write; and that what they write raises the same cards as imported
 * data, through the real CDS rules (NEWS2, critical potassium, eGFR from µmol/L creatinine).
 */
import { describe, expect, it } from 'vitest';
import type { FhirResource } from 'fhir/r4';
import { news2Rule } from '../../../electron/services/cds/rules/scoreRules';
import { criticalValuesRule } from '../../../electron/services/cds/rules/criticalValues';
import { drugAllergyRule } from '../../../electron/services/cds/rules/drugAllergy';
import { runRules } from '../../../electron/services/cds/rulesEngine';
import { bmiOf, checkVitals, draftBmi, parseEntry, vitalsObservations, type VitalsDraft } from '../../../renderer/src/features/entry/vitalSigns';
import { labIssue, labObservation } from '../../../renderer/src/features/entry/labEntry';
import { allergyProblem, allergyResource, changedAllergy, isCurrentAllergy, isFreeTextAllergy } from '../../../renderer/src/features/entry/allergyEntry';
import { changedProblem, problemIssue, problemResource } from '../../../renderer/src/features/entry/problemEntry';
import { immunizationIssue, immunizationResource } from '../../../renderer/src/features/entry/immunizationEntry';
import { chartOf, draft as draftOrder, PATIENT_ID } from '../cds/fixtures';

const now = new Date('2024-03-01T12:00:00Z');
const effective = '2024-03-01T11:00:00Z';
const ctx = { patientId: PATIENT_ID, effective, performer: { display: 'Dr Test' }, encounter: { reference: 'Encounter/v1' } };
const draft = (values: VitalsDraft['values'], oxygen: VitalsDraft['oxygen'] = ''): VitalsDraft => ({ values, oxygen });

describe('vital signs entry', () => {
  it('refuses typos with the limit named, accepts a comma as decimal sign', () => {
    expect(checkVitals(draft({ temperature: '386' })).temperature).toEqual({ kind: 'out-of-range', min: 25, max: 45, unit: '°C' });
    expect(checkVitals(draft({ temperature: '38,6' }))).toEqual({});
    expect(parseEntry('38,6')).toBe(38.6);
    expect(checkVitals(draft({ heartRate: '72.5' })).heartRate).toEqual({ kind: 'not-whole' });
    expect(checkVitals(draft({ spo2: 'abc' })).spo2).toEqual({ kind: 'not-a-number' });
    expect(checkVitals(draft({ gcs: '2' })).gcs).toMatchObject({ kind: 'out-of-range', min: 3, max: 15 });
  });

  it('needs both halves of a blood pressure, diastolic below systolic', () => {
    expect(checkVitals(draft({ systolic: '120' })).diastolic).toEqual({ kind: 'not-a-number' });
    expect(checkVitals(draft({ systolic: '80', diastolic: '90' })).diastolic).toEqual({ kind: 'diastolic-above-systolic' });
    expect(checkVitals(draft({ systolic: '120', diastolic: '80' }))).toEqual({});
  });

  it('an oxygen flow only with supplemental oxygen, and oxygen needs its flow', () => {
    expect(checkVitals(draft({ oxygenFlow: '2' }, 'air')).oxygenFlow).toEqual({ kind: 'flow-needs-oxygen' });
    expect(checkVitals(draft({}, 'oxygen')).oxygenFlow).toEqual({ kind: 'oxygen-needs-flow' });
    expect(checkVitals(draft({ oxygenFlow: '2' }, 'oxygen'))).toEqual({});
  });

  it('BMI = kg / m² (WHO), to one decimal; none while weight or height is refused', () => {
    expect(bmiOf(70, 170)).toBe(24.2);
    expect(bmiOf(120, 180)).toBe(37);
    expect(draftBmi(draft({ weight: '70', height: '1.70' }))).toBeUndefined();
    expect(draftBmi(draft({ weight: '70', height: '170' }))).toBe(24.2);
  });

  it('writes FHIR vital signs: LOINC, UCUM, BP panel components, room air as 0 L/min, BMI, visit and performer', () => {
    const out = vitalsObservations(draft({ systolic: '98', diastolic: '60', heartRate: '115', spo2: '93', weight: '70', height: '170', gcs: '15' }, 'air'), ctx);
    const byCode = (c: string) => out.find((o) => o.code.coding?.some((x) => x.code === c));
    expect(byCode('85354-9')?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code])).toEqual([
      ['8480-6', 98, 'mm[Hg]'],
      ['8462-4', 60, 'mm[Hg]'],
    ]);
    expect(byCode('8867-4')?.valueQuantity).toMatchObject({ value: 115, code: '/min', system: 'http://unitsofmeasure.org' });
    expect(byCode('2708-6')?.code.coding?.map((c) => c.code)).toEqual(['2708-6', '59408-5']);
    expect(byCode('3151-8')?.valueQuantity?.value).toBe(0);
    expect(byCode('39156-5')?.valueQuantity).toMatchObject({ value: 24.2, code: 'kg/m2' });
    expect(byCode('9269-2')?.valueQuantity).toEqual({ value: 15, system: 'http://unitsofmeasure.org', code: '{score}' });
    for (const o of out) {
      expect(o).toMatchObject({ status: 'final', effectiveDateTime: effective, encounter: { reference: 'Encounter/v1' }, performer: [{ display: 'Dr Test' }] });
      expect(o.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
    }
    expect(() => vitalsObservations(draft({ heartRate: '700' }), ctx)).toThrow(/nothing was saved/);
  });

  it('entered vitals raise NEWS2 through the real rule (RCP 2017 chart 1: 2+2+0+2+2+0+1 = 9)', () => {
    const out = vitalsObservations(draft({ systolic: '98', diastolic: '60', heartRate: '115', respiratoryRate: '24', temperature: '38.6', spo2: '93', gcs: '15' }, 'air'), ctx);
    const cards = runRules(chartOf(...(out.map((o, i) => ({ ...o, id: `v${i}` })) as FhirResource[])), { rules: [news2Rule], now });
    expect(cards[0]).toMatchObject({ summary: 'NEWS2 9 (high)', indicator: 'critical' });
  });
});

describe('lab result entry', () => {
  const lab = (testId: string, value: string, unit = '') => ({ testId, unit, value, taken: '2024-03-01T11:00' });
  it('checks the value against the chosen unit, and the sample time', () => {
    expect(labIssue(lab('creatinine', '95'), now)).toBeNull();
    expect(labIssue(lab('creatinine', '95', 'mg/dL'), now)).toMatchObject({ kind: 'out-of-range', max: 28, unit: 'mg/dL' });
    expect(labIssue(lab('potassium', '6,8'), now)).toBeNull();
    expect(labIssue({ ...lab('potassium', '4'), taken: '2024-03-02T11:00' }, now)).toEqual({ kind: 'taken-future' });
    expect(labIssue(lab('', '4'), now)).toEqual({ kind: 'no-test' });
  });

  it('codes by unit (LOINC mass vs molar) and raises the same cards as imported results', () => {
    const k = { ...labObservation(lab('potassium', '6.8'), { patientId: PATIENT_ID }), id: 'k1' };
    expect(k.code.coding?.[0]?.code).toBe('2823-3');
    expect(k.category?.[0]?.coding?.[0]?.code).toBe('laboratory');
    const cards = runRules(chartOf(k as FhirResource), { rules: [criticalValuesRule], now });
    expect(cards.some((c) => c.indicator === 'critical' && /Potassium/i.test(c.summary))).toBe(true);
    const molar = labObservation(lab('creatinine', '95'), { patientId: PATIENT_ID });
    const mass = labObservation(lab('creatinine', '1.1', 'mg/dL'), { patientId: PATIENT_ID });
    expect([molar.code.coding?.[0]?.code, molar.valueQuantity?.code]).toEqual(['14682-9', 'umol/L']);
    expect([mass.code.coding?.[0]?.code, mass.valueQuantity?.code]).toEqual(['2160-0', 'mg/dL']);
  });
});

describe('allergy entry', () => {
  const base = { picked: null, freeText: '', notListed: false, reaction: 'Hives', severity: 'severe' as const, clinical: 'active' as const, verification: 'confirmed' as const };
  const amoxicillin = { name: 'amoxicillin', ingredients: ['amoxicillin'], label: 'amoxicillin', via: 'name' as const, atc: ['J01CA04'], rank: 0 };

  it('a substance is picked, or typed and explicitly flagged as free text', () => {
    expect(allergyProblem(base)).toBe('no-substance');
    expect(allergyProblem({ ...base, freeText: 'cat dander' })).toBe('pick-or-flag');
    expect(allergyProblem({ ...base, freeText: 'cat dander', notListed: true })).toBeNull();
    const free = allergyResource({ ...base, freeText: 'cat dander', notListed: true }, { patientId: PATIENT_ID, recorded: effective });
    expect(isFreeTextAllergy(free)).toBe(true);
    expect(free.code).toEqual({ text: 'cat dander' });
  });

  it('a picked drug allergy is what the order check reads: ordering amoxicillin meets an alert', () => {
    const a = { ...allergyResource({ ...base, picked: amoxicillin }, { patientId: PATIENT_ID, recorded: effective, encounter: { reference: 'Encounter/v1' } }), id: 'a1' };
    expect(a).toMatchObject({ code: { text: 'amoxicillin', coding: [{ system: 'http://www.whocc.no/atc', code: 'J01CA04' }] }, criticality: 'high', encounter: { reference: 'Encounter/v1' }, reaction: [{ severity: 'severe' }] });
    expect(isFreeTextAllergy(a)).toBe(false);
    const cards = runRules(chartOf(a as FhirResource), { rules: [drugAllergyRule], hook: 'order-sign', draftOrders: [draftOrder('amoxicillin 500 MG Oral Capsule')], now });
    expect(cards.some((c) => /allergy to amoxicillin/.test(c.summary))).toBe(true);
  });
});

describe('allergy status changes', () => {
  it('a refuted or resolved allergy no longer raises the order alert; refuting keeps a clinical status (FHIR ait-1)', () => {
    const a = { ...allergyResource({ picked: { name: 'amoxicillin', ingredients: ['amoxicillin'], label: 'amoxicillin', via: 'name', atc: ['J01CA04'], rank: 0 }, freeText: '', notListed: false, reaction: '', severity: '', clinical: 'active', verification: 'unconfirmed' }, { patientId: PATIENT_ID, recorded: effective }), id: 'a1' };
    expect(isCurrentAllergy(a)).toBe(true);
    expect(changedAllergy(a, 'confirm').verificationStatus?.coding?.[0]?.code).toBe('confirmed');
    for (const change of ['refute', 'resolve'] as const) {
      const changed = changedAllergy(a, change);
      expect(changed.clinicalStatus?.coding?.[0]?.code).toBeDefined();
      expect(isCurrentAllergy(changed)).toBe(false);
      const cards = runRules(chartOf(changed as FhirResource), { rules: [drugAllergyRule], hook: 'order-sign', draftOrders: [draftOrder('amoxicillin 500 MG Oral Capsule')], now });
      expect(cards.filter((c) => /allergy to amoxicillin/.test(c.summary))).toEqual([]);
    }
  });
});

describe('problem entry', () => {
  const d = { name: 'Type 2 diabetes', onset: '2019-05', clinical: 'active' as const, verification: 'provisional' as const };
  it('onset at its own precision, not in the future, not before birth', () => {
    expect(problemIssue(d, '2024-03-01', '1960-01-01')).toBeNull();
    expect(problemIssue({ ...d, onset: '2024-04' }, '2024-03-01')).toBe('onset-future');
    expect(problemIssue({ ...d, onset: '1959' }, '2024-03-01', '1960-01-01')).toBe('onset-before-birth');
    expect(problemIssue({ ...d, onset: '05/2019' }, '2024-03-01')).toBe('onset-format');
    expect(problemIssue({ ...d, name: ' ' }, '2024-03-01')).toBe('no-name');
  });

  it('written provisional; confirm, refute and resolve are status changes', () => {
    const c = problemResource(d, { patientId: PATIENT_ID, recorded: effective });
    expect(c.verificationStatus?.coding?.[0]?.code).toBe('provisional');
    expect(c.onsetDateTime).toBe('2019-05');
    expect(changedProblem(c, 'confirm', effective).verificationStatus?.coding?.[0]?.code).toBe('confirmed');
    const refuted = changedProblem(c, 'refute', effective);
    expect(refuted.verificationStatus?.coding?.[0]?.code).toBe('refuted');
    expect(refuted.clinicalStatus, 'FHIR con-3: a problem-list item keeps its clinical status').toBeDefined();
    expect(changedProblem(c, 'resolve', effective)).toMatchObject({ clinicalStatus: { coding: [{ code: 'resolved' }] }, abatementDateTime: effective });
  });
});

describe('immunization entry', () => {
  const d = { vaccine: '141', otherName: '', date: '2024-02-20', lot: 'AB123', given: true };
  it('CVX-coded, dated, not in the future', () => {
    expect(immunizationIssue(d, '2024-03-01', '1960-01-01')).toBeNull();
    expect(immunizationIssue({ ...d, date: '2024-03-02' }, '2024-03-01')).toBe('date-future');
    expect(immunizationIssue({ ...d, vaccine: 'other' }, '2024-03-01')).toBe('no-vaccine');
    const im = immunizationResource(d, { patientId: PATIENT_ID, recorded: effective });
    expect(im).toMatchObject({ status: 'completed', vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '141' }] }, occurrenceDateTime: '2024-02-20', lotNumber: 'AB123' });
    expect(immunizationResource({ ...d, given: false }, { patientId: PATIENT_ID, recorded: effective }).status).toBe('not-done');
  });
});
