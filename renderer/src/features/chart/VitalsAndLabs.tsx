/** Vitals and labs: trend charts (the ones a clinician looks for first), then the full tables. */
import type { Observation } from 'fhir/r4';
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import type { CriticalLimit } from '../../api/ports';
import { seriesByCode, trendSeries } from './chartModel';
import { ObservationTable } from './ObservationTable';
import { TrendChart } from './TrendChart';

interface Props {
  vitals: readonly Observation[];
  labs: readonly Observation[];
  /** The Patient's gender: picks the typical adult range where it differs by sex (creatinine). */
  sex?: string;
  /** The rules' critical-value table (cds.criticalLimits). */
  criticalLimits?: readonly CriticalLimit[];
}

/** Trends first (vital signs, creatinine, potassium, HbA1c, INR, then the others), then the tables. */
export function VitalsAndLabs({ vitals, labs, sex, criticalLimits }: Props) {
  const { t } = useI18n();
  const trends = useMemo(() => trendSeries([...seriesByCode(vitals, sex), ...seriesByCode(labs, sex)]), [vitals, labs, sex]);
  return (
    <section className="panel" aria-labelledby="results-title">
      <h2 id="results-title">{t('chart.results')}</h2>
      {trends.length > 0 && (
        <div className="trend-grid" data-testid="trend-grid">
          {trends.map((s) => (
            <TrendChart key={s.code} series={s} {...(criticalLimits ? { criticalLimits } : {})} />
          ))}
        </div>
      )}
      <ObservationTable observations={vitals} caption={t('chart.vitals')} sex={sex} {...(criticalLimits ? { criticalLimits } : {})} />
      <ObservationTable observations={labs} caption={t('chart.labs')} sex={sex} {...(criticalLimits ? { criticalLimits } : {})} />
    </section>
  );
}
