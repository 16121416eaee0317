/** Problems (Condition): active first, with onset date, clinical and verification status in words, and the clinician's actions. */
import type { Condition } from 'fhir/r4';
import type { ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { conceptText, formatDate } from '../../fhir/display';
import { isActiveProblem } from './chartModel';
import { SummaryListPanel } from './SummaryListPanel';

const VERIFICATION_WORDS: Record<string, MessageKey> = { provisional: 'entry.status.provisional', differential: 'entry.status.provisional', confirmed: 'entry.status.confirmed', refuted: 'entry.status.refuted', unconfirmed: 'entry.status.unconfirmed' };

export function ProblemList({ problems, actions }: { problems: readonly Condition[]; actions?: (problem: Condition) => ReactNode }) {
  const { t, language } = useI18n();
  const rows = problems.map((c, i) => {
    const verification = c.verificationStatus?.coding?.[0]?.code;
    const refuted = verification === 'refuted' || verification === 'entered-in-error';
    const active = isActiveProblem(c) && !refuted;
    const when = c.onsetDateTime ?? c.recordedDate;
    const words = verification && VERIFICATION_WORDS[verification] ? ` (${t(VERIFICATION_WORDS[verification])})` : '';
    return {
      key: c.id ?? String(i),
      name: conceptText(c.code),
      detail: `${active ? t('chart.active') : t('chart.resolved')}${words}${when ? ` · ${formatDate(when, language)}` : ''}`,
      inactive: !active,
      ...(actions ? { actions: actions(c) } : {}),
    };
  });
  return <SummaryListPanel id="problems-title" title={t('chart.problems')} rows={rows} testId="problem-list" />;
}
