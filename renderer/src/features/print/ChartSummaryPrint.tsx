/** The printable chart summary: demographics, allergies, active problems, medications, recent results. */
import type { Patient } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDate, formatDateTime, observationValueText, patientMrn, patientName } from '../../fhir/display';
import { isActiveProblem, observationDate, type ChartSections } from '../chart/chartModel';
import { medicationName } from '../chart/MedicationList';
import { visitClinicians } from '../visits/encounter';
import { verificationOf } from '../entry/problemEntry';
import { isSigned, signerName } from '../notes/noteSigning';
import { noteTitleOf } from '../../fhir/noteText';
import type { ClinicIdentity } from './clinicIdentity';
import { Letterhead } from './Letterhead';

interface Props {
  patient: Patient;
  sections: ChartSections;
  /** The clinic printing it (null: not set yet). */
  clinic?: ClinicIdentity | null;
  /** The signed-in clinician who prints it. */
  clinician?: string;
}

export function ChartSummaryPrint({ patient, sections, clinic, clinician }: Props) {
  const { t, language } = useI18n();
  // The latest visit, with the clinicians who took part, and the notes signed (current versions).
  const visit = sections.encounters[0];
  const signed = sections.notes.filter((n) => isSigned(n) && n.status !== 'superseded').slice(0, 10);
  return (
    <article className="print-doc" aria-label={t('print.summary')}>
      <Letterhead clinic={clinic} />
      <h1>{t('print.summaryTitle', { name: patientName(patient) })}</h1>
      <p>{t('print.identity', { born: formatDate(patient.birthDate, language), mrn: patientMrn(patient) || '—' })}</p>
      {visit && (
        <>
          <h2>{t('print.visit')}</h2>
          <p data-testid="print-visit">
            {t('print.visitLine', { start: formatDateTime(visit.period?.start, language), end: visit.period?.end ? formatDateTime(visit.period.end, language) : t('print.visitOpen'), who: visitClinicians(visit).join(', ') || '—' })}
          </p>
        </>
      )}
      <h2>{t('chart.allergies')}</h2>
      <p>{sections.allergies.map((a) => conceptText(a.code)).join(', ') || t('allergy.notRecorded')}</p>
      <h2>{t('chart.problems')}</h2>
      <ul>
        {sections.problems
          .filter((c) => isActiveProblem(c) && verificationOf(c) !== 'refuted' && verificationOf(c) !== 'entered-in-error')
          .map((c, i) => (
            <li key={i}>
              {conceptText(c.code)}
              {verificationOf(c) === 'provisional' || verificationOf(c) === 'differential' ? ` (${t('entry.status.provisional')})` : ''}
            </li>
          ))}
      </ul>
      <h2>{t('chart.medications')}</h2>
      <ul>{sections.medications.filter((m) => m.status === 'active').map((m, i) => <li key={i}>{[medicationName(m), m.dosageInstruction?.[0]?.text].filter(Boolean).join(' — ')}</li>)}</ul>
      <h2>{t('chart.results')}</h2>
      <ul>
        {[...sections.vitals, ...sections.labs].slice(0, 20).map((o, i) => (
          <li key={i}>
            {formatDateTime(observationDate(o), language)} — {conceptText(o.code)}: {observationValueText(o, language)}
          </li>
        ))}
      </ul>
      {signed.length > 0 && (
        <>
          <h2>{t('print.signedNotes')}</h2>
          <ul data-testid="print-signed-notes">
            {signed.map((n, i) => (
              <li key={i}>{t('print.noteLine', { title: noteTitleOf(n) || t('notes.untitled'), name: signerName(n), when: formatDateTime(n.meta?.lastUpdated ?? n.date, language) })}</li>
            ))}
          </ul>
        </>
      )}
      <p className="print-footer" data-testid="print-footer">
        {clinician ? t('print.generatedBy', { date: formatDateTime(new Date().toISOString(), language), clinician }) : t('print.generated', { date: formatDateTime(new Date().toISOString(), language) })}
      </p>
    </article>
  );
}
