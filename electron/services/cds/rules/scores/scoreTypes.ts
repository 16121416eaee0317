/** Shared shapes for clinical scores: a number with its workings, or a list of what is missing. */
import { latestObservation, type ChartSnapshot, type ObservationValue } from '../../chart';

/** One input as shown to the clinician: what was used and how many points it gave. */
export interface ScoreInputLine {
  readonly label: string;
  readonly value: string;
  readonly points: number;
}

/** A computed score. */
export interface ScoredResult<Band extends string = string> {
  readonly status: 'scored';
  readonly score: number;
  readonly inputs: readonly ScoreInputLine[];
  readonly band: Band;
  readonly interpretation: string;
}

/** Not enough data: the score is not computed, and the missing inputs are named. */
export interface InsufficientResult {
  readonly status: 'insufficient';
  readonly missing: readonly string[];
}

/** Either a score with its workings or the inputs it still needs; never a guessed number. */
export type ScoreResult<Band extends string = string> = ScoredResult<Band> | InsufficientResult;

/** "not enough data: needs X, Y" for cards and logs. */
export function insufficientText(name: string, missing: readonly string[]): string {
  return `${name}: not enough data: needs ${missing.join(', ')}`;
}

/** Default look-back for vital signs: a score mixes only observations from one 24-hour window. */
export const VITALS_WINDOW_HOURS = 24;

/**
 * The latest value of a code within `windowHours` before `now`; older values do not count
 * (a score from last year's pulse is not today's score).
 */
export function recentObservation(
  chart: ChartSnapshot,
  codes: readonly string[],
  now: Date,
  windowHours = VITALS_WINDOW_HOURS,
): ObservationValue | undefined {
  const latest = latestObservation(chart, codes, now);
  if (!latest) return undefined;
  return now.getTime() - Date.parse(latest.date) <= windowHours * 3_600_000 ? latest : undefined;
}

/** Temperature in °C from a FHIR quantity unit ('Cel', '°C', '[degF]', '°F'); undefined if unknown. */
export function celsius(value: number, unit: string): number | undefined {
  const u = unit.trim();
  if (u === 'Cel' || u === '°C' || u === 'C' || u === 'degC') return value;
  if (u === '[degF]' || u === '°F' || u === 'F' || u === 'degF') return ((value - 32) * 5) / 9;
  return undefined;
}
