/**
 * Orders a medication: the drug picked from the vocabulary (or explicitly recorded as not in
 * it), strength, dose, route, frequency and duration, written as a FHIR MedicationRequest with
 * a structured dosageInstruction (orderDraft.ts). Before it is saved the order is checked
 * (cds.checkOrder); a critical card interrupts with a dialog: cancel, or proceed with a reason.
 */
import type { MedicationRequest } from 'fhir/r4';
import { useState } from 'react';
import type { Card, OverrideReasonCode } from '../../../../electron/contract/schemas/card';
import type { VocabularyHitDto } from '../../../../electron/contract/schemas/medication';
import type { CdsPort, RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { overriddenFeedback } from '../suggestions/cardLogic';
import { CriticalCardDialog } from '../suggestions/CriticalCardDialog';
import { DrugPicker } from './DrugPicker';
import { DOSE_UNITS, FREQUENCIES, ROUTES, draftOrder, type DoseUnit, type FrequencyId, type RouteId } from './orderDraft';

interface Props {
  patientId: string;
  records: RecordsPort;
  cds: CdsPort | undefined;
  onOrdered: (order: MedicationRequest, nonCritical: readonly Card[]) => void;
}

export function OrderMedicationForm({ patientId, records, cds, onOrdered }: Props) {
  const { t } = useI18n();
  const [drug, setDrug] = useState('');
  const [picked, setPicked] = useState<VocabularyHitDto | null>(null);
  const [notListed, setNotListed] = useState(false);
  const [strength, setStrength] = useState('');
  const [dose, setDose] = useState('');
  const [unit, setUnit] = useState<DoseUnit>('mg');
  const [route, setRoute] = useState<RouteId>('oral');
  const [frequency, setFrequency] = useState<FrequencyId>('od');
  const [asNeeded, setAsNeeded] = useState(false);
  const [duration, setDuration] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [critical, setCritical] = useState<{ order: MedicationRequest; cards: Card[]; others: Card[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reset = () => {
    setDrug('');
    setPicked(null);
    setNotListed(false);
    setStrength('');
    setDose('');
    setDuration('');
    setAsNeeded(false);
  };

  const commit = async (order: MedicationRequest, others: Card[]) => {
    const saved = await records.saveResource({ resource: order });
    setBusy(false);
    if (!saved.ok) return setError(saved.error.message);
    reset();
    setNotice(t('orders.saved', { drug: order.medicationCodeableConcept?.text ?? '' }));
    onOrdered(saved.value.resource as MedicationRequest, others);
  };

  const submit = async () => {
    setError(null);
    setNotice(null);
    if (!drug.trim()) return setError(t('orders.needDrug'));
    if (!picked && !notListed) return setError(t('orders.mustPick'));
    const doseValue = dose.trim() ? Number(dose.replace(',', '.')) : undefined;
    if (doseValue !== undefined && !(Number.isFinite(doseValue) && doseValue > 0)) return setError(t('orders.badDose'));
    const days = duration.trim() ? Number(duration) : undefined;
    if (days !== undefined && !(Number.isInteger(days) && days > 0 && days <= 3650)) return setError(t('orders.badDuration'));
    let order = draftOrder(patientId, {
      drug: picked ? { kind: 'picked', hit: picked } : { kind: 'not-in-vocabulary', text: drug },
      strength,
      ...(doseValue !== undefined ? { dose: doseValue } : {}),
      unit,
      route,
      frequency,
      asNeeded,
      ...(days !== undefined ? { durationDays: days } : {}),
    });
    setBusy(true);
    if (!cds) return commit(order, []);
    const checked = await cds.checkOrder({ patientId, medicationRequest: order });
    if (!checked.ok) {
      setBusy(false);
      return setError(checked.error.message);
    }
    // Saved under the id the check used, so the cards (and any override) point at this order.
    if (checked.value.medicationRequestId) order = { ...order, id: checked.value.medicationRequestId };
    const crit = checked.value.cards.filter((c) => c.indicator === 'critical');
    const others = checked.value.cards.filter((c) => c.indicator !== 'critical');
    if (crit.length > 0) {
      setBusy(false);
      return setCritical({ order, cards: crit, others });
    }
    return commit(order, others);
  };

  const proceed = async (code: OverrideReasonCode, comment: string) => {
    if (!critical || !cds) return;
    const { order, cards, others } = critical;
    setCritical(null);
    setBusy(true);
    for (const c of cards) {
      const fb = await cds.feedback(overriddenFeedback(c, code, comment, new Date()));
      if (!fb.ok) {
        setBusy(false);
        return setError(fb.error.message);
      }
    }
    return commit(order, others);
  };

  // The dialog has its own form, so it sits beside the order form, never inside it (nested forms
  // are not allowed in HTML: the browser would submit the outer one).
  return (
    <>
      <form
        className="panel order-form"
        aria-labelledby="order-title"
        data-testid="order-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="order-title">{t('orders.title')}</h2>
        {!cds && <p className="notice">{t('orders.unchecked')}</p>}
        <div className="form-row">
          <DrugPicker
            cds={cds}
            text={drug}
            picked={picked}
            onText={(v) => {
              setDrug(v);
              setPicked(null);
            }}
            onPick={(hit) => {
              setPicked(hit);
              setNotListed(false);
              setDrug(hit.label);
            }}
          />
          <label className="field">
            <span>{t('orders.strength')}</span>
            <input value={strength} onChange={(e) => setStrength(e.target.value)} placeholder="500 mg" data-testid="order-strength" autoComplete="off" />
          </label>
        </div>
        {!picked && drug.trim().length > 0 && (
          <label className="checkbox">
            <input type="checkbox" checked={notListed} onChange={(e) => setNotListed(e.target.checked)} data-testid="order-not-in-vocabulary" />
            <span>{t('orders.notInVocabulary')}</span>
          </label>
        )}
        <div className="form-row">
          <label className="field">
            <span>{t('orders.dose')}</span>
            <input value={dose} onChange={(e) => setDose(e.target.value)} inputMode="decimal" data-testid="order-dose" autoComplete="off" />
          </label>
          <label className="field">
            <span>{t('orders.unit')}</span>
            <select value={unit} onChange={(e) => setUnit(e.target.value as DoseUnit)} data-testid="order-unit">
              {DOSE_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`orders.unit.${u}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('orders.route')}</span>
            <select value={route} onChange={(e) => setRoute(e.target.value as RouteId)} data-testid="order-route">
              {ROUTES.map((r) => (
                <option key={r.id} value={r.id}>
                  {t(`orders.route.${r.id}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('orders.frequency')}</span>
            <select value={frequency} onChange={(e) => setFrequency(e.target.value as FrequencyId)} data-testid="order-frequency">
              {FREQUENCIES.map((f) => (
                <option key={f.id} value={f.id}>
                  {t(`orders.frequency.${f.id}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={asNeeded} onChange={(e) => setAsNeeded(e.target.checked)} />
            <span>{t('orders.asNeeded')}</span>
          </label>
          <label className="field">
            <span>{t('orders.duration')}</span>
            <input value={duration} onChange={(e) => setDuration(e.target.value)} inputMode="numeric" data-testid="order-duration" autoComplete="off" />
          </label>
          <button type="submit" className="primary" disabled={busy} data-testid="order-submit">
            {busy ? t('common.working') : t('orders.submit')}
          </button>
        </div>
        <ErrorText message={error} />
        {notice && (
          <p role="status" data-testid="order-notice">
            {notice}
          </p>
        )}
      </form>
      {critical && (
        <CriticalCardDialog
          cards={critical.cards}
          actionLabel={t('orders.actionLabel', { drug: critical.order.medicationCodeableConcept?.text ?? '' })}
          onCancel={() => {
            setCritical(null);
            setNotice(t('orders.cancelled'));
          }}
          onProceed={(code, comment) => void proceed(code, comment)}
        />
      )}
    </>
  );
}
