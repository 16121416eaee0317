/**
 * Laboratory result entry: the test chosen by its everyday name (the LOINC code and name are
 * shown for the chosen unit), the value checked as typed, and when the sample was taken.
 */
import type { Reference } from 'fhir/r4';
import { useId } from 'react';
import type { RecordsPort } from '../../api/ports';
import { useI18n, type MessageKey } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { LAB_TESTS, labTest } from './labCatalogue';
import { draftUnit, labIssue, labObservation, type LabDraft, type LabIssue } from './labEntry';
import { EntryFormFrame } from './EntryFormFrame';
import { useEntryForm } from './useEntryForm';

interface Props {
  patientId: string;
  records: RecordsPort;
  performer: Reference | undefined;
  encounter: Reference | undefined;
  onSaved: () => void;
}

/** Now as `<input type="datetime-local">` writes it (local time, to the minute). */
function localNow(): string {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function LabForm({ patientId, records, performer, encounter, onSaved }: Props) {
  const { t, language } = useI18n();
  const id = useId();
  const form = useEntryForm<LabDraft>(() => ({ testId: '', unit: '', value: '', taken: localNow() }), records, onSaved);
  const { draft, set, save } = form;
  const issue = labIssue(draft, new Date());
  const unit = draftUnit(draft);
  const test = labTest(draft.testId);
  const shown = issue && issue.kind !== 'no-test' && issue.kind !== 'no-value' ? issue : null;
  const issueText = (i: LabIssue): string =>
    i.kind === 'out-of-range' ? t('entry.vitals.range', { min: formatNumber(i.min, language), max: formatNumber(i.max, language), unit: i.unit }) : t(`entry.lab.${i.kind}` as MessageKey);

  const submit = async () => {
    if (issue) return;
    const resource = labObservation(draft, { patientId, ...(performer ? { performer } : {}), ...(encounter ? { encounter } : {}) });
    await save([resource], t('entry.lab.saved', { test: t(`entry.lab.test.${draft.testId}` as MessageKey) }));
  };

  return (
    <EntryFormFrame name="lab" title={t('entry.lab.title')} saveLabel={t('entry.lab.save')} canSave={issue === null} form={form} onSubmit={() => void submit()}>
      <div className="entry-grid">
        <label className="field">
          <span>{t('entry.lab.test')}</span>
          <select value={draft.testId} onChange={(e) => set({ testId: e.target.value, unit: '' })} data-testid="lab-test">
            <option value="">{t('entry.lab.choose')}</option>
            {LAB_TESTS.map((x) => (
              <option key={x.id} value={x.id}>
                {t(`entry.lab.test.${x.id}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('entry.lab.value')}</span>
          <input
            inputMode="decimal"
            value={draft.value}
            onChange={(e) => set({ value: e.target.value })}
            aria-invalid={shown && shown.kind !== 'taken-future' && shown.kind !== 'taken-missing' ? true : undefined}
            aria-describedby={shown ? `${id}-error` : undefined}
            data-testid="lab-value"
          />
        </label>
        <label className="field">
          <span>{t('entry.lab.unit')}</span>
          <select value={unit?.ucum ?? ''} disabled={!test || test.units.length < 2} onChange={(e) => set({ unit: e.target.value })} data-testid="lab-unit">
            {(test?.units ?? []).map((u) => (
              <option key={u.ucum} value={u.ucum}>
                {u.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('entry.lab.taken')}</span>
          <input type="datetime-local" value={draft.taken} onChange={(e) => set({ taken: e.target.value })} data-testid="lab-taken" />
        </label>
      </div>
      {unit && (
        <p className="muted" data-testid="lab-loinc">
          {t('entry.lab.loinc', { code: unit.loinc, name: unit.loincName })}
        </p>
      )}
      {shown && (
        <p className="field-error" id={`${id}-error`}>
          {issueText(shown)}
        </p>
      )}
    </EntryFormFrame>
  );
}
