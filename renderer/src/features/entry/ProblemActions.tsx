/**
 * A recorded problem's actions on the problem list: confirm or refute a provisional one, resolve
 * an active one. Each is a status change through records.saveResource against the version shown
 * (a stale one is refused as a conflict, and the chart reloads).
 */
import type { Condition } from 'fhir/r4';
import { useState } from 'react';
import type { RecordsPort } from '../../api/ports';
import { conceptText } from '../../fhir/display';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { isActiveProblem } from '../chart/chartModel';
import { changedProblem, verificationOf, type ProblemChange } from './problemEntry';

export function ProblemActions({ problem, records, onChanged }: { problem: Condition; records: RecordsPort; onChanged: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const verification = verificationOf(problem);
  if (!problem.id || verification === 'refuted' || verification === 'entered-in-error') return null;
  const name = conceptText(problem.code);
  const apply = async (change: ProblemChange) => {
    setBusy(true);
    setError(null);
    const r = await records.saveResource({ resource: changedProblem(problem, change, new Date().toISOString()), ...(problem.meta?.versionId ? { expectedVersionId: problem.meta.versionId } : {}) });
    setBusy(false);
    if (r.ok) onChanged();
    else setError(r.error.message);
  };
  const button = (change: ProblemChange, label: string) => (
    <button type="button" className="small" disabled={busy} onClick={() => void apply(change)} aria-label={`${label}: ${name}`} data-testid={`problem-${change}`}>
      {label}
    </button>
  );
  return (
    <span className="row-actions">
      {verification !== 'confirmed' && button('confirm', t('entry.problem.confirm'))}
      {verification !== 'confirmed' && button('refute', t('entry.problem.refute'))}
      {isActiveProblem(problem) && button('resolve', t('entry.problem.resolve'))}
      <ErrorText message={error} />
    </span>
  );
}
