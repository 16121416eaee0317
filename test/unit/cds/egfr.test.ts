import { describe, expect, it } from 'vitest';
import { ckdEpi2021, creatinineMgdl, gfrCategory } from '../../../electron/services/cds/rules/egfr';

describe('CKD-EPI 2021 (Inker et al., NEJM 2021)', () => {
  it('at Scr = κ only the age term remains: 142 × 0.9938^40 = 110.7 (man, 0.9 mg/dL, 40 y)', () => {
    // 0.9938^40 = exp(40 × ln 0.9938) = exp(40 × −0.0062193) = exp(−0.24877) = 0.77976; × 142 = 110.73
    expect(ckdEpi2021(0.9, 40, 'male')).toBeCloseTo(110.73, 1);
    // Woman at Scr = 0.7: × 1.012 → 112.05
    expect(ckdEpi2021(0.7, 40, 'female')).toBeCloseTo(112.05, 1);
  });

  it('woman 50 y, Scr 1.0 mg/dL: 142 × (1.0/0.7)^−1.2 × 0.9938^50 × 1.012 = 68.6', () => {
    // (1.428571)^−1.2 = exp(−1.2 × 0.356675) = 0.65186; 0.9938^50 = 0.73276;
    // 142 × 0.65186 × 0.73276 × 1.012 = 68.63
    expect(ckdEpi2021(1.0, 50, 'female')).toBeCloseTo(68.63, 1);
  });

  it('man 60 y, Scr 1.2 mg/dL: 142 × (1.2/0.9)^−1.2 × 0.9938^60 = 69.2', () => {
    // (1.33333)^−1.2 = exp(−1.2 × 0.287682) = 0.70804; 0.9938^60 = exp(−0.373158) = 0.68854; 142 × 0.70804 × 0.68854 = 69.23
    expect(ckdEpi2021(1.2, 60, 'male')).toBeCloseTo(69.23, 1);
  });

  it('below κ uses the α exponent: man 40 y, Scr 0.8 → 142 × (0.8/0.9)^−0.302 × 0.9938^40 = 114.7', () => {
    expect(ckdEpi2021(0.8, 40, 'male')).toBeCloseTo(114.74, 1);
  });

  it('severe impairment: woman 75 y, Scr 2.5 → 19.6 (G4); man 70 y, Scr 1.5 → 49.8 (G3a)', () => {
    expect(ckdEpi2021(2.5, 75, 'female')).toBeCloseTo(19.57, 1);
    expect(gfrCategory(ckdEpi2021(2.5, 75, 'female'))).toBe('G4');
    expect(ckdEpi2021(1.5, 70, 'male')).toBeCloseTo(49.77, 1);
    expect(gfrCategory(49.77)).toBe('G3a');
  });

  it('refuses children and non-positive creatinine', () => {
    expect(() => ckdEpi2021(0.5, 12, 'female')).toThrow(RangeError);
    expect(() => ckdEpi2021(0, 40, 'female')).toThrow(RangeError);
  });

  it('converts µmol/L (÷ 88.42) and flags implausible values instead of scoring them', () => {
    const r = creatinineMgdl(88.42, 'umol/L');
    expect(r.ok && r.mgdl).toBeCloseTo(1, 6);
    expect(creatinineMgdl(176.84, 'µmol/L')).toEqual({ ok: true, mgdl: 2 });
    expect(creatinineMgdl(0, 'mg/dL').ok).toBe(false);
    expect(creatinineMgdl(-1, 'mg/dL').ok).toBe(false);
    expect(creatinineMgdl(31, 'mg/dL').ok).toBe(false);
    expect(creatinineMgdl(30, 'mg/dL').ok).toBe(true);
    expect(creatinineMgdl(1, 'g/L').ok).toBe(false);
  });
});
