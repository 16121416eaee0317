/** Splits a patient's resources into the chart's sections, each sorted for reading. Pure. */
import type {
  AllergyIntolerance,
  Condition,
  DocumentReference,
  Encounter,
  FhirResource,
  Immunization,
  MedicationRequest,
  Observation,
  Resource,
} from 'fhir/r4';
import { BP_PANEL_CODES, DIASTOLIC_CODE, SYSTOLIC_CODE, bloodPressure, conceptText, displayUnit } from '../../fhir/display';
import { loincCode, observationRange, rangeFor, rangeText, type ReferenceRange } from './referenceRanges';

/** The chart's sections. */
export interface ChartSections {
  problems: Condition[];
  medications: MedicationRequest[];
  allergies: AllergyIntolerance[];
  immunizations: Immunization[];
  vitals: Observation[];
  labs: Observation[];
  encounters: Encounter[];
  notes: DocumentReference[];
}

/** One plotted point. */
export interface SeriesPoint {
  time: number;
  value: number;
  id: string;
}

/** A line of values with the range it is judged by. */
export interface SeriesLine {
  name: string;
  points: SeriesPoint[];
  low?: number;
  high?: number;
  /** The range as written ("60–100", "< 5.7"); absent when there is none. */
  rangeText?: string;
}

/** A numeric series of one observation code, oldest first, for a trend chart. */
export interface Series extends SeriesLine {
  code: string;
  unit: string;
  /** Whose range it is: the laboratory's own (on the latest result) or the typical adult range. */
  rangeSource?: ReferenceRange['source'];
  /** The typical range's citation. */
  citation?: string;
  /** A second line in the same chart: the diastolic under the systolic of a blood pressure panel. */
  second?: SeriesLine;
}

const categoryOf = (o: Observation): string => o.category?.flatMap((c) => c.coding ?? []).map((c) => c.code ?? '').find(Boolean) ?? '';
const dateOf = (o: Observation): string => o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.issued ?? '';
const newestFirst = <T,>(key: (r: T) => string) => (a: T, b: T) => key(b).localeCompare(key(a));

/** Whether a problem is still active (no clinical status counts as active). */
export function isActiveProblem(c: Condition): boolean {
  const code = c.clinicalStatus?.coding?.[0]?.code;
  return code === undefined || code === 'active' || code === 'recurrence' || code === 'relapse';
}

/** Sorts resources into the chart's sections. */
export function chartSections(resources: readonly Resource[]): ChartSections {
  const s: ChartSections = { problems: [], medications: [], allergies: [], immunizations: [], vitals: [], labs: [], encounters: [], notes: [] };
  for (const r of resources as FhirResource[]) {
    switch (r.resourceType) {
      case 'Condition':
        s.problems.push(r);
        break;
      case 'MedicationRequest':
        s.medications.push(r);
        break;
      case 'AllergyIntolerance':
        s.allergies.push(r);
        break;
      case 'Immunization':
        s.immunizations.push(r);
        break;
      case 'Observation':
        (categoryOf(r) === 'vital-signs' ? s.vitals : s.labs).push(r);
        break;
      case 'Encounter':
        s.encounters.push(r);
        break;
      case 'DocumentReference':
        s.notes.push(r);
        break;
      default:
        break;
    }
  }
  s.problems.sort((a, b) => Number(isActiveProblem(b)) - Number(isActiveProblem(a)) || (b.onsetDateTime ?? b.recordedDate ?? '').localeCompare(a.onsetDateTime ?? a.recordedDate ?? ''));
  s.medications.sort(newestFirst((m) => m.authoredOn ?? ''));
  s.immunizations.sort(newestFirst((i) => i.occurrenceDateTime ?? ''));
  s.vitals.sort(newestFirst(dateOf));
  s.labs.sort(newestFirst(dateOf));
  s.encounters.sort(newestFirst((e) => e.period?.start ?? ''));
  s.notes.sort(newestFirst((n) => n.date ?? ''));
  return s;
}

/** The date an observation applies to. */
export const observationDate = dateOf;

const withRange = <T extends SeriesLine>(line: T, range: ReferenceRange | undefined): T => {
  if (!range) return line;
  const text = rangeText(range);
  return { ...line, low: range.low, high: range.high, ...(text ? { rangeText: text } : {}) };
};

/** The range an observation's value is judged by: its own, else the typical adult range for its code and unit. */
export function observationRangeFor(o: Observation, sex?: string): ReferenceRange | undefined {
  const q = o.valueQuantity;
  return rangeFor(loincCode(o.code), q?.unit ?? q?.code ?? '', observationRange(o), sex);
}

/**
 * Numeric series by code (oldest first), judged by the reference range of the latest result
 * (else the typical adult range for the code, by `sex` where it differs). A blood pressure panel
 * is one series of systolic values with the diastolic as its second line.
 */
export function seriesByCode(observations: readonly Observation[], sex?: string): Series[] {
  const byCode = new Map<string, Series>();
  const ranges = new Map<string, ReferenceRange | undefined>();
  const bp: { sys: SeriesPoint[]; dia: SeriesPoint[]; unit: string; name: string } = { sys: [], dia: [], unit: 'mm[Hg]', name: '' };
  // Newest first, so that the first range seen for a code is the latest result's.
  const newest = [...observations].sort(newestFirst(dateOf));
  for (const o of newest) {
    const time = Date.parse(dateOf(o));
    if (Number.isNaN(time)) continue;
    const panel = bloodPressure(o);
    if (panel) {
      const id = o.id ?? `bp-${time}`;
      if (panel.systolic !== undefined) bp.sys.push({ time, value: panel.systolic, id: `${id}-sys` });
      if (panel.diastolic !== undefined) bp.dia.push({ time, value: panel.diastolic, id: `${id}-dia` });
      bp.name ||= conceptText(o.code);
      continue;
    }
    const q = o.valueQuantity;
    if (q?.value === undefined) continue;
    const code = loincCode(o.code) ?? conceptText(o.code);
    let series = byCode.get(code);
    if (!series) {
      series = { code, name: conceptText(o.code), unit: q.unit ?? q.code ?? '', points: [] };
      byCode.set(code, series);
      ranges.set(code, observationRangeFor(o, sex));
    }
    series.points.push({ time, value: q.value, id: o.id ?? `${code}-${time}` });
  }
  const out: Series[] = [...byCode.values()].map((s) => {
    const range = ranges.get(s.code);
    return withRange({ ...s, ...(range ? { rangeSource: range.source, citation: range.citation } : {}) }, range);
  });
  if (bp.sys.length > 0) {
    const sysRange = rangeFor(SYSTOLIC_CODE, bp.unit, undefined, sex);
    const diaRange = rangeFor(DIASTOLIC_CODE, bp.unit, undefined, sex);
    out.push(
      withRange(
        {
          code: BP_PANEL_CODES[0]!,
          name: bp.name,
          unit: bp.unit,
          points: bp.sys,
          ...(sysRange ? { rangeSource: sysRange.source, citation: sysRange.citation } : {}),
          ...(bp.dia.length > 0 ? { second: withRange({ name: 'Diastolic', points: bp.dia }, diaRange) } : {}),
        },
        sysRange,
      ),
    );
  }
  for (const s of out) {
    s.points.sort((a, b) => a.time - b.time);
    s.second?.points.sort((a, b) => a.time - b.time);
  }
  return out.sort((a, b) => b.points.length - a.points.length || a.name.localeCompare(b.name));
}

/** The unit of a series as a clinician writes it. */
export const seriesUnit = (s: Pick<Series, 'unit'>): string => displayUnit(s.unit);

/** Whether a value lies outside its reference range. */
export function outOfRange(value: number | undefined, low: number | undefined, high: number | undefined): 'low' | 'high' | null {
  if (value === undefined) return null;
  if (low !== undefined && value < low) return 'low';
  if (high !== undefined && value > high) return 'high';
  return null;
}

/**
 * The trends a clinician looks for first (issue #19): the vital signs, then creatinine,
 * potassium, HbA1c and INR, each by its LOINC codes (see observationNames.ts); other series
 * follow by number of readings.
 */
const TREND_PRIORITY: readonly (readonly string[])[] = [
  BP_PANEL_CODES,
  ['8867-4'],
  ['9279-1'],
  ['8310-5', '8331-1'],
  ['59408-5', '2708-6'],
  ['29463-7'],
  ['2160-0', '38483-4'],
  ['6298-4', '2823-3'],
  ['4548-4'],
  ['6301-6', '34714-6'],
];

const trendRank = (code: string): number => {
  const i = TREND_PRIORITY.findIndex((codes) => codes.includes(code));
  return i < 0 ? TREND_PRIORITY.length : i;
};

/** The series worth a trend chart (two readings or more): the priority trends first, in their order, then the others; at most `max`. */
export function trendSeries(series: readonly Series[], max = 12): Series[] {
  return series
    .filter((s) => s.points.length >= 2)
    .map((s, i) => ({ s, i, rank: trendRank(s.code) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .slice(0, max)
    .map((x) => x.s);
}
