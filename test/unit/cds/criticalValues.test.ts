import { describe, expect, it } from 'vitest';
import { CRITICAL_LIMITS, checkValue, criticalValuesRule } from '../../../electron/services/cds/rules/criticalValues';
import { runRules } from '../../../electron/services/cds/rulesEngine';
import { chartOf, obs } from './fixtures';

const limit = (concept: string) => {
  const l = CRITICAL_LIMITS.find((x) => x.concept === concept);
  if (!l) throw new Error(concept);
  return l;
};
const now = new Date('2024-03-01T12:00:00Z');
const t = '2024-03-01T10:00:00Z';

describe('critical values', () => {
  it.each([
    ['potassium', 2.4, 'mmol/L', 'critical'],
    ['potassium', 2.5, 'mmol/L', 'normal'],
    ['potassium', 6.6, 'mEq/L', 'critical'],
    ['sodium', 119, 'mmol/L', 'critical'],
    ['sodium', 161, 'mmol/L', 'critical'],
    ['glucose', 39, 'mg/dL', 'critical'],
    ['glucose', 30, 'mmol/L', 'critical'], // 540 mg/dL
    ['glucose', 5.5, 'mmol/L', 'normal'],
    ['heartRate', 39, '/min', 'critical'],
    ['heartRate', 151, '/min', 'critical'],
    ['heartRate', 900, '/min', 'implausible'],
    ['systolic', 79, 'mm[Hg]', 'critical'],
    ['systolic', 221, 'mm[Hg]', 'critical'],
    ['spo2', 84, '%', 'critical'],
    ['spo2', 120, '%', 'implausible'],
    ['temperature', 40.6, 'Cel', 'critical'],
    ['temperature', 105.5, '[degF]', 'critical'], // 40.8 °C
    ['temperature', 98.6, 'Cel', 'implausible'], // Fahrenheit entered as Celsius
    ['potassium', 4, 'g/L', 'unknown-unit'],
  ] as const)('%s %d %s → %s', (concept, value, unit, kind) => {
    expect(checkValue(limit(concept), value, unit).kind).toBe(kind);
  });

  it('an implausible heart rate is flagged "not scored", never critical', () => {
    const cards = runRules(chartOf(obs('8867-4', 900, '/min', t)), { rules: [criticalValuesRule], now });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'warning', status: 'not-checked' });
    expect(cards[0]?.summary).toContain('not scored');
  });

  it('a recent critical potassium gives a critical card; an old one does not; the latest value wins', () => {
    expect(runRules(chartOf(obs('6298-4', 7.1, 'mmol/L', t)), { rules: [criticalValuesRule], now })[0]?.indicator).toBe('critical');
    expect(runRules(chartOf(obs('6298-4', 7.1, 'mmol/L', '2023-01-01T00:00:00Z')), { rules: [criticalValuesRule], now })).toEqual([]);
    expect(runRules(chartOf(obs('6298-4', 7.1, 'mmol/L', '2024-02-29T00:00:00Z'), obs('6298-4', 4.1, 'mmol/L', t)), { rules: [criticalValuesRule], now })).toEqual([]);
  });
});
