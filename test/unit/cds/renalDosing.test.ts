import { describe, expect, it } from 'vitest';
import { renalDosingRule } from '../../../electron/services/cds/rules/renalDosing';
import { runRules } from '../../../electron/services/cds/rulesEngine';
import { chartOf, draft, med, obs, patient } from './fixtures';

const rules = [renalDosingRule];
const now = new Date('2024-03-01T12:00:00Z');
const creat = (value: number, unit = 'mg/dL') => obs('38483-4', value, unit, '2024-02-28T09:00:00Z');
// Woman born 1949-02-01: 75 at the result. Scr 2.5 → eGFR 19.6; Scr 1.5 → 36.2; Scr 0.9 → 65.4.
const woman = patient('1949-02-01', 'female');
const metformin = '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet';

describe('renal dosing rule', () => {
  it('metformin with eGFR <30 is contraindicated (FDA 2016)', () => {
    const cards = runRules(chartOf(woman, creat(2.5), med(metformin)), { rules, now });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'critical' });
    expect(cards[0]?.summary).toContain('eGFR 20');
  });

  it('metformin with eGFR 30–45 → reassess (warning); ≥45 → no card', () => {
    expect(runRules(chartOf(woman, creat(1.5), med(metformin)), { rules, now })[0]?.indicator).toBe('warning');
    expect(runRules(chartOf(woman, creat(0.9), med(metformin)), { rules, now })).toEqual([]);
  });

  it('nitrofurantoin (Synthea macrocrystals) and NSAIDs below 30 → warning citing Beers 2023', () => {
    const cards = runRules(chartOf(woman, creat(2.5), med('NITROFURANTOIN, MACROCRYSTALS 50 MG Oral Capsule'), med('Naproxen sodium 220 MG Oral Tablet')), { rules, now });
    expect(cards.map((c) => c.indicator)).toEqual(['warning', 'warning']);
    expect(cards[0]?.detail).toContain('Beers');
  });

  it('accepts creatinine in µmol/L', () => {
    expect(runRules(chartOf(woman, creat(221, 'umol/L'), med(metformin)), { rules, now })[0]?.indicator).toBe('critical');
  });

  it('implausible creatinine is flagged, not scored', () => {
    const cards = runRules(chartOf(woman, creat(45), med(metformin)), { rules, now });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'warning', status: 'not-checked' });
    expect(cards[0]?.summary).toContain('implausible');
  });

  it('no creatinine, no sex or no listed drug → no card', () => {
    expect(runRules(chartOf(woman, med(metformin)), { rules, now })).toEqual([]);
    expect(runRules(chartOf(patient('1949-02-01', 'unknown'), creat(2.5), med(metformin)), { rules, now })).toEqual([]);
    expect(runRules(chartOf(woman, creat(2.5), med('lisinopril 10 MG Oral Tablet')), { rules, now })).toEqual([]);
  });

  it('on order-sign checks the draft and offers to cancel it', () => {
    const order = draft(metformin);
    const cards = runRules(chartOf(woman, creat(2.5)), { rules, now, draftOrders: [order] });
    expect(cards[0]?.suggestions[0]?.actions[0]).toMatchObject({ type: 'delete', resourceId: `MedicationRequest/${order.id}` });
  });
});
