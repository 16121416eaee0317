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
import { DosingInputs } from './ChangeFields';
import { dosingInput, dosingProblem, type DosingFields } from './medicationChange';
import { draftOrder } from './orderDraft';

interface Props {
  patientId: string;
  records: RecordsPort;
  cds: CdsPort | undefined;
  onOrdered: (order: MedicationRequest, nonCritical: readonly Card[]) => void;
}

/** The dosing fields of a new order. */
const NEW_DOSING: DosingFields = { dose: '', unit: 'mg', route: 'oral', frequency: 'od', asNeeded: false, duration: '' };

export function OrderMedicationForm({ patientId, records, cds, onOrdered }: Props) {
  const { t } = useI18n();
  const [drug, setDrug] = useState('');
  const [picked, setPicked] = useState<VocabularyHitDto | null>(null);
  const [notListed, setNotListed] = useState(false);
  const [strength, setStrength] = useState('');
  const [dosing, setDosing] = useState<DosingFields>(NEW_DOSING);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [critical, setCritical] = useState<{ order: MedicationRequest; cards: Card[]; others: Card[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const reset = () => {
    setDrug('');
    setPicked(null);
    setNotListed(false);
    setStrength('');
    // Unit, route and frequency stay as chosen for the next order.
    setDosing((d) => ({ ...d, dose: '', duration: '', asNeeded: false }));
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
    const problem = dosingProblem(dosing);
    if (problem) return setError(t(problem));
    let order = draftOrder(patientId, { drug: picked ? { kind: 'picked', hit: picked } : { kind: 'not-in-vocabulary', text: drug }, strength, ...dosingInput(dosing) });
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
        <DosingInputs value={dosing} onChange={setDosing} idPrefix="order" />
        <div className="form-row">
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
