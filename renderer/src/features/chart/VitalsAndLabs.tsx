/** Vitals and labs: trend charts of the most frequent codes, then the full tables. */
import type { Observation } from 'fhir/r4';
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { seriesByCode } from './chartModel';
import { ObservationTable } from './ObservationTable';
import { TrendChart } from './TrendChart';

export function VitalsAndLabs({ vitals, labs }: { vitals: readonly Observation[]; labs: readonly Observation[] }) {
  const { t } = useI18n();
  const trends = useMemo(() => [...seriesByCode(vitals), ...seriesByCode(labs)].filter((s) => s.points.length >= 2).slice(0, 6), [vitals, labs]);
  return (
    <section className="panel" aria-labelledby="results-title">
      <h2 id="results-title">{t('chart.results')}</h2>
      {trends.length > 0 && (
        <div className="trend-grid" data-testid="trend-grid">
          {trends.map((s) => (
            <TrendChart key={s.code} series={s} />
          ))}
        </div>
      )}
      <ObservationTable observations={vitals} caption={t('chart.vitals')} />
      <ObservationTable observations={labs} caption={t('chart.labs')} />
    </section>
  );
}
