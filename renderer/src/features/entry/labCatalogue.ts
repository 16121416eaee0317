/**
 * Common laboratory tests, chosen by their everyday name, with the LOINC code for each unit
 * (LOINC distinguishes mass from molar concentration, so creatinine in mg/dL and in µmol/L are
 * different codes). Codes from the LOINC table (https://loinc.org), units in UCUM. The limits
 * are plausibility limits of an entry (a value outside is almost surely a typo or a unit mix-up),
 * not reference ranges; they are Bedside's choice, documented in docs/records.md. The codes are
 * the ones the CDS rules read (electron/services/cds/observationCodes.ts), so an entered
 * potassium of 6.8 raises the same critical-value card as an imported one.
 */

/** One unit a test can be entered in. */
export interface LabUnit {
  /** UCUM code. */
  ucum: string;
  /** As shown. */
  label: string;
  loinc: string;
  loincName: string;
  min: number;
  max: number;
}

/** One test. */
export interface LabTest {
  id: string;
  /** The everyday name (message key suffix: entry.lab.test.<id>). */
  units: readonly LabUnit[];
}

export const LAB_TESTS: readonly LabTest[] = [
  { id: 'creatinine', units: [
    { ucum: 'umol/L', label: 'µmol/L', loinc: '14682-9', loincName: 'Creatinine [Moles/volume] in Serum or Plasma', min: 10, max: 2500 },
    { ucum: 'mg/dL', label: 'mg/dL', loinc: '2160-0', loincName: 'Creatinine [Mass/volume] in Serum or Plasma', min: 0.1, max: 28 },
  ] },
  { id: 'potassium', units: [{ ucum: 'mmol/L', label: 'mmol/L', loinc: '2823-3', loincName: 'Potassium [Moles/volume] in Serum or Plasma', min: 0.5, max: 15 }] },
  { id: 'sodium', units: [{ ucum: 'mmol/L', label: 'mmol/L', loinc: '2951-2', loincName: 'Sodium [Moles/volume] in Serum or Plasma', min: 80, max: 220 }] },
  { id: 'glucose', units: [
    { ucum: 'mmol/L', label: 'mmol/L', loinc: '14749-6', loincName: 'Glucose [Moles/volume] in Serum or Plasma', min: 0.5, max: 110 },
    { ucum: 'mg/dL', label: 'mg/dL', loinc: '2345-7', loincName: 'Glucose [Mass/volume] in Serum or Plasma', min: 9, max: 2000 },
  ] },
  { id: 'hba1c', units: [{ ucum: '%', label: '%', loinc: '4548-4', loincName: 'Hemoglobin A1c/Hemoglobin.total in Blood', min: 2, max: 25 }] },
  { id: 'inr', units: [{ ucum: '{INR}', label: 'INR', loinc: '6301-6', loincName: 'INR in Platelet poor plasma by Coagulation assay', min: 0.5, max: 20 }] },
  { id: 'haemoglobin', units: [
    { ucum: 'g/L', label: 'g/L', loinc: '718-7', loincName: 'Hemoglobin [Mass/volume] in Blood', min: 20, max: 260 },
    { ucum: 'g/dL', label: 'g/dL', loinc: '718-7', loincName: 'Hemoglobin [Mass/volume] in Blood', min: 2, max: 26 },
  ] },
  { id: 'wbc', units: [{ ucum: '10*9/L', label: '×10⁹/L', loinc: '6690-2', loincName: 'Leukocytes [#/volume] in Blood by Automated count', min: 0.1, max: 500 }] },
  { id: 'platelets', units: [{ ucum: '10*9/L', label: '×10⁹/L', loinc: '777-3', loincName: 'Platelets [#/volume] in Blood by Automated count', min: 1, max: 3000 }] },
  { id: 'crp', units: [{ ucum: 'mg/L', label: 'mg/L', loinc: '1988-5', loincName: 'C reactive protein [Mass/volume] in Serum or Plasma', min: 0, max: 700 }] },
  { id: 'urea', units: [{ ucum: 'mmol/L', label: 'mmol/L', loinc: '22664-7', loincName: 'Urea [Moles/volume] in Serum or Plasma', min: 0.5, max: 150 }] },
  { id: 'lactate', units: [{ ucum: 'mmol/L', label: 'mmol/L', loinc: '2524-7', loincName: 'Lactate [Moles/volume] in Serum or Plasma', min: 0.1, max: 30 }] },
];

/** A test by id. */
export function labTest(id: string): LabTest | undefined {
  return LAB_TESTS.find((t) => t.id === id);
}
