/**
 * Orders a medication. Before it is saved, the order is checked (cds.checkOrder); a critical
 * card interrupts with a dialog: cancel, or proceed with a reason that is recorded.
 */
import type { MedicationRequest } from 'fhir/r4';
import { useState } from 'react';
import type { Card, OverrideReasonCode } from '../../../../electron/contract/schemas/card';
import type { CdsPort, RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { overriddenFeedback } from '../suggestions/cardLogic';
import { CriticalCardDialog } from '../suggestions/CriticalCardDialog';

interface Props {
  patientId: string;
  records: RecordsPort;
  cds: CdsPort | undefined;
  onOrdered: (order: MedicationRequest, nonCritical: readonly Card[]) => void;
}

/** A draft MedicationRequest for a drug name and dosage text. */
export function draftOrder(patientId: string, drug: string, dosage: string, now = new Date()): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: { text: drug.trim() },
    authoredOn: now.toISOString(),
    ...(dosage.trim() ? { dosageInstruction: [{ text: dosage.trim() }] } : {}),
  };
}

export function OrderMedicationForm({ patientId, records, cds, onOrdered }: Props) {
  const { t } = useI18n();
  const [drug, setDrug] = useState('');
  const [dosage, setDosage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [critical, setCritical] = useState<{ order: MedicationRequest; cards: Card[]; others: Card[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const commit = async (order: MedicationRequest, others: Card[]) => {
    const saved = await records.saveResource({ resource: order });
    setBusy(false);
    if (!saved.ok) return setError(saved.error.message);
    setDrug('');
    setDosage('');
    setNotice(t('orders.saved', { drug: order.medicationCodeableConcept?.text ?? '' }));
    onOrdered(saved.value.resource as MedicationRequest, others);
  };

  const submit = async () => {
    setError(null);
    setNotice(null);
    if (!drug.trim()) return setError(t('orders.needDrug'));
    let order = draftOrder(patientId, drug, dosage);
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
        <label className="field">
          <span>{t('orders.drug')}</span>
          <input value={drug} onChange={(e) => setDrug(e.target.value)} data-testid="order-drug" autoComplete="off" />
        </label>
        <label className="field">
          <span>{t('orders.dosage')}</span>
          <input value={dosage} onChange={(e) => setDosage(e.target.value)} autoComplete="off" />
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
