/** The line under a patient's name in search results: age, sex, birth date and MRN, so two namesakes are told apart at a glance. */
import type { PatientSummary } from '../../api/ports';
import { ageInYears, formatDate, patientMrn } from '../../fhir/display';
import type { MessageKey } from '../../i18n';

const SEX_KEY: Record<string, MessageKey> = { female: 'patients.sex.female', male: 'patients.sex.male', other: 'patients.sex.other', unknown: 'patients.sex.unknown' };

/** "54 y · female · Born Mar 12, 1971 · MRN 100231" (or the language's way); age and sex are left out when unknown. */
export function patientRow(p: Pick<PatientSummary, 'birthDate' | 'gender' | 'identifier'>, t: (key: MessageKey, params?: Record<string, string | number>) => string, language: string, now = new Date()): string {
  const age = ageInYears(p.birthDate, now);
  const parts = [
    ...(age !== null ? [t('patients.age', { age })] : []),
    ...(p.gender ? [t(SEX_KEY[p.gender] ?? 'patients.sex.unknown')] : []),
    t('patients.row', { born: formatDate(p.birthDate, language), mrn: patientMrn(p) || '—' }),
  ];
  return parts.join(' · ');
}
