/**
 * Critical lab and vital-sign values, and implausible values.
 * Lab limits: representative of US hospital critical-value ("panic") lists, as surveyed in
 * Kost GJ. Critical limits for urgent clinician notification at US medical centers. JAMA.
 * 1990;263(5):704-707, and Kost GJ, Hale KN. Global trends in critical values practices and
 * their harmonization. Clin Chem Lab Med. 2011;49(2):167-176. A site should replace these with
 * its own laboratory's list.
 * Vital-sign limits: Bedside defaults, set beyond the NEWS2 3-point bands (RCP 2017) so that
 * they flag only extreme values that warrant immediate attention.
 * Plausibility bounds: Bedside's data-entry limits, far outside survivable physiology; a value
 * beyond them is reported as "implausible value, not scored", never as critical.
 */
import { latestObservation, type ObservationValue } from '../chart';
import { LOINC, type LoincConcept } from '../observationCodes';
import { clip, fmt, inSentence } from './cardText';
import { celsius } from './scores/scoreTypes';
import type { CdsRule, RuleFinding } from './types';

/** One checked measurement: codes, canonical unit, converters, critical and plausible limits. */
export interface CriticalLimit {
  readonly concept: LoincConcept;
  readonly label: string;
  readonly unit: string;
  /** Units whose values are read as they are (no conversion), for the chart's own flags. */
  readonly units: readonly string[];
  /** Converts a value in a recorded unit to `unit`; undefined when the unit is not understood. */
  readonly convert: (value: number, unit: string) => number | undefined;
  readonly criticalLow?: number;
  readonly criticalHigh?: number;
  readonly plausibleMin: number;
  readonly plausibleMax: number;
  readonly source: string;
}

const same = (...units: string[]) => (value: number, unit: string): number | undefined =>
  units.includes(unit.trim()) ? value : undefined;

const MMOL = ['mmol/L', 'mEq/L', 'meq/L'];
const PER_MIN = ['/min', 'beats/min', '{beats}/min', 'bpm'];
const BREATHS = ['/min', 'breaths/min', '{breaths}/min'];
const MMHG = ['mm[Hg]', 'mmHg'];

const LAB_SOURCE = 'Kost GJ, JAMA 1990;263:704-707; Kost GJ & Hale KN, Clin Chem Lab Med 2011;49:167-176';
const VITAL_SOURCE = 'Bedside default, beyond NEWS2 3-point bands (RCP 2017)';

/** The table of limits (see module comment for sources). */
export const CRITICAL_LIMITS: readonly CriticalLimit[] = [
  { concept: 'potassium', label: 'Potassium', unit: 'mmol/L', units: MMOL, convert: same(...MMOL), criticalLow: 2.5, criticalHigh: 6.5, plausibleMin: 0.5, plausibleMax: 15, source: LAB_SOURCE },
  { concept: 'sodium', label: 'Sodium', unit: 'mmol/L', units: MMOL, convert: same(...MMOL), criticalLow: 120, criticalHigh: 160, plausibleMin: 80, plausibleMax: 220, source: LAB_SOURCE },
  {
    concept: 'glucose',
    label: 'Glucose',
    unit: 'mg/dL',
    units: ['mg/dL'],
    // 1 mmol/L glucose = 18.016 mg/dL (molar mass 180.16 g/mol).
    convert: (v, u) => (u.trim() === 'mg/dL' ? v : u.trim() === 'mmol/L' ? v * 18.016 : undefined),
    criticalLow: 40,
    criticalHigh: 500,
    plausibleMin: 5,
    plausibleMax: 3000,
    source: LAB_SOURCE,
  },
  { concept: 'heartRate', label: 'Heart rate', unit: '/min', units: PER_MIN, convert: same(...PER_MIN), criticalLow: 40, criticalHigh: 150, plausibleMin: 1, plausibleMax: 350, source: VITAL_SOURCE },
  { concept: 'respiratoryRate', label: 'Respiratory rate', unit: '/min', units: BREATHS, convert: same(...BREATHS), criticalLow: 6, criticalHigh: 35, plausibleMin: 1, plausibleMax: 100, source: VITAL_SOURCE },
  { concept: 'systolic', label: 'Systolic blood pressure', unit: 'mm[Hg]', units: MMHG, convert: same(...MMHG), criticalLow: 80, criticalHigh: 220, plausibleMin: 20, plausibleMax: 350, source: VITAL_SOURCE },
  { concept: 'spo2', label: 'Oxygen saturation', unit: '%', units: ['%'], convert: same('%'), criticalLow: 85, plausibleMin: 20, plausibleMax: 100, source: VITAL_SOURCE },
  {
    concept: 'temperature',
    label: 'Temperature',
    unit: '°C',
    units: ['Cel', '°C'],
    convert: celsius,
    criticalLow: 35,
    criticalHigh: 40.5,
    plausibleMin: 25,
    plausibleMax: 45,
    source: VITAL_SOURCE,
  },
];

/** Critical values older than this are not alerted (the latest value is what matters now). */
export const CRITICAL_LOOKBACK_DAYS = 7;

/** How one value reads against its limits. */
export type ValueCheck =
  | { readonly kind: 'normal'; readonly value: number }
  | { readonly kind: 'critical'; readonly value: number; readonly direction: 'low' | 'high' }
  | { readonly kind: 'implausible'; readonly reason: string }
  | { readonly kind: 'unknown-unit'; readonly reason: string };

/** Checks one value: implausible and unknown units are never scored as critical. */
export function checkValue(limit: CriticalLimit, value: number, unit: string): ValueCheck {
  const v = limit.convert(value, unit);
  if (v === undefined) return { kind: 'unknown-unit', reason: `unit '${unit}' not understood for ${inSentence(limit.label)}` };
  if (!Number.isFinite(v) || v < limit.plausibleMin || v > limit.plausibleMax) {
    return { kind: 'implausible', reason: `outside plausible range ${limit.plausibleMin}–${limit.plausibleMax} ${limit.unit}` };
  }
  if (limit.criticalLow !== undefined && v < limit.criticalLow) return { kind: 'critical', value: v, direction: 'low' };
  if (limit.criticalHigh !== undefined && v > limit.criticalHigh) return { kind: 'critical', value: v, direction: 'high' };
  return { kind: 'normal', value: v };
}

const limitText = (l: CriticalLimit): string =>
  [l.criticalLow !== undefined ? `<${l.criticalLow}` : undefined, l.criticalHigh !== undefined ? `>${l.criticalHigh}` : undefined]
    .filter(Boolean)
    .join(' or ') + ` ${l.unit}`;

const finding = (limit: CriticalLimit, obs: ObservationValue, check: ValueCheck): RuleFinding | undefined => {
  if (check.kind === 'normal') return undefined;
  const base = {
    key: `${limit.concept}:${obs.reference}`,
    triggeredBy: [obs.reference],
    inputs: { concept: limit.concept, value: obs.value, unit: obs.unit, date: obs.date },
    source: { label: 'Critical values' },
  };
  if (check.kind === 'critical') {
    return {
      ...base,
      summary: clip(`Critical ${inSentence(limit.label)}: ${fmt(check.value)} ${limit.unit} (${check.direction})`),
      indicator: 'critical',
      detail: `${limit.label} ${obs.value} ${obs.unit} on ${obs.date} is beyond the critical limit (${limitText(limit)}). Confirm the value and act on it now.\n\nSource: ${limit.source}.`,
      explanation: {
        kind: 'rule-trace',
        steps: [
          { label: limit.label, value: `${obs.value} ${obs.unit} on ${obs.date}` },
          { label: 'Critical limit', value: limitText(limit) },
        ],
        citation: limit.source,
      },
    };
  }
  return {
    ...base,
    summary: clip(`Implausible ${inSentence(limit.label)} ${obs.value} ${obs.unit}: not scored, check the entry`),
    indicator: 'warning',
    status: 'not-checked',
    detail: `${limit.label} ${obs.value} ${obs.unit} on ${obs.date} is ${check.reason}. It has not been used for alerts or scores. Check for a data-entry or unit error.`,
    explanation: {
      kind: 'rule-trace',
      steps: [
        { label: limit.label, value: `${obs.value} ${obs.unit} on ${obs.date}` },
        { label: 'Check', value: check.reason },
      ],
      citation: 'Bedside data-entry plausibility limits',
    },
  };
};

/** Critical and implausible values rule: looks at the latest value of each measurement. */
export const criticalValuesRule: CdsRule = {
  id: 'critical-values',
  version: '1.0.0',
  title: 'Critical and implausible lab and vital-sign values',
  citation: LAB_SOURCE,
  hooks: ['patient-view'],
  evaluate(input) {
    const out: RuleFinding[] = [];
    for (const limit of CRITICAL_LIMITS) {
      const obs = latestObservation(input.chart, LOINC[limit.concept], input.now);
      if (!obs) continue;
      const check = checkValue(limit, obs.value, obs.unit);
      // An old critical value is history, not an emergency; an implausible entry is flagged at any age.
      if (check.kind === 'critical' && input.now.getTime() - Date.parse(obs.date) > CRITICAL_LOOKBACK_DAYS * 86_400_000) continue;
      const f = finding(limit, obs, check);
      if (f) out.push(f);
    }
    return out;
  },
};

/** One row of the critical-limit table as the chart reads it (plain data: codes, units read as they are, limits, source). */
export interface CriticalLimitRow {
  concept: string;
  label: string;
  codes: string[];
  unit: string;
  units: string[];
  criticalLow?: number;
  criticalHigh?: number;
  source: string;
}

/** The critical-limit table as plain data, so the chart flags exactly what the rule alerts on. */
export function criticalLimitRows(): CriticalLimitRow[] {
  return CRITICAL_LIMITS.map((l) => ({
    concept: l.concept,
    label: l.label,
    codes: [...LOINC[l.concept]],
    unit: l.unit,
    units: [...l.units],
    ...(l.criticalLow !== undefined ? { criticalLow: l.criticalLow } : {}),
    ...(l.criticalHigh !== undefined ? { criticalHigh: l.criticalHigh } : {}),
    source: l.source,
  }));
}
