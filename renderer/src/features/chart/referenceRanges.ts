/**
 * Typical adult reference ranges by LOINC code, used on the chart only when an Observation
 * carries no referenceRange of its own (the laboratory's range always wins). Shown as
 * "typical adult range" so that they are never mistaken for the laboratory's interval.
 * Not used by the decision-support rules (those have their own limits and citations).
 *
 * Sources (cited per entry below):
 * - LAB: Harrison's Principles of Internal Medicine, 21st ed. (McGraw Hill, 2022), appendix
 *   "Laboratory Values of Clinical Importance" (adult reference values, conventional units).
 * - ADA: American Diabetes Association. Standards of Care in Diabetes—2024, section 2,
 *   "Diagnosis and Classification of Diabetes" (normal fasting glucose < 100 mg/dL, HbA1c < 5.7 %).
 * - VITALS: Bickley LS. Bates' Guide to Physical Examination and History Taking, 13th ed.
 *   (Wolters Kluwer, 2021), chapter 4 "Beginning the Physical Examination: General Survey,
 *   Vital Signs, and Pain" (resting adult heart rate 60–100 /min, respiratory rate 12–20 /min).
 * - TEMP: MedlinePlus Medical Encyclopedia, "Body temperature norms" (97 °F / 36.1 °C to
 *   99 °F / 37.2 °C), https://medlineplus.gov/ency/article/001982.htm.
 * - BP: Williams B et al. 2018 ESC/ESH Guidelines for the management of arterial hypertension.
 *   Eur Heart J. 2018;39:3021–3104, and NICE NG136 (2019, updated 2023): hypertension is an
 *   office blood pressure ≥ 140/90 mmHg, so the chart flags from 140/90 (a reading of 123/78 is
 *   not flagged; ACC/AHA 2017 calls 120–139/80–89 "elevated" or stage 1, a matter for repeated
 *   readings, not a flag on one); the lower bounds 90/60 mmHg are the conventional definition of
 *   hypotension.
 * - SPO2: O'Driscoll BR et al. BTS guideline for oxygen use in adults. Thorax. 2017;72:i1–i90
 *   (normal adult SpO2 on air about 96–98 %; below 94 % warrants assessment); 95 % is used here.
 * - GCS: Teasdale G, Jennett B. Lancet. 1974;2:81–84 (15 = fully alert).
 * Local laboratories differ; a site's own ranges belong on its results.
 */
import type { Observation } from 'fhir/r4';

/** A reference range with where it came from. */
export interface ReferenceRange {
  low?: number;
  high?: number;
  /** How to write the range when "low–high" would mislead, e.g. "< 5.7". */
  text?: string;
  /** 'observation': the laboratory's own range on the result; 'typical': this table. */
  source: 'observation' | 'typical';
  /** The citation, for typical ranges. */
  citation?: string;
}

/** One row of the table: units it applies to (UCUM codes and common spellings), and the range by sex. */
interface TypicalRange {
  units: readonly string[];
  low?: number;
  high?: number;
  text?: string;
  bySex?: { male: { low: number; high: number }; female: { low: number; high: number } };
  citation: string;
}

const LAB = "Harrison's Principles of Internal Medicine, 21st ed., appendix: Laboratory Values of Clinical Importance";
const ADA = 'American Diabetes Association, Standards of Care in Diabetes—2024, section 2';
const VITALS = "Bates' Guide to Physical Examination and History Taking, 13th ed., chapter 4";
const TEMP = 'MedlinePlus Medical Encyclopedia, Body temperature norms';
const BP = '2018 ESC/ESH hypertension guideline and NICE NG136 (hypertension ≥ 140/90 mmHg); hypotension < 90/60 mmHg';
const SPO2 = 'BTS guideline for oxygen use in adults, Thorax 2017';
const GCS = 'Teasdale & Jennett, Lancet 1974';

const perMin = ['/min', '{beats}/min', '{breaths}/min', 'beats/min', 'breaths/min', 'bpm'];
const mmHg = ['mm[Hg]', 'mmHg'];
const mmolL = ['mmol/L', 'meq/L', 'mEq/L'];
const mgDl = ['mg/dL'];

/** Typical adult ranges by LOINC code. */
export const TYPICAL_ADULT_RANGES: Readonly<Record<string, TypicalRange>> = {
  // Heart rate.
  '8867-4': { units: perMin, low: 60, high: 100, citation: VITALS },
  // Respiratory rate.
  '9279-1': { units: perMin, low: 12, high: 20, citation: VITALS },
  // Oxygen saturation: pulse oximetry, arterial blood.
  '59408-5': { units: ['%'], low: 95, text: '≥ 95', citation: SPO2 },
  '2708-6': { units: ['%'], low: 95, text: '≥ 95', citation: SPO2 },
  // Body temperature, oral temperature.
  '8310-5': { units: ['Cel', '°C'], low: 36.1, high: 37.2, citation: TEMP },
  '8331-1': { units: ['Cel', '°C'], low: 36.1, high: 37.2, citation: TEMP },
  // Systolic and diastolic blood pressure.
  '8480-6': { units: mmHg, low: 90, high: 139, text: '90–139', citation: BP },
  '8462-4': { units: mmHg, low: 60, high: 89, text: '60–89', citation: BP },
  // Glasgow coma score total.
  '9269-2': { units: ['{score}', '{Score}', ''], low: 15, high: 15, text: '15', citation: GCS },
  // Creatinine in serum/plasma, in blood.
  '2160-0': { units: mgDl, bySex: { male: { low: 0.6, high: 1.2 }, female: { low: 0.5, high: 0.9 } }, citation: LAB },
  '38483-4': { units: mgDl, bySex: { male: { low: 0.6, high: 1.2 }, female: { low: 0.5, high: 0.9 } }, citation: LAB },
  // Potassium in serum/plasma, in blood.
  '2823-3': { units: mmolL, low: 3.5, high: 5.0, citation: LAB },
  '6298-4': { units: mmolL, low: 3.5, high: 5.0, citation: LAB },
  // Sodium in serum/plasma, in blood.
  '2951-2': { units: mmolL, low: 135, high: 145, citation: LAB },
  '2947-0': { units: mmolL, low: 135, high: 145, citation: LAB },
  // Glucose (fasting) in serum/plasma, in blood.
  '2345-7': { units: mgDl, low: 70, high: 99, text: '70–99 (fasting)', citation: ADA },
  '2339-0': { units: mgDl, low: 70, high: 99, text: '70–99 (fasting)', citation: ADA },
  // Haemoglobin A1c.
  '4548-4': { units: ['%'], high: 5.6, text: '< 5.7', citation: ADA },
  // Urea nitrogen in blood, in serum/plasma.
  '6299-2': { units: mgDl, low: 7, high: 20, citation: LAB },
  '3094-0': { units: mgDl, low: 7, high: 20, citation: LAB },
};

/** The typical adult range for a LOINC code in a unit, or undefined (unknown code, other unit, or sex needed and unknown). */
export function typicalAdultRange(code: string, unit: string, sex?: string): ReferenceRange | undefined {
  const row = TYPICAL_ADULT_RANGES[code];
  if (!row || !row.units.includes(unit.trim())) return undefined;
  if (row.bySex) {
    const bounds = sex === 'male' || sex === 'female' ? row.bySex[sex] : undefined;
    return bounds ? { ...bounds, source: 'typical', citation: row.citation } : undefined;
  }
  return { low: row.low, high: row.high, text: row.text, source: 'typical', citation: row.citation };
}

/** The LOINC code of a concept (the first loinc.org coding, else the first coding). */
export function loincCode(concept: Observation['code'] | undefined): string | undefined {
  const codings = concept?.coding ?? [];
  return (codings.find((c) => c.system === 'http://loinc.org') ?? codings[0])?.code;
}

/** The Observation's own first reference range, if it has a bound or a text. */
export function observationRange(o: Pick<Observation, 'referenceRange'>): ReferenceRange | undefined {
  const r = o.referenceRange?.[0];
  if (!r) return undefined;
  const low = r.low?.value;
  const high = r.high?.value;
  if (low === undefined && high === undefined && !r.text) return undefined;
  return { low, high, text: r.text, source: 'observation' };
}

/** The range to judge a value by: the Observation's own, else the typical adult range for its code and unit. */
export function rangeFor(code: string | undefined, unit: string, own: ReferenceRange | undefined, sex?: string): ReferenceRange | undefined {
  return own ?? (code ? typicalAdultRange(code, unit, sex) : undefined);
}

/** "low–high", "≥ low", "≤ high" or the range's own text. */
export function rangeText(r: ReferenceRange): string {
  if (r.text) return r.text;
  if (r.low !== undefined && r.high !== undefined) return r.low === r.high ? String(r.low) : `${r.low}–${r.high}`;
  if (r.low !== undefined) return `≥ ${r.low}`;
  if (r.high !== undefined) return `≤ ${r.high}`;
  return '';
}
