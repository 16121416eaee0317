/** Vitals and labs: trend charts of the most frequent codes, then the full tables. */
import type { Observation } from 'fhir/r4';
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { seriesByCode } from './chartModel';
import { ObservationTable } from './ObservationTable';
import { TrendChart } from './TrendChart';

/** `sex` (the Patient's gender) picks the typical adult range where it differs by sex (creatinine). */
export function VitalsAndLabs({ vitals, labs, sex }: { vitals: readonly Observation[]; labs: readonly Observation[]; sex?: string }) {
  const { t } = useI18n();
  const trends = useMemo(() => [...seriesByCode(vitals, sex), ...seriesByCode(labs, sex)].filter((s) => s.points.length >= 2).slice(0, 6), [vitals, labs, sex]);
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
      <ObservationTable observations={vitals} caption={t('chart.vitals')} sex={sex} />
      <ObservationTable observations={labs} caption={t('chart.labs')} sex={sex} />
    </section>
  );
}
