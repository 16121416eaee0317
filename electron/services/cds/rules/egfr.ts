/**
 * CKD-EPI 2021 creatinine equation, without a race term:
 * Inker LA, Eneanya ND, Coresh J, et al. New creatinine- and cystatin C-based equations to
 * estimate GFR without race. N Engl J Med. 2021;385(19):1737-1749.
 *   eGFR = 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [if female]
 *   κ = 0.7 (female) / 0.9 (male); α = −0.241 (female) / −0.302 (male); Scr in mg/dL.
 * Valid for adults (≥18 years). Creatinine in µmol/L is divided by 88.42 (1 mg/dL = 88.42 µmol/L).
 */

/** Creatinine conversion factor, µmol/L per mg/dL (molar mass 113.12 g/mol). */
export const CREATININE_UMOL_PER_MGDL = 88.42;

/** Plausible serum creatinine range in mg/dL; outside it the value is treated as a data error. */
export const PLAUSIBLE_CREATININE_MGDL = { above: 0, atMost: 30 } as const;

/** Result of converting a creatinine value to mg/dL. */
export type CreatinineReading =
  | { readonly ok: true; readonly mgdl: number }
  | { readonly ok: false; readonly reason: string };

/** Converts a creatinine value with its unit to mg/dL and checks it is plausible. */
export function creatinineMgdl(value: number, unit: string): CreatinineReading {
  const u = unit.trim().toLowerCase().replace('μ', 'µ');
  let mgdl: number;
  if (u === 'mg/dl') mgdl = value;
  else if (u === 'µmol/l' || u === 'umol/l') mgdl = value / CREATININE_UMOL_PER_MGDL;
  else if (u === 'mmol/l') mgdl = (value * 1000) / CREATININE_UMOL_PER_MGDL;
  else return { ok: false, reason: `unit '${unit}' not understood` };
  if (!Number.isFinite(mgdl) || mgdl <= PLAUSIBLE_CREATININE_MGDL.above || mgdl > PLAUSIBLE_CREATININE_MGDL.atMost) {
    return { ok: false, reason: `implausible creatinine ${value} ${unit}: not scored` };
  }
  return { ok: true, mgdl };
}

/** eGFR in mL/min/1.73 m² by CKD-EPI 2021 (creatinine in mg/dL, age in years ≥18). */
export function ckdEpi2021(creatinineMgPerDl: number, ageYears: number, sex: 'female' | 'male'): number {
  if (!(creatinineMgPerDl > 0)) throw new RangeError('creatinine must be positive');
  if (!(ageYears >= 18)) throw new RangeError('CKD-EPI 2021 is validated for adults (18 years and over)');
  const female = sex === 'female';
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const ratio = creatinineMgPerDl / kappa;
  return 142 * Math.min(ratio, 1) ** alpha * Math.max(ratio, 1) ** -1.2 * 0.9938 ** ageYears * (female ? 1.012 : 1);
}

/** KDIGO 2012 GFR category for an eGFR (G1 ≥90 … G5 <15). */
export function gfrCategory(egfr: number): 'G1' | 'G2' | 'G3a' | 'G3b' | 'G4' | 'G5' {
  if (egfr >= 90) return 'G1';
  if (egfr >= 60) return 'G2';
  if (egfr >= 45) return 'G3a';
  if (egfr >= 30) return 'G3b';
  if (egfr >= 15) return 'G4';
  return 'G5';
}
