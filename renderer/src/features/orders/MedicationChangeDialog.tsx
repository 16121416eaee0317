/**
 * Stop, modify or renew one order from the chart's medication list: a reason (required to stop
 * or modify), the new dosing for a modification; a new order is checked first and a critical
 * card interrupts (cancel, or proceed with a reason), then cds.changeMedication writes it all in
 * one step.
 */
import type { MedicationRequest } from 'fhir/r4';
import { useState } from 'react';
import type { CdsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { Dialog } from '../../ui/Dialog';
import { ErrorText } from '../../ui/ErrorText';
import { CriticalCardDialog } from '../suggestions/CriticalCardDialog';
import { DosingInputs, ReasonInputs, reasonInput, type ReasonFields } from './ChangeFields';
import { checkNewOrders } from './checkNewOrders';
import { useCriticalHold } from './useCriticalHold';
import { dosageFromFields, dosingFieldsOf, dosingProblem, replacementOrder, type DosingFields } from './medicationChange';

/** The changes the dialog makes. */
export type ChangeAction = 'stop' | 'modify' | 'renew';

interface Props {
  patientId: string;
  order: MedicationRequest & { id: string };
  name: string;
  action: ChangeAction;
  cds: CdsPort;
  onDone: (message: string) => void;
  onCancel: () => void;
}

export function MedicationChangeDialog({ patientId, order, name, action, cds, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const [reason, setReason] = useState<ReasonFields>({ code: '', text: '' });
  const [dosing, setDosing] = useState<DosingFields>(() => dosingFieldsOf(order));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const required = action !== 'renew';

  const commit = async (newOrder?: MedicationRequest) => {
    const versionId = order.meta?.versionId;
    const r = await cds.changeMedication({
      patientId,
      medicationRequestId: order.id,
      ...(versionId ? { expectedVersionId: versionId } : {}),
      action,
      reason: reasonInput(reason),
      ...(newOrder ? { newOrder: newOrder as unknown as { resourceType: 'MedicationRequest' } } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onDone(t(`meds.done.${action}`, { drug: name }));
  };
  const critical = useCriticalHold<MedicationRequest>(cds, commit, setBusy, setError);

  const submit = async () => {
    setError(null);
    if (required && !reason.code && !reason.text.trim()) return setError(t('meds.needReason'));
    if (action === 'modify') {
      const problem = dosingProblem(dosing);
      if (problem) return setError(t(problem));
    }
    setBusy(true);
    if (action === 'stop') return commit();
    const draft = replacementOrder(order, action === 'modify' ? dosageFromFields(dosing) : undefined);
    const checked = await checkNewOrders(cds, patientId, [draft]);
    if (!checked.ok) {
      setBusy(false);
      return setError(checked.message);
    }
    if (checked.critical.length > 0) return critical.hold(checked.critical, checked.orders[0]!);
    return commit(checked.orders[0]);
  };

  if (critical.held) {
    return <CriticalCardDialog cards={critical.held.cards} actionLabel={t(`meds.actionLabel.${action}`, { drug: name })} onCancel={critical.cancel} onProceed={(code, comment) => void critical.proceed(code, comment)} />;
  }
  return (
    <Dialog title={t(`meds.title.${action}`, { drug: name })} onCancel={onCancel} testId="medication-change-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {action === 'modify' && <p className="muted">{t('meds.modifyHint')}</p>}
        {action === 'renew' && <p className="muted">{t('meds.renewHint', { dosage: order.dosageInstruction?.[0]?.text ?? '' })}</p>}
        {action === 'modify' && <DosingInputs value={dosing} onChange={setDosing} idPrefix="change" />}
        <ReasonInputs value={reason} onChange={setReason} idPrefix="change" required={required} />
        <ErrorText message={error} />
        <div className="form-row">
          <button type="button" onClick={onCancel} data-testid="change-cancel">
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="change-submit">
            {busy ? t('common.working') : t(`meds.submit.${action}`)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
