/**
 * Problem entry: name, onset (a year, month or day), clinical status and verification status
 * (provisional by default: a working diagnosis is confirmed later). Clinicians only: the write
 * table lets only them record diagnoses, so the form is not offered to other roles.
 */
import type { Reference } from 'fhir/r4';
import { useId } from 'react';
import type { RecordsPort } from '../../api/ports';
import { useI18n, type MessageKey } from '../../i18n';
import { problemIssue, problemResource, type ProblemClinical, type ProblemDraft, type ProblemVerification } from './problemEntry';
import { EntryFormFrame } from './EntryFormFrame';
import { useEntryForm } from './useEntryForm';

interface Props {
  patientId: string;
  birthDate: string | undefined;
  records: RecordsPort;
  recorder: Reference | undefined;
  encounter: Reference | undefined;
  onSaved: () => void;
}

const EMPTY: ProblemDraft = { name: '', onset: '', clinical: 'active', verification: 'provisional' };

export function ProblemForm({ patientId, birthDate, records, recorder, encounter, onSaved }: Props) {
  const { t } = useI18n();
  const id = useId();
  const form = useEntryForm<ProblemDraft>(() => EMPTY, records, onSaved);
  const { draft, set, save } = form;
  const now = new Date().toISOString();
  const issue = problemIssue(draft, now.slice(0, 10), birthDate);
  const showIssue = issue && issue !== 'no-name';

  const submit = async () => {
    if (issue) return;
    const resource = problemResource(draft, { patientId, recorded: new Date().toISOString(), ...(recorder ? { recorder } : {}), ...(encounter ? { encounter } : {}) });
    await save([resource], t('entry.problem.saved', { name: resource.code?.text ?? '' }));
  };

  return (
    <EntryFormFrame name="problem" title={t('entry.problem.title')} saveLabel={t('entry.problem.save')} canSave={issue === null} form={form} onSubmit={() => void submit()}>
      <div className="entry-grid">
        <label className="field">
          <span>{t('entry.problem.name')}</span>
          <input value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="problem-name" />
        </label>
        <label className="field">
          <span>{t('entry.problem.onset')}</span>
          <input
            value={draft.onset}
            placeholder="YYYY-MM-DD"
            aria-invalid={showIssue ? true : undefined}
            aria-describedby={showIssue ? `${id}-onset-error` : undefined}
            onChange={(e) => set({ onset: e.target.value })}
            data-testid="problem-onset"
          />
          {showIssue && (
            <span className="field-error" id={`${id}-onset-error`}>
              {t(`entry.problem.${issue}` as MessageKey)}
            </span>
          )}
        </label>
        <label className="field">
          <span>{t('entry.clinicalStatus')}</span>
          <select value={draft.clinical} onChange={(e) => set({ clinical: e.target.value as ProblemClinical })}>
            <option value="active">{t('entry.status.active')}</option>
            <option value="inactive">{t('entry.status.inactive')}</option>
            <option value="resolved">{t('entry.status.resolved')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('entry.verificationStatus')}</span>
          <select value={draft.verification} onChange={(e) => set({ verification: e.target.value as ProblemVerification })} data-testid="problem-verification">
            <option value="provisional">{t('entry.status.provisional')}</option>
            <option value="confirmed">{t('entry.status.confirmed')}</option>
            <option value="refuted">{t('entry.status.refuted')}</option>
          </select>
        </label>
      </div>
    </EntryFormFrame>
  );
}
