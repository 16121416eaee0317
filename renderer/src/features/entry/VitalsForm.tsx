/**
 * Vital signs entry: BP, heart rate, respiratory rate, temperature, SpO₂ with air or oxygen,
 * weight and height (BMI shown as they are typed), GCS. Each field is checked as it is typed
 * against plausible limits; nothing is saved while a field is refused.
 */
import type { Reference } from 'fhir/r4';
import { useId } from 'react';
import type { RecordsPort } from '../../api/ports';
import { useI18n, type MessageKey } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { EntryFormFrame } from './EntryFormFrame';
import { useEntryForm } from './useEntryForm';
import { VITAL_FIELDS, VITAL_SPECS, checkVitals, draftBmi, vitalsObservations, type VitalField, type VitalProblem, type VitalsDraft } from './vitalSigns';

interface Props {
  patientId: string;
  records: RecordsPort;
  performer: Reference | undefined;
  encounter: Reference | undefined;
  onSaved: () => void;
}

const EMPTY: VitalsDraft = { values: {}, oxygen: '' };

export function VitalsForm({ patientId, records, performer, encounter, onSaved }: Props) {
  const { t, language } = useI18n();
  const id = useId();
  const form = useEntryForm<VitalsDraft>(() => EMPTY, records, onSaved);
  const { draft, set, save } = form;
  const problems = checkVitals(draft);
  const bmi = draftBmi(draft);
  const empty = VITAL_FIELDS.every((f) => !(draft.values[f] ?? '').trim()) && draft.oxygen === '';
  const problemText = (p: VitalProblem): string =>
    p.kind === 'out-of-range' ? t('entry.vitals.range', { min: formatNumber(p.min, language), max: formatNumber(p.max, language), unit: p.unit }) : t(`entry.vitals.${p.kind}` as MessageKey);

  const submit = async () => {
    if (Object.keys(problems).length || empty) return;
    const observations = vitalsObservations(draft, { patientId, effective: new Date().toISOString(), ...(performer ? { performer } : {}), ...(encounter ? { encounter } : {}) });
    await save(observations, t('entry.vitals.saved', { count: observations.length }));
  };

  return (
    <EntryFormFrame name="vitals" title={t('entry.vitals.title')} saveLabel={t('entry.vitals.save')} canSave={!empty && Object.keys(problems).length === 0} form={form} onSubmit={() => void submit()}>
      <div className="entry-grid">
        {VITAL_FIELDS.map((f: VitalField) => {
          const p = problems[f];
          const spec = VITAL_SPECS[f];
          return (
            <label className="field" key={f}>
              <span>
                {t(`entry.vitals.${f}` as MessageKey)} ({spec.unitLabel})
              </span>
              <input
                inputMode="decimal"
                value={draft.values[f] ?? ''}
                aria-invalid={p ? true : undefined}
                aria-describedby={p ? `${id}-${f}-error` : undefined}
                data-testid={`vital-${f}`}
                onChange={(e) => set({ values: { ...draft.values, [f]: e.target.value } })}
              />
              {p && (
                <span className="field-error" id={`${id}-${f}-error`}>
                  {problemText(p)}
                </span>
              )}
            </label>
          );
        })}
        <label className="field">
          <span>{t('entry.vitals.oxygen')}</span>
          <select value={draft.oxygen} onChange={(e) => set({ oxygen: e.target.value as VitalsDraft['oxygen'] })} data-testid="vital-oxygen">
            <option value="">{t('entry.notRecorded')}</option>
            <option value="air">{t('entry.vitals.air')}</option>
            <option value="oxygen">{t('entry.vitals.onOxygen')}</option>
          </select>
        </label>
        <p className="field" aria-live="polite" data-testid="vital-bmi">
          <span>{t('entry.vitals.bmi')}</span>
          <strong>{bmi === undefined ? '—' : `${formatNumber(bmi, language)} kg/m²`}</strong>
        </p>
      </div>
    </EntryFormFrame>
  );
}
