/** Problems (Condition): active first, with onset date and status in words. */
import type { Condition } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDate } from '../../fhir/display';
import { isActiveProblem } from './chartModel';

export function ProblemList({ problems }: { problems: readonly Condition[] }) {
  const { t, language } = useI18n();
  return (
    <section className="panel" aria-labelledby="problems-title">
      <h2 id="problems-title">{t('chart.problems')}</h2>
      {problems.length === 0 ? (
        <p className="muted">{t('chart.none')}</p>
      ) : (
        <ul className="plain-list" data-testid="problem-list">
          {problems.map((c, i) => (
            <li key={c.id ?? i} className={isActiveProblem(c) ? undefined : 'inactive'}>
              <span>{conceptText(c.code)}</span>
              <span className="muted">
                {isActiveProblem(c) ? t('chart.active') : t('chart.resolved')}
                {(c.onsetDateTime ?? c.recordedDate) && ` · ${formatDate(c.onsetDateTime ?? c.recordedDate, language)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
