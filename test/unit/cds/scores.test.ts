import { describe, expect, it } from 'vitest';
import { cha2ds2Vasc } from '../../../electron/services/cds/rules/scores/cha2ds2vasc';
import { curb65 } from '../../../electron/services/cds/rules/scores/curb65';
import { news2, news2Points } from '../../../electron/services/cds/rules/scores/news2';
import { qsofa } from '../../../electron/services/cds/rules/scores/qsofa';
import { insufficientText } from '../../../electron/services/cds/rules/scores/scoreTypes';

describe('NEWS2 (RCP 2017, chart 1 and chart 2)', () => {
  it.each([
    // [parameter, value, points] at every band edge of chart 1
    ['respiratoryRate', 8, 3], ['respiratoryRate', 9, 1], ['respiratoryRate', 11, 1], ['respiratoryRate', 12, 0],
    ['respiratoryRate', 20, 0], ['respiratoryRate', 21, 2], ['respiratoryRate', 24, 2], ['respiratoryRate', 25, 3],
    ['spo2Scale1', 91, 3], ['spo2Scale1', 92, 2], ['spo2Scale1', 93, 2], ['spo2Scale1', 94, 1], ['spo2Scale1', 95, 1], ['spo2Scale1', 96, 0],
    ['systolic', 90, 3], ['systolic', 91, 2], ['systolic', 100, 2], ['systolic', 101, 1], ['systolic', 110, 1], ['systolic', 111, 0], ['systolic', 219, 0], ['systolic', 220, 3],
    ['pulse', 40, 3], ['pulse', 41, 1], ['pulse', 50, 1], ['pulse', 51, 0], ['pulse', 90, 0], ['pulse', 91, 1], ['pulse', 110, 1], ['pulse', 111, 2], ['pulse', 130, 2], ['pulse', 131, 3],
    ['temperature', 35.0, 3], ['temperature', 35.1, 1], ['temperature', 36.0, 1], ['temperature', 36.1, 0], ['temperature', 38.0, 0], ['temperature', 38.1, 1], ['temperature', 39.0, 1], ['temperature', 39.1, 2],
  ] as const)('%s %d → %d', (param, value, points) => {
    expect(news2Points[param](value)).toBe(points);
  });

  const normal = { respiratoryRate: 16, spo2: 97, onOxygen: false, systolic: 120, pulse: 70, consciousness: 'A', temperatureC: 37.0 } as const;

  it('all parameters normal → 0, low', () => {
    expect(news2(normal)).toMatchObject({ status: 'scored', score: 0, band: 'low' });
  });

  it('worked example: RR 24 (2), SpO2 93 (2), air (0), SBP 105 (1), pulse 115 (2), Alert (0), 38.5 °C (1) → 8, high', () => {
    const r = news2({ respiratoryRate: 24, spo2: 93, onOxygen: false, systolic: 105, pulse: 115, consciousness: 'A', temperatureC: 38.5 });
    expect(r).toMatchObject({ status: 'scored', score: 8, band: 'high' });
    if (r.status === 'scored') expect(r.inputs.map((l) => l.points)).toEqual([2, 2, 0, 1, 2, 0, 1]);
  });

  it('worked example: RR 22 (2), SpO2 95 (1), on oxygen (2), otherwise normal → 5, medium (key threshold)', () => {
    expect(news2({ ...normal, respiratoryRate: 22, spo2: 95, onOxygen: true })).toMatchObject({ score: 5, band: 'medium' });
  });

  it('single-parameter rule: new confusion alone scores 3 → low–medium, urgent ward-based response', () => {
    const r = news2({ ...normal, consciousness: 'C' });
    expect(r).toMatchObject({ score: 3, band: 'low-medium' });
    if (r.status === 'scored') expect(r.interpretation).toContain('urgent ward-based response');
  });

  it('score 4 without a single 3 stays low; 7 is high', () => {
    expect(news2({ ...normal, respiratoryRate: 21, pulse: 111 })).toMatchObject({ score: 4, band: 'low' });
    expect(news2({ ...normal, respiratoryRate: 25, pulse: 131, onOxygen: true })).toMatchObject({ score: 8, band: 'high' });
    expect(news2({ ...normal, respiratoryRate: 25, spo2: 92, onOxygen: true })).toMatchObject({ score: 7, band: 'high' });
  });

  it('missing values give "not enough data", never a number', () => {
    const r = news2({ ...normal, onOxygen: undefined, temperatureC: undefined });
    expect(r).toEqual({ status: 'insufficient', missing: ['air or oxygen', 'temperature'] });
    expect(insufficientText('NEWS2', ['temperature'])).toBe('NEWS2: not enough data: needs temperature');
  });
});

describe('qSOFA (Seymour et al., JAMA 2016)', () => {
  it('RR 24, GCS 14, SBP 95 → 3, higher risk', () => {
    expect(qsofa({ respiratoryRate: 24, gcs: 14, systolic: 95 })).toMatchObject({ score: 3, band: 'higher-risk' });
  });
  it('thresholds are inclusive: RR 22 and SBP 100 score, RR 21 and SBP 101 do not', () => {
    expect(qsofa({ respiratoryRate: 22, gcs: 15, systolic: 100 })).toMatchObject({ score: 2, band: 'higher-risk' });
    expect(qsofa({ respiratoryRate: 21, gcs: 15, systolic: 101 })).toMatchObject({ score: 0, band: 'lower-risk' });
  });
  it('missing mental status → insufficient', () => {
    expect(qsofa({ respiratoryRate: 30, systolic: 80 })).toEqual({ status: 'insufficient', missing: ['mental status (GCS)'] });
  });
});

describe('CURB-65 (Lim et al., Thorax 2003)', () => {
  it('70 y, confused, urea 8 mmol/L, RR 32, BP 85/50 → 5, severe', () => {
    expect(curb65({ confusion: true, ureaMmolL: 8, respiratoryRate: 32, systolic: 85, diastolic: 50, age: 70 })).toMatchObject({ score: 5, band: 'high' });
  });
  it('50 y, alert, BUN 18 mg/dL, RR 20, BP 120/80 → 0, low', () => {
    expect(curb65({ confusion: false, bunMgDl: 18, respiratoryRate: 20, systolic: 120, diastolic: 80, age: 50 })).toMatchObject({ score: 0, band: 'low' });
  });
  it('edges: urea 7.0 does not score (>7), BUN 20 does (>19), DBP 60 scores (≤60), RR 30 scores, age 65 scores', () => {
    const base = { confusion: false, respiratoryRate: 20, systolic: 120, diastolic: 80, age: 50 };
    expect(curb65({ ...base, ureaMmolL: 7.0 })).toMatchObject({ score: 0 });
    expect(curb65({ ...base, bunMgDl: 20 })).toMatchObject({ score: 1 });
    expect(curb65({ ...base, bunMgDl: 19, diastolic: 60 })).toMatchObject({ score: 1 });
    expect(curb65({ ...base, bunMgDl: 10, respiratoryRate: 30, age: 65 })).toMatchObject({ score: 2, band: 'intermediate' });
  });
  it('no urea → insufficient', () => {
    expect(curb65({ confusion: false, respiratoryRate: 20, systolic: 120, diastolic: 80, age: 50 })).toEqual({ status: 'insufficient', missing: ['urea or BUN'] });
  });
});

describe('CHA2DS2-VASc (Lip et al., Chest 2010)', () => {
  const none = { congestiveHeartFailure: false, hypertension: false, diabetes: false, strokeTiaThromboembolism: false, vascularDisease: false };
  it('72-year-old woman with hypertension and diabetes → 4 (A 1, Sc 1, H 1, D 1)', () => {
    expect(cha2ds2Vasc({ ...none, age: 72, sex: 'female', hypertension: true, diabetes: true })).toMatchObject({ score: 4, band: 'oac-recommended' });
  });
  it('80-year-old man with prior stroke and hypertension → 5 (A2 2, S2 2, H 1)', () => {
    expect(cha2ds2Vasc({ ...none, age: 80, sex: 'male', strokeTiaThromboembolism: true, hypertension: true })).toMatchObject({ score: 5 });
  });
  it('maximum is 9', () => {
    const all = { congestiveHeartFailure: true, hypertension: true, diabetes: true, strokeTiaThromboembolism: true, vascularDisease: true };
    expect(cha2ds2Vasc({ ...all, age: 80, sex: 'female' })).toMatchObject({ score: 9 });
  });
  it('female sex alone (score 1) is low risk; a man with one factor → consider OAC', () => {
    expect(cha2ds2Vasc({ ...none, age: 60, sex: 'female' })).toMatchObject({ score: 1, band: 'low' });
    expect(cha2ds2Vasc({ ...none, age: 60, sex: 'male', hypertension: true })).toMatchObject({ score: 1, band: 'consider-oac' });
    expect(cha2ds2Vasc({ ...none, age: 65, sex: 'female' })).toMatchObject({ score: 2, band: 'consider-oac' });
  });
  it('no sex recorded → insufficient', () => {
    expect(cha2ds2Vasc({ ...none, age: 70 })).toEqual({ status: 'insufficient', missing: ['sex'] });
  });
});
