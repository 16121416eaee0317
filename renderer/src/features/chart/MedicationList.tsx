/** Medications (MedicationRequest): name, dosage text, status. */
import type { MedicationRequest } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDate } from '../../fhir/display';

/** The medication's name, from the concept or the reference's display. */
export function medicationName(m: MedicationRequest): string {
  return conceptText(m.medicationCodeableConcept) || m.medicationReference?.display || '';
}

export function MedicationList({ medications }: { medications: readonly MedicationRequest[] }) {
  const { t, language } = useI18n();
  return (
    <section className="panel" aria-labelledby="meds-title">
      <h2 id="meds-title">{t('chart.medications')}</h2>
      {medications.length === 0 ? (
        <p className="muted">{t('chart.none')}</p>
      ) : (
        <ul className="plain-list" data-testid="medication-list">
          {medications.map((m, i) => (
            <li key={m.id ?? i} className={m.status === 'active' ? undefined : 'inactive'}>
              <span>{medicationName(m)}</span>
              <span className="muted">
                {[m.dosageInstruction?.[0]?.text, m.status, formatDate(m.authoredOn, language)].filter(Boolean).join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
