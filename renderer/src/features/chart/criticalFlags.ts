/**
 * Critical results, judged by the rules' own critical-value table (cds.criticalLimits; sources
 * in electron/services/cds/rules/criticalValues.ts: Kost GJ, JAMA 1990;263:704-707 and Kost &
 * Hale, Clin Chem Lab Med 2011;49:167-176 for labs; Bedside's defaults beyond the NEWS2
 * 3-point bands for vital signs), so the chart never calls critical what the rules do not. Pure.
 */
import type { CriticalLimit } from '../../api/ports';

/** A value beyond a critical limit, with the limit it crossed. */
export interface CriticalFlag {
  direction: 'low' | 'high';
  limit: number;
  unit: string;
  source: string;
}

/** The critical flag of a value of LOINC `code` in `unit`, or null (normal, no row for the code, or a unit the table does not read as is). */
export function criticalFlag(limits: readonly CriticalLimit[] | undefined, code: string | undefined, unit: string | undefined, value: number | undefined): CriticalFlag | null {
  if (!limits || !code || value === undefined) return null;
  const row = limits.find((l) => l.codes.includes(code));
  if (!row || !row.units.includes((unit ?? '').trim())) return null;
  if (row.criticalLow !== undefined && value < row.criticalLow) return { direction: 'low', limit: row.criticalLow, unit: row.unit, source: row.source };
  if (row.criticalHigh !== undefined && value > row.criticalHigh) return { direction: 'high', limit: row.criticalHigh, unit: row.unit, source: row.source };
  return null;
}
