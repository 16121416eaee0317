/**
 * Medication reconciliation for the start of a visit: every active medication (orders, and what
 * the patient reports taking) with its source, side by side; the clinician marks each continue,
 * stop or modify (orders only: new dosing) with a reason, and commits once. New orders are
 * checked first (a critical card interrupts), then cds.reconcileMedications writes everything in
 * one transaction, recorded as a List linked to the visit in progress if there is one.
 */
import type { MedicationRequest, Resource } from 'fhir/r4';
import { useMemo, useState } from 'react';
import type { ReconciliationDecision } from '../../../../electron/contract/schemas/medication';
import type { CdsPort } from '../../api/ports';
import { conceptText, formatDate } from '../../fhir/display';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { CriticalCardDialog } from '../suggestions/CriticalCardDialog';
import { DosingInputs, ReasonInputs, reasonInput, type ReasonFields } from './ChangeFields';
import { checkNewOrders } from './checkNewOrders';
import { useCriticalHold } from './useCriticalHold';
import { dosageFromFields, dosingFieldsOf, dosingProblem, medicationsToReconcile, replacementOrder, sourceOf, type DosingFields, type ReconciledMedication } from './medicationChange';

type Decision = 'continue' | 'stop' | 'modify';
interface Line {
  decision: Decision | '';
  reason: ReasonFields;
  dosing: DosingFields;
}

interface Props {
  patientId: string;
  resources: readonly Resource[];
  cds: CdsPort;
  onDone: (message: string) => void;
  onCancel: () => void;
}

const refOf = (m: ReconciledMedication) => `${m.resourceType}/${m.id}`;
const nameOf = (m: ReconciledMedication) => conceptText(m.medicationCodeableConcept) || m.medicationReference?.display || '';

export function ReconciliationView({ patientId, resources, cds, onDone, onCancel }: Props) {
  const { t, language } = useI18n();
  const meds = useMemo(() => medicationsToReconcile(resources), [resources]);
  const [lines, setLines] = useState<Record<string, Line>>(() =>
    Object.fromEntries(meds.map((m) => [refOf(m), { decision: '', reason: { code: '', text: '' }, dosing: m.resourceType === 'MedicationRequest' ? dosingFieldsOf(m) : dosingFieldsOf({ resourceType: 'MedicationRequest', status: 'active', intent: 'order', subject: {} }) }])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (ref: string, patch: Partial<Line>) => {
    setError(null);
    setLines((cur) => ({ ...cur, [ref]: { ...cur[ref]!, ...patch } }));
  };

  const commit = async (decisions: ReconciliationDecision[]) => {
    const r = await cds.reconcileMedications({ patientId, decisions });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onDone(r.value.encounter ? t('meds.reconciledVisit') : t('meds.reconciled'));
  };
  const critical = useCriticalHold<ReconciliationDecision[]>(cds, commit, setBusy, setError);

  const submit = async () => {
    setError(null);
    const undecided = meds.filter((m) => !lines[refOf(m)]?.decision);
    if (undecided.length) return setError(t('meds.decideAll', { drugs: undecided.map(nameOf).join(', ') }));
    for (const m of meds) {
      const line = lines[refOf(m)]!;
      if (line.decision !== 'continue' && !line.reason.code && !line.reason.text.trim()) return setError(t('meds.needReasonFor', { drug: nameOf(m) }));
      if (line.decision === 'modify') {
        const problem = dosingProblem(line.dosing);
        if (problem) return setError(`${nameOf(m)}: ${t(problem)}`);
      }
    }
    setBusy(true);
    const modified = meds.filter((m): m is MedicationRequest & { id: string } => m.resourceType === 'MedicationRequest' && lines[refOf(m)]!.decision === 'modify');
    const checked = await checkNewOrders(cds, patientId, modified.map((m) => replacementOrder(m, dosageFromFields(lines[refOf(m)]!.dosing))));
    if (!checked.ok) {
      setBusy(false);
      return setError(checked.message);
    }
    const decisions: ReconciliationDecision[] = meds.map((m) => {
      const line = lines[refOf(m)]!;
      const i = modified.indexOf(m as MedicationRequest & { id: string });
      const versionId = m.meta?.versionId;
      return {
        reference: refOf(m),
        ...(versionId ? { expectedVersionId: versionId } : {}),
        decision: line.decision as Decision,
        reason: reasonInput(line.reason),
        ...(i >= 0 ? { newOrder: checked.orders[i] as unknown as { resourceType: 'MedicationRequest' } } : {}),
      };
    });
    if (checked.critical.length > 0) return critical.hold(checked.critical, decisions);
    return commit(decisions);
  };

  return (
    <section className="panel reconciliation" aria-labelledby="reconcile-title" data-testid="reconciliation">
      <h2 id="reconcile-title">{t('meds.reconcileTitle')}</h2>
      <p className="muted">{t('meds.reconcileHint')}</p>
      {meds.length === 0 ? (
        <p className="muted">{t('meds.nothingToReconcile')}</p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <table className="reconcile-table">
            <thead>
              <tr>
                <th scope="col">{t('orders.drug')}</th>
                <th scope="col">{t('meds.source')}</th>
                <th scope="col">{t('meds.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {meds.map((m) => {
                const ref = refOf(m);
                const line = lines[ref]!;
                const src = sourceOf(m);
                const name = nameOf(m);
                const decisions: Decision[] = m.resourceType === 'MedicationRequest' ? ['continue', 'stop', 'modify'] : ['continue', 'stop'];
                return (
                  <tr key={ref} data-testid="reconcile-row" data-reference={ref}>
                    <td>
                      <strong>{name}</strong>
                      <div className="muted">{(m.resourceType === 'MedicationRequest' ? m.dosageInstruction : m.dosage)?.[0]?.text ?? ''}</div>
                    </td>
                    <td>
                      {t(src.kind === 'order' ? 'meds.source.order' : 'meds.source.reported')}
                      <div className="muted">{[src.who, formatDate(src.when, language)].filter(Boolean).join(' · ')}</div>
                    </td>
                    <td>
                      <fieldset className="decision">
                        <legend className="visually-hidden">{t('meds.decisionFor', { drug: name })}</legend>
                        {decisions.map((d) => (
                          <label key={d} className="field-inline">
                            <input type="radio" name={`decision-${ref}`} value={d} checked={line.decision === d} onChange={() => set(ref, { decision: d })} data-testid={`reconcile-${d}`} />
                            {t(`meds.decision.${d}`)}
                          </label>
                        ))}
                      </fieldset>
                      {line.decision === 'modify' && <DosingInputs value={line.dosing} onChange={(dosing) => set(ref, { dosing })} idPrefix="reconcile" />}
                      {line.decision !== '' && <ReasonInputs value={line.reason} onChange={(reason) => set(ref, { reason })} idPrefix="reconcile" required={line.decision !== 'continue'} />}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <ErrorText message={error} />
          <div className="form-row">
            <button type="button" onClick={onCancel} data-testid="reconcile-cancel">
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy} data-testid="reconcile-commit">
              {busy ? t('common.working') : t('meds.commit')}
            </button>
          </div>
        </form>
      )}
      {meds.length === 0 && (
        <button type="button" onClick={onCancel} data-testid="reconcile-cancel">
          {t('common.back')}
        </button>
      )}
      {critical.held && <CriticalCardDialog cards={critical.held.cards} actionLabel={t('meds.actionLabel.reconcile')} onCancel={critical.cancel} onProceed={(code, comment) => void critical.proceed(code, comment)} />}
    </section>
  );
}
