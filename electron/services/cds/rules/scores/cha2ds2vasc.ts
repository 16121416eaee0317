/**
 * CHA2DS2-VASc stroke risk in atrial fibrillation:
 * Lip GYH, Nieuwlaat R, Pisters R, Lane DA, Crijns HJGM. Refining clinical risk stratification
 * for predicting stroke and thromboembolism in atrial fibrillation using a novel risk
 * factor-based approach: the Euro Heart Survey on atrial fibrillation. Chest.
 * 2010;137(2):263-272. C: congestive heart failure 1; H: hypertension 1; A2: age ≥75 2;
 * D: diabetes 1; S2: prior stroke/TIA/thromboembolism 2; V: vascular disease (prior MI, PAD,
 * aortic plaque; ESC 2020 adds significant CAD) 1; A: age 65–74 1; Sc: female sex 1.
 * Treatment thresholds: Hindricks G et al., 2020 ESC Guidelines for atrial fibrillation, Eur
 * Heart J 2021;42:373-498: OAC recommended at ≥2 (men) / ≥3 (women), to be considered at 1 / 2.
 */
import type { ScoreInputLine, ScoreResult } from './scoreTypes';

/** CHA2DS2-VASc inputs. Conditions are booleans: absent from the record counts as absent. */
export interface Cha2ds2VascInputs {
  readonly age?: number;
  readonly sex?: 'female' | 'male';
  readonly congestiveHeartFailure: boolean;
  readonly hypertension: boolean;
  readonly diabetes: boolean;
  readonly strokeTiaThromboembolism: boolean;
  readonly vascularDisease: boolean;
}

/** ESC 2020 recommendation bands. */
export type Cha2ds2VascBand = 'low' | 'consider-oac' | 'oac-recommended';

/** Computes CHA2DS2-VASc, or names the missing inputs (age and sex are required). */
export function cha2ds2Vasc(i: Cha2ds2VascInputs): ScoreResult<Cha2ds2VascBand> {
  const missing = [i.age === undefined ? 'age' : undefined, i.sex === undefined ? 'sex' : undefined].filter(
    (m): m is string => m !== undefined,
  );
  if (i.age === undefined || i.sex === undefined) return { status: 'insufficient', missing };
  const yes = (b: boolean): string => (b ? 'yes' : 'not recorded');
  const inputs: ScoreInputLine[] = [
    { label: 'Congestive heart failure', value: yes(i.congestiveHeartFailure), points: i.congestiveHeartFailure ? 1 : 0 },
    { label: 'Hypertension', value: yes(i.hypertension), points: i.hypertension ? 1 : 0 },
    { label: 'Age ≥75', value: `${i.age} years`, points: i.age >= 75 ? 2 : 0 },
    { label: 'Diabetes mellitus', value: yes(i.diabetes), points: i.diabetes ? 1 : 0 },
    { label: 'Stroke, TIA or thromboembolism', value: yes(i.strokeTiaThromboembolism), points: i.strokeTiaThromboembolism ? 2 : 0 },
    { label: 'Vascular disease', value: yes(i.vascularDisease), points: i.vascularDisease ? 1 : 0 },
    { label: 'Age 65–74', value: `${i.age} years`, points: i.age >= 65 && i.age < 75 ? 1 : 0 },
    { label: 'Sex category (female)', value: i.sex, points: i.sex === 'female' ? 1 : 0 },
  ];
  const score = inputs.reduce((s, l) => s + l.points, 0);
  // Female sex is a risk modifier, not a risk factor on its own (ESC 2020): compare the non-sex score.
  const nonSex = score - (i.sex === 'female' ? 1 : 0);
  const band: Cha2ds2VascBand = nonSex >= 2 ? 'oac-recommended' : nonSex === 1 ? 'consider-oac' : 'low';
  const text: Record<Cha2ds2VascBand, string> = {
    'oac-recommended': 'Oral anticoagulation is recommended for stroke prevention (ESC 2020, class I), unless contraindicated; assess bleeding risk.',
    'consider-oac': 'Oral anticoagulation should be considered (ESC 2020, class IIa), weighing bleeding risk and patient preference.',
    low: 'Low stroke risk: no antithrombotic therapy is recommended for stroke prevention (ESC 2020).',
  };
  return { status: 'scored', score, inputs, band, interpretation: `CHA2DS2-VASc ${score}. ${text[band]}` };
}
