/**
 * NEWS2 (National Early Warning Score 2), SpO2 scale 1:
 * Royal College of Physicians. National Early Warning Score (NEWS) 2: Standardising the
 * assessment of acute-illness severity in the NHS. Updated report of a working party.
 * London: RCP, 2017 (chart 1: the NEWS2 scoring system; chart 2: thresholds and triggers).
 * For adults (≥16 years); not validated in pregnancy. Scale 2 (hypercapnic respiratory failure)
 * needs a clinician's decision and is not applied here.
 */
import type { ScoreInputLine, ScoreResult } from './scoreTypes';

/** ACVPU: Alert, new Confusion, Voice, Pain, Unresponsive. */
export type Acvpu = 'A' | 'C' | 'V' | 'P' | 'U';

/** NEWS2 inputs; undefined means not recorded. */
export interface News2Inputs {
  readonly respiratoryRate?: number;
  readonly spo2?: number;
  readonly onOxygen?: boolean;
  readonly systolic?: number;
  readonly pulse?: number;
  readonly consciousness?: Acvpu;
  readonly temperatureC?: number;
}

/** RCP 2017 chart 1 bands, one function per parameter. */
export const news2Points = {
  /** ≤8: 3, 9–11: 1, 12–20: 0, 21–24: 2, ≥25: 3. */
  respiratoryRate: (rr: number): number => (rr <= 8 ? 3 : rr <= 11 ? 1 : rr <= 20 ? 0 : rr <= 24 ? 2 : 3),
  /** Scale 1: ≤91: 3, 92–93: 2, 94–95: 1, ≥96: 0. */
  spo2Scale1: (s: number): number => (s <= 91 ? 3 : s <= 93 ? 2 : s <= 95 ? 1 : 0),
  /** Supplemental oxygen: 2; air: 0. */
  oxygen: (onOxygen: boolean): number => (onOxygen ? 2 : 0),
  /** ≤90: 3, 91–100: 2, 101–110: 1, 111–219: 0, ≥220: 3. */
  systolic: (sbp: number): number => (sbp <= 90 ? 3 : sbp <= 100 ? 2 : sbp <= 110 ? 1 : sbp <= 219 ? 0 : 3),
  /** ≤40: 3, 41–50: 1, 51–90: 0, 91–110: 1, 111–130: 2, ≥131: 3. */
  pulse: (p: number): number => (p <= 40 ? 3 : p <= 50 ? 1 : p <= 90 ? 0 : p <= 110 ? 1 : p <= 130 ? 2 : 3),
  /** Alert: 0; new confusion, voice, pain or unresponsive: 3. */
  consciousness: (c: Acvpu): number => (c === 'A' ? 0 : 3),
  /** ≤35.0: 3, 35.1–36.0: 1, 36.1–38.0: 0, 38.1–39.0: 1, ≥39.1: 2. */
  temperature: (t: number): number => (t <= 35.0 ? 3 : t <= 36.0 ? 1 : t <= 38.0 ? 0 : t <= 39.0 ? 1 : 2),
};

/** RCP 2017 chart 2 clinical risk bands. */
export type News2Band = 'low' | 'low-medium' | 'medium' | 'high';

const RESPONSE: Record<News2Band, string> = {
  low: 'Low clinical risk: ward-based response (score 0: at least 12-hourly observations; 1–4: at least 4–6-hourly, registered nurse to assess).',
  'low-medium': 'Low–medium clinical risk (a single parameter scored 3): urgent ward-based response, at least hourly observations, registered nurse to inform the medical team.',
  medium: 'Medium clinical risk (5–6, key threshold): urgent response, at least hourly observations, urgent review by a clinician competent in acute illness.',
  high: 'High clinical risk (≥7): emergency response, continuous monitoring, emergency assessment by a critical-care competent team.',
};

/** Computes NEWS2 (scale 1) with the RCP response band, or names the missing inputs. */
export function news2(i: News2Inputs): ScoreResult<News2Band> {
  const missing: string[] = [];
  if (i.respiratoryRate === undefined) missing.push('respiratory rate');
  if (i.spo2 === undefined) missing.push('SpO2');
  if (i.onOxygen === undefined) missing.push('air or oxygen');
  if (i.systolic === undefined) missing.push('systolic blood pressure');
  if (i.pulse === undefined) missing.push('pulse');
  if (i.consciousness === undefined) missing.push('consciousness (ACVPU or GCS)');
  if (i.temperatureC === undefined) missing.push('temperature');
  if (
    i.respiratoryRate === undefined ||
    i.spo2 === undefined ||
    i.onOxygen === undefined ||
    i.systolic === undefined ||
    i.pulse === undefined ||
    i.consciousness === undefined ||
    i.temperatureC === undefined
  ) {
    return { status: 'insufficient', missing };
  }
  const inputs: ScoreInputLine[] = [
    { label: 'Respiration rate', value: `${i.respiratoryRate}/min`, points: news2Points.respiratoryRate(i.respiratoryRate) },
    { label: 'SpO2 (scale 1)', value: `${i.spo2}%`, points: news2Points.spo2Scale1(i.spo2) },
    { label: 'Air or oxygen', value: i.onOxygen ? 'oxygen' : 'air', points: news2Points.oxygen(i.onOxygen) },
    { label: 'Systolic blood pressure', value: `${i.systolic} mmHg`, points: news2Points.systolic(i.systolic) },
    { label: 'Pulse', value: `${i.pulse}/min`, points: news2Points.pulse(i.pulse) },
    { label: 'Consciousness', value: i.consciousness, points: news2Points.consciousness(i.consciousness) },
    { label: 'Temperature', value: `${i.temperatureC} °C`, points: news2Points.temperature(i.temperatureC) },
  ];
  const score = inputs.reduce((s, l) => s + l.points, 0);
  const singleThree = inputs.some((l) => l.points === 3);
  const band: News2Band = score >= 7 ? 'high' : score >= 5 ? 'medium' : singleThree ? 'low-medium' : 'low';
  return { status: 'scored', score, inputs, band, interpretation: `NEWS2 ${score}. ${RESPONSE[band]}` };
}
