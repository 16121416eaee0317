/**
 * The chart's medications with what a prescriber does to them: stop, modify or renew an order
 * (MedicationChangeDialog), and "Reconcile medications" (ReconciliationView), which stands alone
 * for the start of a visit. Without decision support (no cds port) the list is read-only.
 */
import type { MedicationRequest, Resource } from 'fhir/r4';
import { useState } from 'react';
import type { CdsPort } from '../../api/ports';
import { formatDate } from '../../fhir/display';
import { useI18n } from '../../i18n';
import { medicationName } from '../chart/MedicationList';
import { MedicationChangeDialog, type ChangeAction } from './MedicationChangeDialog';
import { changesAllowed } from './medicationChange';
import { ReconciliationView } from './ReconciliationView';

interface Props {
  patientId: string;
  medications: readonly MedicationRequest[];
  /** The whole chart (the reconciliation also lists what the patient reports taking). */
  resources: readonly Resource[];
  cds: CdsPort | undefined;
  onChanged: () => void;
}

export function MedicationsPanel({ patientId, medications, resources, cds, onChanged }: Props) {
  const { t, language } = useI18n();
  const [change, setChange] = useState<{ order: MedicationRequest & { id: string }; action: ChangeAction } | null>(null);
  const [reconciling, setReconciling] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (message: string) => {
    setChange(null);
    setReconciling(false);
    setNotice(message);
    onChanged();
  };

  if (reconciling && cds) return <ReconciliationView patientId={patientId} resources={resources} cds={cds} onDone={done} onCancel={() => setReconciling(false)} />;

  return (
    <section className="panel" aria-labelledby="meds-title">
      <div className="panel-head">
        <h2 id="meds-title">{t('chart.medications')}</h2>
        {cds && (
          <button type="button" onClick={() => setReconciling(true)} data-testid="reconcile-open">
            {t('meds.reconcile')}
          </button>
        )}
      </div>
      {notice && (
        <p role="status" data-testid="medication-notice">
          {notice}
        </p>
      )}
      {medications.length === 0 ? (
        <p className="muted">{t('chart.none')}</p>
      ) : (
        <ul className="plain-list" data-testid="medication-list">
          {medications.map((m, i) => {
            const name = medicationName(m);
            const allowed = changesAllowed(m);
            const reason = m.statusReason?.text ?? m.statusReason?.coding?.[0]?.display;
            const detail = [m.dosageInstruction?.[0]?.text, t(`meds.status.${m.status}`), formatDate(m.authoredOn, language), reason ? t('meds.because', { reason }) : ''].filter(Boolean).join(' · ');
            return (
              <li key={m.id ?? i} className={m.status !== 'active' ? 'inactive' : undefined} data-testid="medication-row" data-status={m.status}>
                <span>{name}</span>
                <span className="muted">{detail}</span>
                {cds && m.id && (allowed.stop || allowed.renew) && (
                  <span className="row-actions">
                    {(['stop', 'modify', 'renew'] as const)
                      .filter((a) => allowed[a])
                      .map((a) => (
                        <button key={a} type="button" className="link-button" onClick={() => setChange({ order: m as MedicationRequest & { id: string }, action: a })} data-testid={`medication-${a}`} aria-label={t(`meds.title.${a}`, { drug: name })}>
                          {t(`meds.action.${a}`)}
                        </button>
                      ))}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {change && cds && <MedicationChangeDialog patientId={patientId} order={change.order} name={medicationName(change.order)} action={change.action} cds={cds} onDone={done} onCancel={() => setChange(null)} />}
    </section>
  );
}
