/**
 * LOINC codes the rules read, as Synthea writes them (synthea `src/main/resources/modules`,
 * observations coded with LOINC; checked against the LOINC table, https://loinc.org).
 * Several codes per concept because Synthea and other sources use both serum and
 * serum/plasma (or pulse oximetry and arterial) variants.
 */
export const LOINC = {
  /** 2160-0 Creatinine [Mass/volume] in Serum or Plasma; 38483-4 Creatinine [Mass/volume] in Blood (Synthea); 14682-9 Creatinine [Moles/volume] in Serum or Plasma (µmol/L, as entered outside the US; converted by unit). */
  creatinine: ['2160-0', '38483-4', '14682-9'],
  /** 6299-2 Urea nitrogen [Mass/volume] in Blood (Synthea); 3094-0 in Serum or Plasma. */
  ureaNitrogen: ['6299-2', '3094-0'],
  /** 22664-7 Urea [Moles/volume] in Serum or Plasma (mmol/L, used outside the US). */
  ureaMolar: ['22664-7'],
  /** 8867-4 Heart rate. */
  heartRate: ['8867-4'],
  /** 9279-1 Respiratory rate. */
  respiratoryRate: ['9279-1'],
  /** 85354-9 Blood pressure panel; systolic and diastolic arrive as its components. */
  bloodPressurePanel: ['85354-9', '55284-4'],
  /** 8480-6 Systolic blood pressure. */
  systolic: ['8480-6'],
  /** 8462-4 Diastolic blood pressure. */
  diastolic: ['8462-4'],
  /** 8310-5 Body temperature; 8331-1 Oral temperature. */
  temperature: ['8310-5', '8331-1'],
  /** 2708-6 Oxygen saturation in Arterial blood; 59408-5 by pulse oximetry. */
  spo2: ['59408-5', '2708-6'],
  /** 9269-2 Glasgow coma score total. */
  gcs: ['9269-2'],
  /** 3151-8 Inhaled oxygen flow rate (0 = room air). */
  inhaledOxygenFlow: ['3151-8'],
  /** 3150-0 Inhaled oxygen concentration (FiO2; 21% = room air). */
  inhaledOxygenConcentration: ['3150-0'],
  /** 6298-4 Potassium [Moles/volume] in Blood (Synthea); 2823-3 in Serum or Plasma. */
  potassium: ['6298-4', '2823-3'],
  /** 2947-0 Sodium [Moles/volume] in Blood (Synthea); 2951-2 in Serum or Plasma. */
  sodium: ['2947-0', '2951-2'],
  /** 2339-0 Glucose [Mass/volume] in Blood (Synthea); 2345-7 in Serum or Plasma; 14749-6 Glucose [Moles/volume] in Serum or Plasma (mmol/L; converted by unit). */
  glucose: ['2339-0', '2345-7', '14749-6'],
} as const satisfies Record<string, readonly string[]>;

/** A concept name from the LOINC table above. */
export type LoincConcept = keyof typeof LOINC;
