/**
 * qSOFA (quick Sequential Organ Failure Assessment):
 * Seymour CW, Liu VX, Iwashyna TJ, et al. Assessment of clinical criteria for sepsis.
 * JAMA. 2016;315(8):762-774; Singer M et al. (Sepsis-3), JAMA. 2016;315(8):801-810.
 * One point each: respiratory rate ≥22/min, altered mentation (GCS <15), systolic BP ≤100 mmHg.
 * ≥2 in a patient with suspected infection identifies higher risk of poor outcome.
 */
import type { ScoreInputLine, ScoreResult } from './scoreTypes';

/** qSOFA inputs; undefined means not recorded. */
export interface QsofaInputs {
  readonly respiratoryRate?: number;
  readonly systolic?: number;
  /** Glasgow coma scale total (3–15); <15 counts as altered mentation. */
  readonly gcs?: number;
}

/** Computes qSOFA, or names the missing inputs. */
export function qsofa(i: QsofaInputs): ScoreResult<'lower-risk' | 'higher-risk'> {
  const missing = [
    i.respiratoryRate === undefined ? 'respiratory rate' : undefined,
    i.systolic === undefined ? 'systolic blood pressure' : undefined,
    i.gcs === undefined ? 'mental status (GCS)' : undefined,
  ].filter((m): m is string => m !== undefined);
  if (i.respiratoryRate === undefined || i.systolic === undefined || i.gcs === undefined) return { status: 'insufficient', missing };
  const inputs: ScoreInputLine[] = [
    { label: 'Respiratory rate ≥22/min', value: `${i.respiratoryRate}/min`, points: i.respiratoryRate >= 22 ? 1 : 0 },
    { label: 'Altered mentation (GCS <15)', value: `GCS ${i.gcs}`, points: i.gcs < 15 ? 1 : 0 },
    { label: 'Systolic BP ≤100 mmHg', value: `${i.systolic} mmHg`, points: i.systolic <= 100 ? 1 : 0 },
  ];
  const score = inputs.reduce((s, l) => s + l.points, 0);
  return score >= 2
    ? {
        status: 'scored',
        score,
        inputs,
        band: 'higher-risk',
        interpretation: 'qSOFA ≥2: higher risk of death or prolonged ICU stay if infection is present. Assess for organ dysfunction (SOFA) and sepsis.',
      }
    : {
        status: 'scored',
        score,
        inputs,
        band: 'lower-risk',
        interpretation: 'qSOFA <2: does not rule out sepsis; reassess if the patient changes.',
      };
}
