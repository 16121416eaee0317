import { describe, expect, it } from 'vitest';
import { cha2ds2VascRule, curb65Rule, news2Rule, qsofaRule } from '../../../electron/services/cds/rules/scoreRules';
import { runRules } from '../../../electron/services/cds/rulesEngine';
import { bp, chartOf, condition, med, obs, patient } from './fixtures';

const now = new Date('2024-03-01T12:00:00Z');
const t = '2024-03-01T10:00:00Z';
const vitals = [obs('9279-1', 24, '/min', t), obs('59408-5', 93, '%', t), obs('3151-8', 0, 'L/min', t), bp(105, 70, t), obs('8867-4', 115, '/min', t), obs('9269-2', 15, '{score}', t), obs('8310-5', 38.5, 'Cel', t)];

describe('score rules on a chart', () => {
  it('NEWS2 from Synthea-coded vitals in the last 24 h → 8, critical card with the workings', () => {
    const cards = runRules(chartOf(...vitals), { rules: [news2Rule], now });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'critical', summary: 'NEWS2 8 (high)' });
    expect(cards[0]?.detail).toContain('| Respiration rate | 24/min | 2 |');
    expect(cards[0]?.triggeredBy).toHaveLength(7);
  });

  it('NEWS2 with partial vitals → one "not enough data" card; with no recent vitals → nothing', () => {
    const cards = runRules(chartOf(obs('8867-4', 80, '/min', t)), { rules: [news2Rule], now });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'info', status: 'not-checked' });
    expect(cards[0]?.summary).toMatch(/^NEWS2: not enough data: needs respiratory rate/);
    const old = runRules(chartOf(...vitals), { rules: [news2Rule], now: new Date('2024-03-05T12:00:00Z') });
    expect(old).toEqual([]);
  });

  it('NEWS2 is not applied to children', () => {
    expect(runRules(chartOf(patient('2015-01-01', 'female'), ...vitals), { rules: [news2Rule], now })).toEqual([]);
  });

  it('qSOFA only with an active infection (Synthea sepsis code 91302008)', () => {
    const sepsis = condition('91302008', 'Sepsis (disorder)');
    const signs = [obs('9279-1', 24, '/min', t), bp(95, 60, t), obs('9269-2', 14, '{score}', t)];
    const cards = runRules(chartOf(sepsis, ...signs), { rules: [qsofaRule], now });
    expect(cards[0]).toMatchObject({ summary: 'qSOFA 3 (higher risk)', indicator: 'warning' });
    expect(runRules(chartOf(...signs), { rules: [qsofaRule], now })).toEqual([]);
  });

  it('CURB-65 only with pneumonia, BUN from Synthea 6299-2', () => {
    const pneumonia = condition('233604007', 'Pneumonia (disorder)');
    const chart = chartOf(patient('1950-01-01', 'male'), pneumonia, obs('9279-1', 31, '/min', t), bp(88, 55, t), obs('9269-2', 15, '{score}', t), obs('6299-2', 25, 'mg/dL', t));
    const cards = runRules(chart, { rules: [curb65Rule], now });
    expect(cards[0]).toMatchObject({ summary: 'CURB-65 4 (high)', indicator: 'warning' });
  });

  it('CHA2DS2-VASc only with atrial fibrillation; warns when anticoagulation is indicated but absent', () => {
    const af = condition('49436004', 'Atrial fibrillation (disorder)');
    const risk = [condition('59621000', 'Essential hypertension (disorder)'), condition('44054006', 'Diabetes mellitus type 2 (disorder)')];
    const woman = patient('1952-01-01', 'female');
    const cards = runRules(chartOf(woman, af, ...risk), { rules: [cha2ds2VascRule], now });
    expect(cards[0]).toMatchObject({ summary: 'CHA2DS2-VASc 4 (oac recommended)', indicator: 'warning' });
    const treated = runRules(chartOf(woman, af, ...risk, med('Apixaban 5 MG Oral Tablet')), { rules: [cha2ds2VascRule], now });
    expect(treated[0]?.indicator).toBe('info');
    // The recommendation is already satisfied: the card says so and does not recommend it again.
    expect(treated[0]?.summary).toBe('CHA2DS2-VASc 4: already anticoagulated (apixaban), recommendation satisfied');
    expect(treated[0]?.detail).not.toMatch(/anticoagulation is recommended/i);
    // Brand and French names count too (Coumadine = warfarin, from the vocabulary).
    expect(runRules(chartOf(woman, af, ...risk, med('Coumadine 5 mg')), { rules: [cha2ds2VascRule], now })[0]?.summary).toContain('already anticoagulated (warfarin)');
    expect(runRules(chartOf(woman, ...risk), { rules: [cha2ds2VascRule], now })).toEqual([]);
  });

  it('CHA2DS2-VASc: prediabetes and heat stroke do not count; resolved stroke history does', () => {
    const af = condition('49436004', 'Atrial fibrillation (disorder)');
    const cards = runRules(
      chartOf(patient('1980-01-01', 'male'), af, condition('15777000', 'Prediabetes'), condition('0', 'Heat stroke'), condition('230690007', 'Stroke', 'resolved')),
      { rules: [cha2ds2VascRule], now },
    );
    expect(cards[0]?.summary).toBe('CHA2DS2-VASc 2 (oac recommended)');
  });
});
