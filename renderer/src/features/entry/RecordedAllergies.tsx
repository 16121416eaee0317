/**
 * The allergies on record, with their status in words and, for clinicians, confirm, refute and
 * resolve (status changes: a nurse records what the patient reports; judging it is the
 * clinician's, as the write table says). Each change is saved against the version shown.
 */
import type { AllergyIntolerance } from 'fhir/r4';
import { useState } from 'react';
import type { RecordsPort } from '../../api/ports';
import { conceptText } from '../../fhir/display';
import { useI18n, type MessageKey } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { changedAllergy, isCurrentAllergy, isFreeTextAllergy, type AllergyChange } from './allergyEntry';

interface Props {
  allergies: readonly AllergyIntolerance[];
  records: RecordsPort;
  canJudge: boolean;
  onChanged: () => void;
}

const STATUS_WORDS: Record<string, MessageKey> = {
  active: 'entry.status.active',
  inactive: 'entry.status.inactive',
  resolved: 'entry.status.resolved',
  unconfirmed: 'entry.status.unconfirmed',
  confirmed: 'entry.status.confirmed',
  refuted: 'entry.status.refuted',
};

export function RecordedAllergies({ allergies, records, canJudge, onChanged }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (allergies.length === 0) return null;
  const apply = async (a: AllergyIntolerance, change: AllergyChange) => {
    setBusy(true);
    setError(null);
    const r = await records.saveResource({ resource: changedAllergy(a, change), ...(a.meta?.versionId ? { expectedVersionId: a.meta.versionId } : {}) });
    setBusy(false);
    if (r.ok) onChanged();
    else setError(r.error.message);
  };
  const words = (code: string | undefined) => (code && STATUS_WORDS[code] ? t(STATUS_WORDS[code]) : code ?? '');
  return (
    <section className="panel" aria-labelledby="recorded-allergies-title" data-testid="recorded-allergies">
      <h2 id="recorded-allergies-title">{t('entry.allergy.recorded')}</h2>
      <ul className="plain-list">
        {allergies.map((a, i) => {
          const name = conceptText(a.code);
          const verification = a.verificationStatus?.coding?.[0]?.code;
          const current = isCurrentAllergy(a);
          return (
            <li key={a.id ?? i} className={current ? undefined : 'inactive'}>
              <span>
                {name}
                {isFreeTextAllergy(a) && <em> {t('entry.allergy.freeTextTag')}</em>}
              </span>
              <span className="muted">{[words(a.clinicalStatus?.coding?.[0]?.code), words(verification)].filter(Boolean).join(' · ')}</span>
              {canJudge && current && a.id && (
                <span className="row-actions">
                  {verification !== 'confirmed' && (
                    <button type="button" className="small" disabled={busy} aria-label={`${t('entry.problem.confirm')}: ${name}`} onClick={() => void apply(a, 'confirm')}>
                      {t('entry.problem.confirm')}
                    </button>
                  )}
                  <button type="button" className="small" disabled={busy} aria-label={`${t('entry.problem.refute')}: ${name}`} onClick={() => void apply(a, 'refute')}>
                    {t('entry.problem.refute')}
                  </button>
                  <button type="button" className="small" disabled={busy} aria-label={`${t('entry.problem.resolve')}: ${name}`} onClick={() => void apply(a, 'resolve')}>
                    {t('entry.problem.resolve')}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <ErrorText message={error} />
    </section>
  );
}
