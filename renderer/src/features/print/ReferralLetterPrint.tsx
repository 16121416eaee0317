/** The printable referral letter: to whom, why, and the patient's essentials. */
import type { Patient } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDate, patientMrn, patientName } from '../../fhir/display';
import { isActiveProblem, type ChartSections } from '../chart/chartModel';
import { medicationName } from '../chart/MedicationList';
import type { ClinicIdentity } from './clinicIdentity';
import { Letterhead } from './Letterhead';

interface Props {
  patient: Patient;
  sections: ChartSections;
  to: string;
  reason: string;
  /** The clinic the letter comes from (null: not set yet). */
  clinic?: ClinicIdentity | null;
  /** The signed-in clinician who signs it. */
  clinician?: string;
}

export function ReferralLetterPrint({ patient, sections, to, reason, clinic, clinician }: Props) {
  const { t, language } = useI18n();
  return (
    <article className="print-doc" aria-label={t('print.referral')}>
      <Letterhead clinic={clinic} />
      <p>{formatDate(new Date().toISOString(), language)}</p>
      <p>{t('print.referralTo', { to })}</p>
      <h1>{t('print.referralRe', { name: patientName(patient), born: formatDate(patient.birthDate, language), mrn: patientMrn(patient) || '—' })}</h1>
      <p>{t('print.referralOpening')}</p>
      <p className="print-reason">{reason}</p>
      <h2>{t('chart.problems')}</h2>
      <ul>{sections.problems.filter(isActiveProblem).map((c, i) => <li key={i}>{conceptText(c.code)}</li>)}</ul>
      <h2>{t('chart.medications')}</h2>
      <ul>{sections.medications.filter((m) => m.status === 'active').map((m, i) => <li key={i}>{medicationName(m)}</li>)}</ul>
      <h2>{t('chart.allergies')}</h2>
      <p>{sections.allergies.map((a) => conceptText(a.code)).join(', ') || t('allergy.notRecorded')}</p>
      <p>{t('print.referralClosing')}</p>
      {clinician && (
        <p className="print-signature" data-testid="print-signature">
          {clinician}
          {clinic && <br />}
          {clinic?.name}
        </p>
      )}
    </article>
  );
}
