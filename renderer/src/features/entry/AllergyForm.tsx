/**
 * Allergy entry: the substance from the drug vocabulary (or free text, flagged), reaction,
 * severity, clinical and verification status. A recorded drug allergy is what the order check
 * reads, so the next prescription of that drug meets an alert.
 */
import type { Reference } from 'fhir/r4';
import type { CdsPort, RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { DrugPicker } from '../orders/DrugPicker';
import { EntryFormFrame } from './EntryFormFrame';
import { useEntryForm } from './useEntryForm';
import { allergyProblem, allergyResource, type AllergyClinical, type AllergyDraft, type AllergyVerification, type Severity } from './allergyEntry';

interface Props {
  patientId: string;
  records: RecordsPort;
  cds: CdsPort | undefined;
  recorder: Reference | undefined;
  encounter: Reference | undefined;
  /** Whether the user may judge an allergy (clinicians): others record it unconfirmed and active. */
  canJudge: boolean;
  onSaved: () => void;
}

const EMPTY: AllergyDraft = { picked: null, freeText: '', notListed: false, reaction: '', severity: '', clinical: 'active', verification: 'unconfirmed' };

export function AllergyForm({ patientId, records, cds, recorder, encounter, canJudge, onSaved }: Props) {
  const { t } = useI18n();
  const form = useEntryForm<AllergyDraft>(() => EMPTY, records, onSaved);
  const { draft, set, save } = form;
  const problem = allergyProblem(draft);

  const submit = async () => {
    if (problem) return;
    const resource = allergyResource(draft, { patientId, recorded: new Date().toISOString(), ...(recorder ? { recorder } : {}), ...(encounter ? { encounter } : {}) });
    await save([resource], t('entry.allergy.saved', { substance: resource.code?.text ?? '' }));
  };

  return (
    <EntryFormFrame name="allergy" title={t('entry.allergy.title')} saveLabel={t('entry.allergy.save')} canSave={problem === null} form={form} onSubmit={() => void submit()}>
      <DrugPicker cds={cds} label={t('entry.allergy.substance')} text={draft.picked ? draft.picked.label : draft.freeText} picked={draft.picked} onText={(text) => set({ freeText: text, picked: null })} onPick={(hit) => set({ picked: hit, freeText: hit.label, notListed: false })} />
      {!draft.picked && draft.freeText.trim() && (
        <label className="field-inline">
          <input type="checkbox" checked={draft.notListed} onChange={(e) => set({ notListed: e.target.checked })} data-testid="allergy-free-text" />
          <span>{t('entry.allergy.notListed')}</span>
        </label>
      )}
      {problem === 'pick-or-flag' && <p className="field-error">{t('entry.allergy.pickOrFlag')}</p>}
      {draft.notListed && !draft.picked && <p className="notice">{t('entry.allergy.freeTextWarning')}</p>}
      <div className="entry-grid">
        <label className="field">
          <span>{t('entry.allergy.reaction')}</span>
          <input value={draft.reaction} onChange={(e) => set({ reaction: e.target.value })} data-testid="allergy-reaction" />
        </label>
        <label className="field">
          <span>{t('entry.allergy.severity')}</span>
          <select value={draft.severity} onChange={(e) => set({ severity: e.target.value as Severity | '' })} data-testid="allergy-severity">
            <option value="">{t('entry.notRecorded')}</option>
            <option value="mild">{t('entry.allergy.mild')}</option>
            <option value="moderate">{t('entry.allergy.moderate')}</option>
            <option value="severe">{t('entry.allergy.severe')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('entry.clinicalStatus')}</span>
          <select value={draft.clinical} disabled={!canJudge} onChange={(e) => set({ clinical: e.target.value as AllergyClinical })}>
            <option value="active">{t('entry.status.active')}</option>
            <option value="inactive">{t('entry.status.inactive')}</option>
            <option value="resolved">{t('entry.status.resolved')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('entry.verificationStatus')}</span>
          <select value={draft.verification} disabled={!canJudge} onChange={(e) => set({ verification: e.target.value as AllergyVerification })} data-testid="allergy-verification">
            <option value="unconfirmed">{t('entry.status.unconfirmed')}</option>
            <option value="confirmed">{t('entry.status.confirmed')}</option>
            <option value="refuted">{t('entry.status.refuted')}</option>
          </select>
        </label>
      </div>
      {!canJudge && <p className="muted">{t('entry.allergy.nurseNote')}</p>}
    </EntryFormFrame>
  );
}
