/**
 * Today's patients: the visits started today on this workstation's clock, and every visit still
 * open (a patient seen yesterday whose visit was never closed stays listed until it is), with
 * the visit's status, time and clinicians. Choosing a row opens the chart.
 */
import { useEffect, useState } from 'react';
import type { DayVisitDto } from '../../../../electron/contract/channels/records';
import type { RecordsPort } from '../../api/ports';
import { formatDate, formatDateTime } from '../../fhir/display';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';

/** Today on this workstation, as an instant window [midnight, next midnight). */
export function todayWindow(now: Date = new Date()): { from: string; to: string } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}

export function DayList({ records, onOpenId }: { records: RecordsPort; onOpenId: (id: string) => void }) {
  const { t, language } = useI18n();
  const [visits, setVisits] = useState<DayVisitDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void records.dayList(todayWindow()).then((r) => {
      if (!live) return;
      if (r.ok) setVisits(r.value.visits);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [records]);
  const statusKey = (s: string): MessageKey => (s === 'in-progress' ? 'daylist.status.open' : s === 'finished' ? 'daylist.status.finished' : 'daylist.status.other');
  return (
    <section className="panel day-list" aria-labelledby="day-list-title" data-testid="day-list">
      <h2 id="day-list-title">{t('daylist.title', { date: formatDate(new Date().toISOString(), language) })}</h2>
      <ErrorText message={error} />
      {visits === null && !error ? (
        <p role="status">{t('daylist.loading')}</p>
      ) : visits && visits.length === 0 ? (
        <p className="muted">{t('daylist.none')}</p>
      ) : (
        <ul className="plain-list">
          {visits?.map((v) => (
            <li key={v.encounterId} data-status={v.status}>
              <button type="button" className="link-button" onClick={() => onOpenId(v.patient.id)}>
                {v.patient.name}
              </button>
              <span className="muted">
                {t(statusKey(v.status))} · {formatDateTime(v.start ?? undefined, language)}
                {v.clinicians.length ? ` · ${v.clinicians.join(', ')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
