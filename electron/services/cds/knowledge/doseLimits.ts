/**
 * Maximum daily doses for the drugs that have kidney rules (knowledge/renalDrugs.ts), from
 * their US prescribing information (DailyMed), with a lower maximum where kidney function
 * calls for one. Checked against structured doses (Dosage.doseAndRate + timing) only.
 */

/** A daily-dose limit for an ingredient. */
export interface DoseLimit {
  readonly ingredient: string;
  /** Highest usual total daily dose in mg (adults). */
  readonly maxDailyMg: number;
  readonly citation: string;
  /** Lower maximum when eGFR is in [atOrAbove, below). */
  readonly renal?: { readonly below: number; readonly atOrAbove: number; readonly maxDailyMg: number; readonly citation: string };
}

const PI = (drug: string) => `US FDA prescribing information, ${drug}, section 2 Dosage and administration (DailyMed)`;

/** Dose limits, one per ingredient. */
export const DOSE_LIMITS: readonly DoseLimit[] = [
  {
    ingredient: 'metformin',
    maxDailyMg: 2550,
    citation: PI('metformin (Glucophage)'),
    renal: { below: 45, atOrAbove: 30, maxDailyMg: 1000, citation: 'KDIGO 2022 Clinical Practice Guideline for Diabetes Management in CKD, Kidney Int 2022;102(5S):S1-S127 (eGFR 30–44: halve the dose, at most 1,000 mg/day)' },
  },
  { ingredient: 'nitrofurantoin', maxDailyMg: 400, citation: PI('nitrofurantoin macrocrystals (Macrodantin): 50–100 mg four times a day') },
  { ingredient: 'ibuprofen', maxDailyMg: 3200, citation: PI('ibuprofen (Motrin) tablets') },
  { ingredient: 'naproxen', maxDailyMg: 1500, citation: PI('naproxen (Naprosyn): up to 1,500 mg/day for limited periods') },
  { ingredient: 'diclofenac', maxDailyMg: 200, citation: PI('diclofenac (Voltaren): up to 200 mg/day in rheumatoid arthritis') },
  { ingredient: 'ketorolac', maxDailyMg: 40, citation: PI('ketorolac tablets: 40 mg/day, at most 5 days in total') },
  { ingredient: 'meloxicam', maxDailyMg: 15, citation: PI('meloxicam (Mobic)') },
  { ingredient: 'indomethacin', maxDailyMg: 200, citation: PI('indomethacin (Indocin)') },
  { ingredient: 'celecoxib', maxDailyMg: 400, citation: PI('celecoxib (Celebrex)') },
  { ingredient: 'piroxicam', maxDailyMg: 20, citation: PI('piroxicam (Feldene)') },
];
