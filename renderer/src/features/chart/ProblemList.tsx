/** Problems (Condition): active first, with onset date and status in words. */
import type { Condition } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDate } from '../../fhir/display';
import { isActiveProblem } from './chartModel';
import { SummaryListPanel } from './SummaryListPanel';

export function ProblemList({ problems }: { problems: readonly Condition[] }) {
  const { t, language } = useI18n();
  const rows = problems.map((c, i) => {
    const active = isActiveProblem(c);
    const when = c.onsetDateTime ?? c.recordedDate;
    return {
      key: c.id ?? String(i),
      name: conceptText(c.code),
      detail: `${active ? t('chart.active') : t('chart.resolved')}${when ? ` · ${formatDate(when, language)}` : ''}`,
      inactive: !active,
    };
  });
  return <SummaryListPanel id="problems-title" title={t('chart.problems')} rows={rows} testId="problem-list" />;
}
