/**
 * The fields a medication change asks for: a reason (an HL7 R4 MedicationRequest status reason
 * code and/or free text) and, for a modification, the new dosing (dose, unit, route, frequency,
 * as needed, duration), shared by the change dialog and the reconciliation view.
 */
import type { StatusReasonCode } from '../../../../electron/contract/schemas/medication';
import { useI18n } from '../../i18n';
import { STATUS_REASON_CODES, type DosingFields } from './medicationChange';
import { DOSE_UNITS, FREQUENCIES, ROUTES, type DoseUnit, type FrequencyId, type RouteId } from './orderDraft';

/** A reason as the fields hold it. */
export interface ReasonFields {
  code: StatusReasonCode | '';
  text: string;
}

/** The reason as the channel takes it. */
export function reasonInput(r: ReasonFields): { code?: StatusReasonCode; text?: string } {
  return { ...(r.code ? { code: r.code } : {}), ...(r.text.trim() ? { text: r.text.trim() } : {}) };
}

export function ReasonInputs({ value, onChange, idPrefix, required }: { value: ReasonFields; onChange: (r: ReasonFields) => void; idPrefix: string; required: boolean }) {
  const { t } = useI18n();
  return (
    <div className="form-row">
      <label className="field">
        <span>{required ? t('meds.reasonRequired') : t('meds.reasonOptional')}</span>
        <select value={value.code} onChange={(e) => onChange({ ...value, code: e.target.value as StatusReasonCode | '' })} data-testid={`${idPrefix}-reason-code`}>
          <option value="">{t('meds.reason.none')}</option>
          {STATUS_REASON_CODES.map((c) => (
            <option key={c} value={c}>
              {t(`meds.reason.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('meds.reasonText')}</span>
        <input value={value.text} maxLength={500} onChange={(e) => onChange({ ...value, text: e.target.value })} data-testid={`${idPrefix}-reason-text`} autoComplete="off" />
      </label>
    </div>
  );
}

export function DosingInputs({ value, onChange, idPrefix }: { value: DosingFields; onChange: (f: DosingFields) => void; idPrefix: string }) {
  const { t } = useI18n();
  const set = (patch: Partial<DosingFields>) => onChange({ ...value, ...patch });
  return (
    <div className="form-row">
      <label className="field">
        <span>{t('orders.dose')}</span>
        <input value={value.dose} onChange={(e) => set({ dose: e.target.value })} inputMode="decimal" data-testid={`${idPrefix}-dose`} autoComplete="off" />
      </label>
      <label className="field">
        <span>{t('orders.unit')}</span>
        <select value={value.unit} onChange={(e) => set({ unit: e.target.value as DoseUnit })} data-testid={`${idPrefix}-unit`}>
          {DOSE_UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`orders.unit.${u}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('orders.route')}</span>
        <select value={value.route} onChange={(e) => set({ route: e.target.value as RouteId })} data-testid={`${idPrefix}-route`}>
          {ROUTES.map((r) => (
            <option key={r.id} value={r.id}>
              {t(`orders.route.${r.id}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('orders.frequency')}</span>
        <select value={value.frequency} onChange={(e) => set({ frequency: e.target.value as FrequencyId })} data-testid={`${idPrefix}-frequency`}>
          {FREQUENCIES.map((f) => (
            <option key={f.id} value={f.id}>
              {t(`orders.frequency.${f.id}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={value.asNeeded} onChange={(e) => set({ asNeeded: e.target.checked })} />
        <span>{t('orders.asNeeded')}</span>
      </label>
      <label className="field">
        <span>{t('orders.duration')}</span>
        <input value={value.duration} onChange={(e) => set({ duration: e.target.value })} inputMode="numeric" data-testid={`${idPrefix}-duration`} autoComplete="off" />
      </label>
    </div>
  );
}
