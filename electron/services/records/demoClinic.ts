/**
 * A deterministic demo clinic (seeded PRNG; dates counted back from an anchor date): about a
 * dozen patients with notes, vitals and labs over time, medications, allergies and conditions,
 * including cases the decision-support rules should flag. The same seed and anchor always give
 * the same records; tests pass the fixed DEMO_ANCHOR, the admin `seed` command passes the
 * current hour so that the latest visit's vitals are recent enough for the time-windowed
 * rules (NEWS2, qSOFA: 24 h; critical values: 7 days). Also a generator of many plain patients
 * for benchmarks.
 *
 * Consistent with itself (issue #19): visits happen in clinic hours (the latest one just before
 * the anchor), labs are drawn a quarter of an hour after the vitals; chronic problems began
 * years before the first visit and their results say so across all visits (CKD: raised
 * creatinine; diabetes: HbA1c above target; hypertension: raised pressures), acute problems
 * began days before the latest visit, and a note mentions only the problems and medications
 * that existed on its day; problem onsets are dates (no time of day is known).
 */
import type { JsonObject } from '../json';
import { createRng, type Rng } from './prng';
import {
  allergyResource,
  bloodPressureObservation,
  conditionResource,
  encounterResource,
  medicationRequestResource,
  noteResource,
  patientResource,
  quantityObservation,
  type LabRange,
  type PatientSeed,
} from './fhirBuilders';

/** The default date the demo clinic is built around (its "today"); tests use it. */
export const DEMO_ANCHOR = '2026-01-15T09:00:00.000Z';

/** The anchor for a demo clinic seeded at `date`: the start of that hour, UTC (so seeding twice in the same hour changes nothing, and no visit lies in the future). */
export function demoAnchorFor(date: Date): string {
  return `${date.toISOString().slice(0, 13)}:00:00.000Z`;
}

interface Scenario {
  patient: Omit<PatientSeed, 'id' | 'mrn'>;
  /** Why this patient is in the demo (which rule should fire). */
  flags: string;
  conditions: [code: string, display: string][];
  medications: [rxnorm: string, display: string][];
  allergies?: [code: string, display: string, reaction: string][];
  /** Overrides of the latest vitals/labs. */
  latest?: Partial<Record<VitalOrLab, number>>;
  /** Usual values at earlier visits where a chronic problem moves them (the mean the values vary around). */
  baseline?: Partial<Record<VitalOrLab, number>>;
  /** Days before the latest visit that the acute problems (ACUTE_CONDITIONS) began. */
  acuteDays?: number;
  /** INR at each visit with labs (oldest first), for a patient on warfarin. */
  inr?: number[];
  /** Glasgow coma scale total at the latest visit (default 15, alert). */
  gcs?: number;
  complaint: string;
}

type VitalOrLab = 'hr' | 'rr' | 'sbp' | 'dbp' | 'temp' | 'spo2' | 'creatinine' | 'potassium' | 'sodium' | 'glucose' | 'hba1c' | 'bun';

/** LOINC code, display, unit and normal mean/spread of each measurement. */
const MEASURES: Record<Exclude<VitalOrLab, 'sbp' | 'dbp'>, [string, string, string, number, number, number, 'vital-signs' | 'laboratory']> = {
  hr: ['8867-4', 'Heart rate', '/min', 74, 12, 0, 'vital-signs'],
  rr: ['9279-1', 'Respiratory rate', '/min', 15, 3, 0, 'vital-signs'],
  temp: ['8310-5', 'Body temperature', 'Cel', 36.8, 0.5, 1, 'vital-signs'],
  spo2: ['59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry', '%', 97, 2, 0, 'vital-signs'],
  creatinine: ['2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 'mg/dL', 0.9, 0.3, 2, 'laboratory'],
  // 6298-4 Potassium [Moles/volume] in Blood (as Synthea writes it, and as the rules read it).
  potassium: ['6298-4', 'Potassium [Moles/volume] in Blood', 'mmol/L', 4.2, 0.5, 1, 'laboratory'],
  sodium: ['2951-2', 'Sodium [Moles/volume] in Serum or Plasma', 'mmol/L', 139, 3, 0, 'laboratory'],
  glucose: ['2339-0', 'Glucose [Mass/volume] in Blood', 'mg/dL', 95, 15, 0, 'laboratory'],
  hba1c: ['4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '%', 5.6, 0.5, 1, 'laboratory'],
  bun: ['6299-2', 'Urea nitrogen [Mass/volume] in Blood', 'mg/dL', 14, 5, 0, 'laboratory'],
};

type Lab = 'creatinine' | 'potassium' | 'sodium' | 'glucose' | 'hba1c' | 'bun';

/**
 * The demo laboratory's own reference intervals, sent with each result as a laboratory does
 * (FHIR Observation.referenceRange). Representative adult intervals of the kind printed on US
 * laboratory reports; they are demo data, not a clinical reference. Creatinine is by sex.
 */
const LAB_RANGES: Record<Lab, LabRange | { male: LabRange; female: LabRange }> = {
  creatinine: { male: { low: 0.7, high: 1.3 }, female: { low: 0.6, high: 1.1 } },
  potassium: { low: 3.5, high: 5.1 },
  sodium: { low: 136, high: 145 },
  glucose: { low: 70, high: 99, text: '70–99 (fasting)' },
  hba1c: { high: 5.6, text: '< 5.7' },
  bun: { low: 7, high: 20 },
};

const labRange = (k: Lab, sex: 'male' | 'female'): LabRange => {
  const r = LAB_RANGES[k];
  return 'male' in r ? r[sex] : r;
};

/** Observations NEWS2 and qSOFA need besides the usual vitals, recorded at the latest visit. */
const GCS: [string, string, string] = ['9269-2', 'Glasgow coma score total', '{score}'];
const OXYGEN_FLOW: [string, string, string] = ['3151-8', 'Inhaled oxygen flow rate', 'L/min'];
/** 6301-6 INR in Platelet poor plasma by Coagulation assay (LOINC), for the patient on warfarin. */
const INR: [string, string, string] = ['6301-6', 'INR in Platelet poor plasma by Coagulation assay', '{INR}'];
/**
 * The target INR range on warfarin for atrial fibrillation, 2.0–3.0: Lip GYH et al.,
 * Antithrombotic therapy for atrial fibrillation, CHEST guideline, Chest 2018;154:1121–1201.
 */
const INR_TARGET: LabRange = { low: 2, high: 3, text: '2.0–3.0 (target on warfarin)' };

const SCENARIOS: Scenario[] = [
  {
    patient: { given: 'Margaret', family: 'Okafor', gender: 'female', birthDate: '1948-03-12' },
    flags: 'ONC high-priority interaction #25: simvastatin with clarithromycin',
    conditions: [['55822004', 'Hyperlipidemia (disorder)'], ['233604007', 'Pneumonia (disorder)']],
    medications: [['314231', 'simvastatin 20 MG Oral Tablet'], ['197517', 'clarithromycin 500 MG Oral Tablet']],
    acuteDays: 4,
    complaint: 'productive cough and fever for four days',
  },
  {
    patient: { given: 'Thomas', family: 'Lindqvist', gender: 'male', birthDate: '1972-09-30' },
    flags: 'Penicillin allergy with amoxicillin ordered',
    conditions: [['43878008', 'Streptococcal sore throat (disorder)']],
    medications: [['308182', 'amoxicillin 500 MG Oral Capsule']],
    allergies: [['91936005', 'Allergy to penicillin (finding)', 'Urticaria (disorder)']],
    acuteDays: 2,
    complaint: 'sore throat and fever',
  },
  {
    patient: { given: 'Rosa', family: 'Delgado', gender: 'female', birthDate: '1951-06-04' },
    flags: 'CKD stage 4 (eGFR < 30) on metformin',
    conditions: [['431857002', 'Chronic kidney disease stage 4 (disorder)'], ['44054006', 'Diabetes mellitus type 2 (disorder)'], ['38341003', 'Hypertension (disorder)']],
    medications: [['860975', '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet'], ['314076', 'lisinopril 10 MG Oral Tablet']],
    latest: { creatinine: 2.9, bun: 48, potassium: 5.3, hba1c: 7.4, glucose: 162 },
    baseline: { creatinine: 2.5, bun: 42, potassium: 5.0, hba1c: 7.3, glucose: 150, sbp: 138, dbp: 84 },
    complaint: 'fatigue and ankle swelling',
  },
  {
    patient: { given: 'Samuel', family: 'Achterberg', gender: 'male', birthDate: '1944-11-21' },
    flags: 'qSOFA 3 (respiratory rate 24, systolic 95, GCS 13) and NEWS2 12 (high) on room air',
    conditions: [['68566005', 'Urinary tract infectious disease (disorder)']],
    medications: [],
    latest: { rr: 24, sbp: 95, dbp: 58, hr: 118, temp: 38.9, spo2: 93 },
    gcs: 13,
    acuteDays: 1,
    complaint: 'fever, new confusion since this morning, reduced urine output',
  },
  {
    patient: { given: 'Eleanor', family: 'Whitfield', gender: 'female', birthDate: '1947-02-17' },
    flags: 'Atrial fibrillation with hypertension and diabetes, no anticoagulant (CHA2DS2-VASc 5)',
    conditions: [['49436004', 'Atrial fibrillation (disorder)'], ['38341003', 'Hypertension (disorder)'], ['44054006', 'Diabetes mellitus type 2 (disorder)']],
    medications: [['866924', 'metoprolol tartrate 25 MG Oral Tablet'], ['860975', '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet']],
    latest: { hr: 104 },
    baseline: { hba1c: 7.0, glucose: 135, sbp: 136, dbp: 84 },
    complaint: 'palpitations on and off for two weeks',
  },
  {
    patient: { given: 'Walter', family: 'Nakamura', gender: 'male', birthDate: '1958-08-08' },
    flags: 'Atrial fibrillation on warfarin (anticoagulated)',
    conditions: [['49436004', 'Atrial fibrillation (disorder)']],
    medications: [['855332', 'warfarin sodium 5 MG Oral Tablet']],
    inr: [2.3, 2.8, 1.8, 2.5, 2.6, 2.4],
    complaint: 'routine anticoagulation review',
  },
  {
    patient: { given: 'Priya', family: 'Raman', gender: 'female', birthDate: '1986-01-25' },
    flags: 'ONC high-priority interaction #28: tizanidine with ciprofloxacin',
    conditions: [['279039007', 'Low back pain (finding)'], ['68566005', 'Urinary tract infectious disease (disorder)']],
    medications: [['313372', 'tizanidine 4 MG Oral Tablet'], ['309309', 'ciprofloxacin 500 MG Oral Tablet']],
    acuteDays: 3,
    complaint: 'dysuria; chronic low back pain',
  },
  {
    patient: { given: 'Daniel', family: 'Osei', gender: 'male', birthDate: '1965-04-14' },
    flags: 'Type 2 diabetes, HbA1c above target',
    conditions: [['44054006', 'Diabetes mellitus type 2 (disorder)'], ['162864005', 'Body mass index 30+ - obesity (finding)']],
    medications: [['860975', '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet']],
    latest: { hba1c: 8.6, glucose: 188 },
    baseline: { hba1c: 8.1, glucose: 170 },
    complaint: 'diabetes review',
  },
  {
    patient: { given: 'Grace', family: 'Mbeki', gender: 'female', birthDate: '1992-12-03' },
    flags: 'Asthma, well controlled (no flag expected)',
    conditions: [['195967001', 'Asthma (disorder)']],
    medications: [['895994', '120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler'], ['745679', '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler']],
    complaint: 'asthma review',
  },
  {
    patient: { given: 'Henry', family: 'Castellanos', gender: 'male', birthDate: '1939-07-19' },
    flags: 'Severe hyperkalaemia (potassium 6.8 mmol/L, a critical value) on lisinopril with CKD stage 3',
    conditions: [['38341003', 'Hypertension (disorder)'], ['433144002', 'Chronic kidney disease stage 3 (disorder)']],
    medications: [['314076', 'lisinopril 10 MG Oral Tablet']],
    latest: { potassium: 6.8, creatinine: 1.8, bun: 31 },
    baseline: { creatinine: 1.6, bun: 28, potassium: 4.9, sbp: 134, dbp: 80 },
    complaint: 'muscle weakness',
  },
  {
    patient: { given: 'Aiko', family: 'Tanaka', gender: 'female', birthDate: '2001-05-27' },
    flags: 'Healthy adult (no flag expected)',
    conditions: [],
    medications: [],
    complaint: 'annual check-up',
  },
  {
    patient: { given: 'Joseph', family: 'Bergstrom', gender: 'male', birthDate: '1955-10-10' },
    flags: 'Hypertension, blood pressure above target',
    conditions: [['38341003', 'Hypertension (disorder)']],
    medications: [['308136', 'amlodipine 2.5 MG Oral Tablet']],
    latest: { sbp: 162, dbp: 98 },
    baseline: { sbp: 148, dbp: 92 },
    complaint: 'hypertension follow-up',
  },
];

const GIVEN = ['James', 'Mary', 'John', 'Linda', 'Ahmed', 'Fatima', 'Wei', 'Mei', 'Carlos', 'Lucia', 'Olu', 'Amara', 'Ivan', 'Olga', 'Noah', 'Emma', 'Liam', 'Ava', 'Arjun', 'Sana'];
const FAMILY = ['Smith', 'Johnson', 'Garcia', 'Nguyen', 'Okafor', 'Kowalski', 'Haddad', 'Silva', 'Kim', 'Patel', 'Murphy', 'Rossi', 'Müller', 'Dubois', 'Andersen', 'Cohen', 'Mensah', 'Ivanova', 'Tanaka', 'Lopez', 'Brown', 'Wilson', 'Taylor', 'Moore', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King'];

const iso = (anchorMs: number, daysAgo: number, minutes = 0): string => new Date(anchorMs - daysAgo * 86_400_000 + minutes * 60_000).toISOString();
const DAY = 86_400_000;
/** A calendar date (no time of day), `daysAgo` before the anchor. */
const dateOnly = (anchorMs: number, daysAgo: number): string => new Date(anchorMs - daysAgo * DAY).toISOString().slice(0, 10);
/**
 * When visit `e` of a patient took place: the latest 50 minutes before the anchor, earlier ones
 * on their day between 08:30 and 16:00 UTC (deterministic, no random numbers taken, so the
 * values stay those of earlier versions).
 */
function visitTime(anchorMs: number, daysAgo: number, last: boolean, slot: number): string {
  if (last) return new Date(anchorMs - 50 * 60_000).toISOString();
  const day = Math.floor((anchorMs - daysAgo * DAY) / DAY) * DAY;
  return new Date(day + (8 * 60 + 30 + ((slot * 47) % 450)) * 60_000).toISOString();
}

/** SNOMED CT codes of acute problems: they begin days before the latest visit, not years. */
const ACUTE_CONDITIONS = new Set(['233604007', '43878008', '68566005']);
/** RxNorm codes of the demo's short courses (clarithromycin, amoxicillin, ciprofloxacin). */
const ACUTE_MEDICATIONS = new Set(['197517', '308182', '309309']);

/**
 * Builds one patient's resources: encounters with vitals, labs and a note, plus problems and
 * medications. With `scoreInputs`, the latest visit also records a GCS and room air (oxygen
 * flow 0 L/min), which NEWS2 and qSOFA need; these take no random numbers, so the other values
 * stay as they were.
 */
function patientRecords(rng: Rng, seed: PatientSeed, s: Omit<Scenario, 'patient' | 'flags'>, anchorMs: number, encounters: number, scoreInputs = false): JsonObject[] {
  const pid = seed.id;
  const out: JsonObject[] = [patientResource(seed)];
  const firstDaysAgo = encounters * 60;
  const age = Math.floor((anchorMs - Date.parse(seed.birthDate)) / (365.25 * 86_400_000));
  // Chronic problems began years before the first visit here; acute ones days before the latest.
  const onsetDaysAgo = s.conditions.map(([code], i) => (ACUTE_CONDITIONS.has(code) ? (s.acuteDays ?? 3) : firstDaysAgo + 365 * (i + 2)));
  s.conditions.forEach(([code, display], i) => out.push(conditionResource(`${pid}-cond-${i}`, pid, code, display, dateOnly(anchorMs, onsetDaysAgo[i]!))));
  // Antibiotics for today's acute problem are prescribed at the latest visit; long-term medicines were started at the first.
  const medDaysAgo = s.medications.map(([rx]) => (ACUTE_MEDICATIONS.has(rx) ? 0 : firstDaysAgo));
  const lastVisitAt = visitTime(anchorMs, 0, true, 0);
  s.medications.forEach(([rx, display], i) => out.push(medicationRequestResource(`${pid}-med-${i}`, pid, rx, display, medDaysAgo[i] === 0 ? lastVisitAt : iso(anchorMs, medDaysAgo[i]!))));
  (s.allergies ?? []).forEach(([code, display, reaction], i) => out.push(allergyResource(`${pid}-allergy-${i}`, pid, code, display, iso(anchorMs, firstDaysAgo + 400), reaction)));
  for (let e = 0; e < encounters; e++) {
    const last = e === encounters - 1;
    const daysAgo = last ? 0 : firstDaysAgo - e * 60 - rng.int(0, 20);
    const when = visitTime(anchorMs, daysAgo, last, e + pid.length + seed.birthDate.charCodeAt(9));
    // Blood is drawn a quarter of an hour after the vital signs are taken.
    const drawn = new Date(Date.parse(when) + 15 * 60_000).toISOString();
    const encId = `${pid}-enc-${e}`;
    out.push(encounterResource(encId, pid, when, last ? s.complaint : 'Follow-up visit'));
    const value = (k: Exclude<VitalOrLab, 'sbp' | 'dbp'>): number => {
      const [, , , mean, spread, decimals] = MEASURES[k];
      const base = s.baseline?.[k] ?? mean;
      // A chronic problem's values vary less around a raised baseline than healthy values around the mean.
      return last && s.latest?.[k] !== undefined ? s.latest[k]! : rng.around(base, s.baseline?.[k] !== undefined ? spread / 2 : spread, decimals);
    };
    let n = 0;
    const obsId = (): string => `${encId}-obs-${n++}`;
    for (const k of ['hr', 'rr', 'temp', 'spo2'] as const) {
      const [code, display, unit, , , , cat] = MEASURES[k];
      out.push(quantityObservation(obsId(), pid, encId, when, code, display, value(k), unit, cat));
    }
    const sbp = last && s.latest?.sbp !== undefined ? s.latest.sbp : rng.around(s.baseline?.sbp ?? 124, s.baseline?.sbp !== undefined ? 6 : 14);
    const dbp = last && s.latest?.dbp !== undefined ? s.latest.dbp : rng.around(s.baseline?.dbp ?? 78, s.baseline?.dbp !== undefined ? 4 : 8);
    out.push(bloodPressureObservation(obsId(), pid, encId, when, sbp, dbp));
    const labs = e % 2 === 0 || last ? (['creatinine', 'potassium', 'sodium', 'glucose', 'bun', 'hba1c'] as const) : (['glucose'] as const);
    for (const k of labs) {
      const [code, display, unit, , , , cat] = MEASURES[k];
      out.push(quantityObservation(obsId(), pid, encId, drawn, code, display, value(k), unit, cat, labRange(k, seed.gender)));
    }
    const inr = labs.length > 1 ? s.inr?.[Math.min(e, s.inr.length - 1)] : undefined;
    if (inr !== undefined) out.push(quantityObservation(`${encId}-inr`, pid, encId, drawn, INR[0], INR[1], inr, INR[2], 'laboratory', INR_TARGET));
    if (last && scoreInputs) {
      out.push(quantityObservation(`${encId}-gcs`, pid, encId, when, GCS[0], GCS[1], s.gcs ?? 15, GCS[2], 'vital-signs'));
      out.push(quantityObservation(`${encId}-o2`, pid, encId, when, OXYGEN_FLOW[0], OXYGEN_FLOW[1], 0, OXYGEN_FLOW[2], 'vital-signs'));
    }
    // A note knows only the problems and medications that existed on its day.
    const problems = s.conditions.filter((_, i) => onsetDaysAgo[i]! >= daysAgo).map(([, d]) => d.replace(/ \((disorder|finding)\)$/, '').toLowerCase());
    const meds = s.medications.filter((_, i) => medDaysAgo[i]! >= daysAgo).map(([, d]) => d);
    const text = [
      `${when.slice(0, 10)}`,
      '',
      '# Chief Complaint',
      `- ${last ? s.complaint : 'follow-up'}`,
      '',
      '# History of Present Illness',
      `${seed.given} ${seed.family} is a ${age} year-old ${seed.gender}${problems.length ? ` with a history of ${problems.join(', ')}` : ''}.`,
      last ? `Presents today with ${s.complaint}.` : 'Seen for routine follow-up; no new complaints.',
      '',
      '# Medications',
      ...(meds.length ? meds.map((m) => `- ${m}`) : ['- none']),
      '',
      '# Assessment and Plan',
      last ? `Assessment of ${s.complaint}. Plan discussed with the patient.` : 'Stable. Continue current plan and review in two months.',
    ].join('\n');
    out.push(noteResource(`${encId}-note`, pid, encId, when, text));
  }
  return out;
}

/** One demo patient and why it is there. */
export interface DemoPatient {
  id: string;
  name: string;
  flags: string;
}

/** The demo clinic: its resources (Patients first) and a list of who is who. */
export function generateDemoClinic(options: { seed?: number; anchor?: string } = {}): { resources: JsonObject[]; patients: DemoPatient[] } {
  const rng = createRng(options.seed ?? 20260115);
  const anchorMs = Date.parse(options.anchor ?? DEMO_ANCHOR);
  const resources: JsonObject[] = [];
  const patients: DemoPatient[] = [];
  SCENARIOS.forEach((s, i) => {
    const id = `demo-${String(i + 1).padStart(2, '0')}`;
    const seed: PatientSeed = { ...s.patient, id, mrn: `MRN-${String(100231 + i * 17)}` };
    resources.push(...patientRecords(rng, seed, s, anchorMs, 4 + (i % 3), true));
    patients.push({ id, name: `${s.patient.given} ${s.patient.family}`, flags: s.flags });
  });
  return { resources, patients };
}

const COMMON_CONDITIONS: [string, string][] = [
  ['38341003', 'Hypertension (disorder)'], ['44054006', 'Diabetes mellitus type 2 (disorder)'], ['55822004', 'Hyperlipidemia (disorder)'],
  ['195967001', 'Asthma (disorder)'], ['40055000', 'Chronic sinusitis (disorder)'], ['271737000', 'Anemia (disorder)'],
];
const COMMON_MEDS: [string, string][] = [
  ['314076', 'lisinopril 10 MG Oral Tablet'], ['860975', '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet'],
  ['314231', 'simvastatin 20 MG Oral Tablet'], ['308136', 'amlodipine 2.5 MG Oral Tablet'], ['198440', 'acetaminophen 500 MG Oral Tablet'],
];

/**
 * Generated patients for benchmarks: patient `index` of a seeded population, about 50
 * resources each (`encounters` visits of ~10 resources, plus problems and medications).
 */
export function generatePatient(seed: number, index: number, encounters = 4, anchor = DEMO_ANCHOR): JsonObject[] {
  const rng = createRng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const year = rng.int(1930, 2010);
  const p: PatientSeed = {
    id: `gen-${seed}-${index}`,
    mrn: `G${String(index).padStart(8, '0')}`,
    given: rng.pick(GIVEN),
    family: rng.pick(FAMILY),
    gender: rng.next() < 0.5 ? 'female' : 'male',
    birthDate: `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
  };
  const conditions = Array.from({ length: rng.int(2, 4) }, () => rng.pick(COMMON_CONDITIONS));
  const medications = Array.from({ length: rng.int(2, 4) }, () => rng.pick(COMMON_MEDS));
  return patientRecords(rng, p, { conditions, medications, complaint: 'routine review' }, Date.parse(anchor), encounters);
}
