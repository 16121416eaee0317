/**
 * Short names of common tests as a clinician writes them ("Creatinine", not "Creatinine
 * [Mass/volume] in Serum or Plasma"), by LOINC code; the full LOINC name stays on hover. Codes
 * checked against the LOINC table (https://loinc.org); unknown codes keep the name the data gives.
 */
import type { CodeableConcept } from 'fhir/r4';
import { conceptText } from '../../fhir/display';
import type { MessageKey } from '../../i18n';
import { loincCode } from './referenceRanges';

/** Message key of the short name, by LOINC code. */
export const SHORT_NAME_KEYS: Readonly<Record<string, MessageKey>> = {
  '8867-4': 'test.heartRate',
  '9279-1': 'test.respiratoryRate',
  '59408-5': 'test.spo2',
  '2708-6': 'test.spo2',
  '8310-5': 'test.temperature',
  '8331-1': 'test.oralTemperature',
  '8480-6': 'test.systolic',
  '8462-4': 'test.diastolic',
  '85354-9': 'chart.bp.name',
  '55284-4': 'chart.bp.name',
  '9269-2': 'test.gcs',
  '3151-8': 'test.oxygenFlow',
  '3150-0': 'test.fio2',
  '29463-7': 'test.weight',
  '8302-2': 'test.height',
  '39156-5': 'test.bmi',
  '2160-0': 'test.creatinine',
  '38483-4': 'test.creatinine',
  '6298-4': 'test.potassium',
  '2823-3': 'test.potassium',
  '2951-2': 'test.sodium',
  '2947-0': 'test.sodium',
  '2339-0': 'test.glucose',
  '2345-7': 'test.glucose',
  '4548-4': 'test.hba1c',
  '6299-2': 'test.bun',
  '3094-0': 'test.bun',
  // 6301-6 INR in Platelet poor plasma by Coagulation assay; 34714-6 INR in Blood by Coagulation assay.
  '6301-6': 'test.inr',
  '34714-6': 'test.inr',
  // 33914-3 (MDRD), 62238-1 (CKD-EPI), 98979-8 (CKD-EPI 2021) estimated GFR.
  '33914-3': 'test.egfr',
  '62238-1': 'test.egfr',
  '98979-8': 'test.egfr',
  '718-7': 'test.haemoglobin',
  '6690-2': 'test.wbc',
  '777-3': 'test.platelets',
  '2093-3': 'test.cholesterol',
  '2085-9': 'test.hdl',
  '18262-6': 'test.ldl',
  '13457-7': 'test.ldl',
  '2571-8': 'test.triglycerides',
};

/** A test's short name and, for the hover, its full name with the LOINC code. */
export interface TestName {
  short: string;
  full: string;
}

/** The short name of a coded observation (translated), with its full LOINC name for the hover. */
export function testName(concept: CodeableConcept | undefined, t: (key: MessageKey, params?: Record<string, string | number>) => string): TestName {
  const code = loincCode(concept);
  const given = conceptText(concept);
  const key = code ? SHORT_NAME_KEYS[code] : undefined;
  const loincDisplay = concept?.coding?.find((c) => c.system === 'http://loinc.org' && c.display)?.display ?? given;
  const full = code ? t('chart.obs.loincName', { code, name: loincDisplay }) : given;
  return { short: key ? t(key) : given, full };
}
