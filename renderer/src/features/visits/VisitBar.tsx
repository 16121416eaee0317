/**
 * The visit bar on the chart: start a visit, see the open one (since when, with whom) and close
 * it. Entry forms and notes link what they write to the open visit.
 */
import type { Encounter } from 'fhir/r4';
import { useState } from 'react';
import type { RecordsPort } from '../../api/ports';
import { formatDateTime } from '../../fhir/display';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { useSessionUser } from '../auth/session';
import { closedVisit, newVisit, visitClinicians } from './encounter';

interface Props {
  patientId: string;
  visit: (Encounter & { id: string }) | undefined;
  records: RecordsPort;
  /** Notes written in this visit and not signed yet (shown before closing it). */
  unsignedNotes?: number;
  onChanged: () => void;
}

export function VisitBar({ patientId, visit, records, unsignedNotes = 0, onChanged }: Props) {
  const { t, language } = useI18n();
  const user = useSessionUser();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (resource: Encounter, expectedVersionId?: string) => {
    setBusy(true);
    setError(null);
    const r = await records.saveResource(expectedVersionId ? { resource, expectedVersionId } : { resource });
    setBusy(false);
    if (r.ok) onChanged();
    else setError(r.error.message);
  };
  return (
    <section className="visit-bar" aria-label={t('visit.label')} data-testid="visit-bar">
      {visit ? (
        <>
          <span data-testid="visit-status">
            {t('visit.open', { since: formatDateTime(visit.period?.start, language), who: visitClinicians(visit).join(', ') || '—' })}
          </span>
          {unsignedNotes > 0 && (
            <span className="visit-warning" data-testid="visit-unsigned">
              {t('visit.unsigned', { count: unsignedNotes })}
            </span>
          )}
          <button type="button" disabled={busy} onClick={() => void save(closedVisit(visit), visit.meta?.versionId)} data-testid="visit-close">
            {t('visit.close')}
          </button>
        </>
      ) : (
        <>
          <span className="muted">{t('visit.none')}</span>
          <button type="button" className="primary" disabled={busy} onClick={() => void save(newVisit(patientId, user))} data-testid="visit-start">
            {t('visit.start')}
          </button>
        </>
      )}
      <ErrorText message={error} />
    </section>
  );
}
