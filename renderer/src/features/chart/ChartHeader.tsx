/** The chart header: name, sex, age and birth date, MRN; the allergy banner right under it. */
import type { AllergyIntolerance, Patient } from 'fhir/r4';
import { useI18n, type MessageKey } from '../../i18n';
import { ageInYears, formatDate, patientMrn, patientName } from '../../fhir/display';
import { AllergyBanner } from './AllergyBanner';

export function ChartHeader({ patient, allergies }: { patient: Patient; allergies: readonly AllergyIntolerance[] }) {
  const { t, language } = useI18n();
  const age = ageInYears(patient.birthDate);
  return (
    <header className="chart-header">
      <h1 id="chart-title" data-testid="chart-patient-name">
        {patientName(patient)}
      </h1>
      <dl className="demographics">
        <div>
          <dt>{t('patient.sex')}</dt>
          <dd>{t(`gender.${patient.gender ?? 'unknown'}` as MessageKey)}</dd>
        </div>
        <div>
          <dt>{t('patient.born')}</dt>
          <dd>
            {formatDate(patient.birthDate, language)}
            {age !== null && ` (${t('patient.age', { age })})`}
          </dd>
        </div>
        <div>
          <dt>{t('patient.mrn')}</dt>
          <dd>{patientMrn(patient)}</dd>
        </div>
      </dl>
      <AllergyBanner allergies={allergies} />
    </header>
  );
}
