/** Immunization entry: vaccine (CVX-coded list or free text), date given, lot number, given or not. */
import type { Reference } from 'fhir/r4';
import { useId } from 'react';
import type { RecordsPort } from '../../api/ports';
import { useI18n, type MessageKey } from '../../i18n';
import { VACCINES, immunizationIssue, immunizationResource, type ImmunizationDraft } from './immunizationEntry';
import { EntryFormFrame } from './EntryFormFrame';
import { useEntryForm } from './useEntryForm';

interface Props {
  patientId: string;
  birthDate: string | undefined;
  records: RecordsPort;
  performer: Reference | undefined;
  encounter: Reference | undefined;
  onSaved: () => void;
}

const today = () => {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};

export function ImmunizationForm({ patientId, birthDate, records, performer, encounter, onSaved }: Props) {
  const { t } = useI18n();
  const id = useId();
  const form = useEntryForm<ImmunizationDraft>(() => ({ vaccine: '', otherName: '', date: today(), lot: '', given: true }), records, onSaved);
  const { draft, set, save } = form;
  const issue = immunizationIssue(draft, today(), birthDate);
  const shown = issue && issue !== 'no-vaccine' ? issue : null;

  const submit = async () => {
    if (issue) return;
    const resource = immunizationResource(draft, { patientId, recorded: new Date().toISOString(), ...(performer ? { performer } : {}), ...(encounter ? { encounter } : {}) });
    await save([resource], t('entry.immunization.saved', { vaccine: resource.vaccineCode.text ?? '' }));
  };

  return (
    <EntryFormFrame name="immunization" title={t('entry.immunization.title')} saveLabel={t('entry.immunization.save')} canSave={issue === null} form={form} onSubmit={() => void submit()}>
      <div className="entry-grid">
        <label className="field">
          <span>{t('entry.immunization.vaccine')}</span>
          <select value={draft.vaccine} onChange={(e) => set({ vaccine: e.target.value })} data-testid="immunization-vaccine">
            <option value="">{t('entry.lab.choose')}</option>
            {VACCINES.map((v) => (
              <option key={v.code} value={v.code}>
                {v.display} (CVX {v.code})
              </option>
            ))}
            <option value="other">{t('entry.immunization.other')}</option>
          </select>
        </label>
        {draft.vaccine === 'other' && (
          <label className="field">
            <span>{t('entry.immunization.otherName')}</span>
            <input value={draft.otherName} onChange={(e) => set({ otherName: e.target.value })} />
          </label>
        )}
        <label className="field">
          <span>{t('entry.immunization.date')}</span>
          <input type="date" value={draft.date} aria-invalid={shown ? true : undefined} aria-describedby={shown ? `${id}-error` : undefined} onChange={(e) => set({ date: e.target.value })} data-testid="immunization-date" />
        </label>
        <label className="field">
          <span>{t('entry.immunization.lot')}</span>
          <input value={draft.lot} onChange={(e) => set({ lot: e.target.value })} />
        </label>
        <label className="field-inline">
          <input type="checkbox" checked={!draft.given} onChange={(e) => set({ given: !e.target.checked })} />
          <span>{t('entry.immunization.notGiven')}</span>
        </label>
      </div>
      {shown && (
        <p className="field-error" id={`${id}-error`}>
          {t(`entry.immunization.${shown}` as MessageKey)}
        </p>
      )}
    </EntryFormFrame>
  );
}
