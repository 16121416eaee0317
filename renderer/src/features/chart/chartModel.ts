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
import { conceptText } from '../../fhir/display';

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

/** A numeric series of one observation code, oldest first, for a trend chart. */
export interface Series {
  code: string;
  name: string;
  unit: string;
  points: { time: number; value: number; id: string }[];
  low?: number;
  high?: number;
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

/** Numeric series by code (oldest first), with the reference range of the latest value. */
export function seriesByCode(observations: readonly Observation[]): Series[] {
  const byCode = new Map<string, Series>();
  for (const o of observations) {
    const q = o.valueQuantity;
    const time = Date.parse(dateOf(o));
    if (q?.value === undefined || Number.isNaN(time)) continue;
    const code = o.code.coding?.[0]?.code ?? conceptText(o.code);
    let series = byCode.get(code);
    if (!series) {
      series = { code, name: conceptText(o.code), unit: q.unit ?? q.code ?? '', points: [] };
      byCode.set(code, series);
    }
    series.points.push({ time, value: q.value, id: o.id ?? `${code}-${time}` });
    const range = o.referenceRange?.[0];
    if (range && series.low === undefined && series.high === undefined) {
      if (range.low?.value !== undefined) series.low = range.low.value;
      if (range.high?.value !== undefined) series.high = range.high.value;
    }
  }
  for (const s of byCode.values()) s.points.sort((a, b) => a.time - b.time);
  return [...byCode.values()].sort((a, b) => b.points.length - a.points.length || a.name.localeCompare(b.name));
}

/** Whether a value lies outside its reference range. */
export function outOfRange(value: number | undefined, low: number | undefined, high: number | undefined): 'low' | 'high' | null {
  if (value === undefined) return null;
  if (low !== undefined && value < low) return 'low';
  if (high !== undefined && value > high) return 'high';
  return null;
}
