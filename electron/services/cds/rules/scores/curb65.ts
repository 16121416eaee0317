/**
 * CURB-65 for community-acquired pneumonia:
 * Lim WS, van der Eerden MM, Laing R, et al. Defining community acquired pneumonia severity on
 * presentation to hospital: an international derivation and validation study. Thorax.
 * 2003;58(5):377-382. One point each: Confusion; Urea >7 mmol/L; Respiratory rate ≥30/min;
 * Blood pressure systolic <90 or diastolic ≤60 mmHg; age ≥65. Urea 7 mmol/L ≈ BUN 19.6 mg/dL
 * (BUN mg/dL = urea mmol/L × 2.8), so BUN >19 mg/dL is the US form.
 * 30-day mortality in the derivation cohort: 0–1 points 1.5%, 2 points 9.2%, ≥3 points 22%.
 */
import type { ScoreInputLine, ScoreResult } from './scoreTypes';

/** CURB-65 inputs; undefined means not recorded. Give urea in mmol/L or BUN in mg/dL. */
export interface Curb65Inputs {
  readonly confusion?: boolean;
  readonly ureaMmolL?: number;
  readonly bunMgDl?: number;
  readonly respiratoryRate?: number;
  readonly systolic?: number;
  readonly diastolic?: number;
  readonly age?: number;
}

/** CURB-65 risk groups (Lim 2003). */
export type Curb65Band = 'low' | 'intermediate' | 'high';

/** Computes CURB-65, or names the missing inputs. */
export function curb65(i: Curb65Inputs): ScoreResult<Curb65Band> {
  const missing: string[] = [];
  if (i.confusion === undefined) missing.push('mental status (confusion or GCS)');
  if (i.ureaMmolL === undefined && i.bunMgDl === undefined) missing.push('urea or BUN');
  if (i.respiratoryRate === undefined) missing.push('respiratory rate');
  if (i.systolic === undefined || i.diastolic === undefined) missing.push('blood pressure (systolic and diastolic)');
  if (i.age === undefined) missing.push('age');
  if (
    missing.length > 0 ||
    i.confusion === undefined ||
    i.respiratoryRate === undefined ||
    i.systolic === undefined ||
    i.diastolic === undefined ||
    i.age === undefined
  ) {
    return { status: 'insufficient', missing };
  }
  const ureaHigh = i.ureaMmolL !== undefined ? i.ureaMmolL > 7 : (i.bunMgDl ?? 0) > 19;
  const inputs: ScoreInputLine[] = [
    { label: 'Confusion', value: i.confusion ? 'yes' : 'no', points: i.confusion ? 1 : 0 },
    {
      label: i.ureaMmolL !== undefined ? 'Urea >7 mmol/L' : 'BUN >19 mg/dL',
      value: i.ureaMmolL !== undefined ? `${i.ureaMmolL} mmol/L` : `${i.bunMgDl} mg/dL`,
      points: ureaHigh ? 1 : 0,
    },
    { label: 'Respiratory rate ≥30/min', value: `${i.respiratoryRate}/min`, points: i.respiratoryRate >= 30 ? 1 : 0 },
    {
      label: 'Systolic <90 or diastolic ≤60 mmHg',
      value: `${i.systolic}/${i.diastolic} mmHg`,
      points: i.systolic < 90 || i.diastolic <= 60 ? 1 : 0,
    },
    { label: 'Age ≥65', value: `${i.age} years`, points: i.age >= 65 ? 1 : 0 },
  ];
  const score = inputs.reduce((s, l) => s + l.points, 0);
  if (score <= 1) {
    return { status: 'scored', score, inputs, band: 'low', interpretation: 'CURB-65 0–1: low risk (30-day mortality 1.5% in Lim 2003); may be suitable for home treatment.' };
  }
  if (score === 2) {
    return { status: 'scored', score, inputs, band: 'intermediate', interpretation: 'CURB-65 2: intermediate risk (9.2%); consider short inpatient stay or hospital-supervised outpatient treatment.' };
  }
  return { status: 'scored', score, inputs, band: 'high', interpretation: `CURB-65 ${score}: severe pneumonia (22%); manage in hospital${score >= 4 ? ', assess for critical care' : ''}.` };
}
