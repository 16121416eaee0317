/** Patients opened recently on this workstation, one click (or Tab + Enter) away. */
import { useI18n } from '../../i18n';
import { formatDate } from '../../fhir/display';
import type { RecentPatient } from './recentPatients';

export function RecentPatients({ recent, onOpen }: { recent: readonly RecentPatient[]; onOpen: (id: string) => void }) {
  const { t, language } = useI18n();
  return (
    <section className="panel" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('patients.recent')}</h2>
      {recent.length === 0 ? (
        <p className="muted">{t('patients.recentNone')}</p>
      ) : (
        <ul className="plain-list" data-testid="recent-patients">
          {recent.map((p) => (
            <li key={p.id}>
              <button type="button" className="link-button" onClick={() => onOpen(p.id)}>
                {p.name}
              </button>
              <span className="muted">{t('patients.row', { born: formatDate(p.birthDate, language), mrn: p.mrn || '—' })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
