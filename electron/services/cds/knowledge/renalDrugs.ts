/**
 * Kidney-function thresholds for drugs, by eGFR (mL/min/1.73 m²). Each entry cites its source.
 * Beers criteria thresholds are stated as creatinine clearance (Cockcroft–Gault); Bedside
 * applies them to CKD-EPI eGFR and says so on the card, because weight is often missing.
 */

/** One threshold band for a drug. */
export interface RenalThreshold {
  /** Applies when eGFR is below this value. */
  readonly below: number;
  /** Applies when eGFR is at or above this value (0 when open-ended). */
  readonly atOrAbove: number;
  readonly indicator: 'critical' | 'warning';
  readonly advice: string;
}

/** A drug with kidney-function limits. */
export interface RenalDrug {
  readonly id: string;
  readonly ingredients: readonly string[];
  readonly label: string;
  readonly thresholds: readonly RenalThreshold[];
  readonly citation: string;
  /** True when the source states creatinine clearance, not eGFR. */
  readonly sourceUsesCrCl: boolean;
}

const BEERS_2023 =
  'American Geriatrics Society 2023 Updated AGS Beers Criteria for Potentially Inappropriate Medication Use in Older Adults. J Am Geriatr Soc. 2023;71(7):2052-2081 (table of drugs to avoid or dose-adjust by kidney function).';

/** The drugs the renal dosing rule checks. */
export const RENAL_DRUGS: readonly RenalDrug[] = [
  {
    id: 'metformin',
    ingredients: ['metformin'],
    label: 'Metformin',
    // FDA Drug Safety Communication, 8 April 2016: revised metformin labelling on kidney function.
    thresholds: [
      { below: 30, atOrAbove: 0, indicator: 'critical', advice: 'Metformin is contraindicated when eGFR is below 30: stop it.' },
      {
        below: 45,
        atOrAbove: 30,
        indicator: 'warning',
        advice: 'Starting metformin is not recommended at eGFR 30–45; in patients already taking it, reassess benefit and risk and consider a lower dose.',
      },
    ],
    citation:
      'US FDA Drug Safety Communication (2016-04-08): FDA revises warnings regarding use of the diabetes medicine metformin in certain patients with reduced kidney function.',
    sourceUsesCrCl: false,
  },
  {
    id: 'nitrofurantoin',
    ingredients: ['nitrofurantoin'],
    label: 'Nitrofurantoin',
    thresholds: [
      {
        below: 30,
        atOrAbove: 0,
        indicator: 'warning',
        advice: 'Avoid nitrofurantoin when creatinine clearance is below 30: poor urinary concentration and more toxicity.',
      },
    ],
    citation: BEERS_2023,
    sourceUsesCrCl: true,
  },
  {
    id: 'nsaids',
    ingredients: ['ibuprofen', 'naproxen', 'diclofenac', 'ketorolac', 'meloxicam', 'indomethacin', 'celecoxib', 'piroxicam', 'etodolac', 'nabumetone'],
    label: 'NSAID',
    thresholds: [
      {
        below: 30,
        atOrAbove: 0,
        indicator: 'warning',
        advice: 'Avoid NSAIDs when creatinine clearance is below 30: risk of acute kidney injury and further decline.',
      },
    ],
    citation: BEERS_2023,
    sourceUsesCrCl: true,
  },
  {
    id: 'trimethoprim-sulfamethoxazole',
    ingredients: ['sulfamethoxazole'],
    label: 'Trimethoprim-sulfamethoxazole',
    thresholds: [
      { below: 15, atOrAbove: 0, indicator: 'critical', advice: 'Avoid trimethoprim-sulfamethoxazole when creatinine clearance is below 15.' },
      {
        below: 30,
        atOrAbove: 15,
        indicator: 'warning',
        advice: 'Reduce the trimethoprim-sulfamethoxazole dose when creatinine clearance is 15–29 (risk of hyperkalaemia and worsening kidney function).',
      },
    ],
    citation: BEERS_2023,
    sourceUsesCrCl: true,
  },
];
