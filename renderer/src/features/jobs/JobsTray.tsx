/** Background work: a progress bar per job, with cancel while it runs. */
import type { JobProgress } from '../../../../electron/contract';
import { useI18n, type MessageKey } from '../../i18n';
import { en } from '../../i18n/en';
import { isFinished } from './jobsState';

interface Props {
  jobs: readonly JobProgress[];
  onCancel?: (jobId: string) => void;
  onClear: () => void;
}

/** The translated name of a kind of background work. */
function kindKey(kind: string): MessageKey {
  const key = `jobs.kind.${kind}`;
  return key in en ? (key as MessageKey) : 'jobs.kind.other';
}

export function JobsTray({ jobs, onCancel, onClear }: Props) {
  const { t } = useI18n();
  if (jobs.length === 0) return null;
  return (
    <section className="jobs-tray" aria-labelledby="jobs-title" data-testid="jobs-tray">
      <h2 id="jobs-title">{t('jobs.title')}</h2>
      <ul className="plain-list">
        {jobs.map((j) => (
          <li key={j.jobId} className={`job job-${j.state}`}>
            <span id={`job-${j.jobId}`}>
              <strong>{t(kindKey(j.kind))}</strong> ({t(`jobs.state.${j.state}`)}){j.state === 'done' ? '' : `: ${j.message}`}
            </span>
            <progress
              aria-labelledby={`job-${j.jobId}`}
              max={1}
              {...(j.fraction !== null ? { value: j.fraction } : {})}
            />
            {!isFinished(j) && onCancel && (
              <button type="button" onClick={() => onCancel(j.jobId)}>
                {t('common.cancel')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {jobs.some(isFinished) && (
        <button type="button" onClick={onClear}>
          {t('jobs.clear')}
        </button>
      )}
    </section>
  );
}
