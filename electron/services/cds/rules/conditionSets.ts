/**
 * Condition value sets used by the scores: SNOMED CT codes as Synthea records them, plus text
 * patterns for records coded elsewhere. Codes from the SNOMED CT browser (https://browser.ihtsdotools.org).
 */
import type { Condition } from 'fhir/r4';
import { conceptCodes, conceptTexts } from '../chart';

/** A named set of conditions: codes, text patterns, and text that must not match. */
export interface ConditionSet {
  readonly label: string;
  readonly snomed: readonly string[];
  readonly text: RegExp;
  readonly notText?: RegExp;
}

/** Conditions from `conditions` that belong to the set. */
export function matchingConditions(conditions: readonly Condition[], set: ConditionSet): Condition[] {
  return conditions.filter((c) => {
    if (conceptCodes(c.code).some((code) => set.snomed.includes(code))) return true;
    return conceptTexts(c.code).some((t) => set.text.test(t) && !(set.notText?.test(t) ?? false));
  });
}

/** 49436004 Atrial fibrillation; 282825002 Paroxysmal AF; 440059007 Persistent AF; other AF codes match by text. */
export const ATRIAL_FIBRILLATION: ConditionSet = { label: 'atrial fibrillation', snomed: ['49436004', '282825002', '440059007'], text: /atrial fibrillation/i };

/** 233604007 Pneumonia; 385093006 Community-acquired pneumonia; 53084003 Bacterial pneumonia. */
export const PNEUMONIA: ConditionSet = { label: 'pneumonia', snomed: ['233604007', '385093006', '53084003'], text: /pneumonia/i, notText: /history of|vaccin/i };

/** Suspected or confirmed infection (qSOFA applies): sepsis 91302008, pneumonia, UTI 68566005 / 301011002, pyelonephritis 45816000, cellulitis 128045006, COVID-19 840539006. */
export const INFECTION: ConditionSet = {
  label: 'infection',
  snomed: ['91302008', '233604007', '385093006', '53084003', '68566005', '301011002', '45816000', '128045006', '840539006'],
  text: /sepsis|septic|pneumonia|infection|cellulitis|pyelonephritis|bacteremia|abscess/i,
  notText: /history of|screening/i,
};

/** CHA2DS2-VASc C: 84114007 Heart failure; 88805009 Chronic congestive heart failure; 42343007 Congestive heart failure. */
export const HEART_FAILURE: ConditionSet = { label: 'congestive heart failure', snomed: ['84114007', '88805009', '42343007'], text: /heart failure/i };

/** CHA2DS2-VASc H: 59621000 Essential hypertension; 38341003 Hypertensive disorder; 1201005 Benign essential hypertension. */
export const HYPERTENSION: ConditionSet = {
  label: 'hypertension',
  snomed: ['59621000', '38341003', '1201005'],
  text: /hypertensi/i,
  notText: /pulmonary|ocular|intracranial|gestational|pre-?eclampsia/i,
};

/** CHA2DS2-VASc D: 44054006 Type 2 DM; 46635009 Type 1 DM; 73211009 DM; diabetic complications Synthea records. */
export const DIABETES: ConditionSet = {
  label: 'diabetes mellitus',
  snomed: ['44054006', '46635009', '73211009', '127013003', '90781000119102', '157141000119108', '422034002', '368581000119106'],
  text: /diabet/i,
  notText: /prediabet|gestational|insipidus|screening/i,
};

/** CHA2DS2-VASc S2: 230690007 Stroke; 266257000 TIA; 422504002 Ischemic stroke; 432504007 Cerebral infarction. */
export const STROKE_TIA_TE: ConditionSet = {
  label: 'stroke, TIA or thromboembolism',
  snomed: ['230690007', '266257000', '422504002', '432504007'],
  text: /stroke|transient isch(a)?emic|cerebral infarction|cerebrovascular accident|systemic embol|arterial embol/i,
  notText: /heat stroke|sunstroke|heatstroke/i,
};

/** CHA2DS2-VASc V: 22298006 MI; 401303003 / 401314000 acute STEMI / NSTEMI; 399211009 History of MI; 399957001 PAD; 53741008 Coronary arteriosclerosis; 414545008 Ischemic heart disease. */
export const VASCULAR_DISEASE: ConditionSet = {
  label: 'vascular disease',
  snomed: ['22298006', '401303003', '401314000', '399211009', '399957001', '53741008', '414545008'],
  text: /myocardial infarction|peripheral arter|aortic plaque|coronary arter|isch(a)?emic heart disease/i,
};
