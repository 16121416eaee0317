/** Medications (MedicationRequest): name, dosage text, status. */
import type { MedicationRequest } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDate } from '../../fhir/display';
import { SummaryListPanel } from './SummaryListPanel';

/** The medication's name, from the concept or the reference's display. */
export function medicationName(m: MedicationRequest): string {
  return conceptText(m.medicationCodeableConcept) || m.medicationReference?.display || '';
}

export function MedicationList({ medications }: { medications: readonly MedicationRequest[] }) {
  const { t, language } = useI18n();
  const rows = medications.map((m, i) => ({
    key: m.id ?? String(i),
    name: medicationName(m),
    detail: [m.dosageInstruction?.[0]?.text, m.status, formatDate(m.authoredOn, language)].filter(Boolean).join(' · '),
    inactive: m.status !== 'active',
  }));
  return <SummaryListPanel id="meds-title" title={t('chart.medications')} rows={rows} testId="medication-list" />;
}
