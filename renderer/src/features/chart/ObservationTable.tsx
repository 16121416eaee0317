/** Vitals or labs as a table, newest first; values outside the reference range are flagged in words. */
import type { Observation } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDateTime } from '../../fhir/display';
import { observationDate, outOfRange } from './chartModel';

const MAX_ROWS = 200;

export function ObservationTable({ observations, caption }: { observations: readonly Observation[]; caption: string }) {
  const { t, language } = useI18n();
  if (observations.length === 0) return <p className="muted">{t('chart.none')}</p>;
  const rows = observations.slice(0, MAX_ROWS);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('chart.obs.date')}</th>
            <th scope="col">{t('chart.obs.test')}</th>
            <th scope="col">{t('chart.obs.value')}</th>
            <th scope="col">{t('chart.obs.range')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o, i) => {
            const q = o.valueQuantity;
            const range = o.referenceRange?.[0];
            const flag = outOfRange(q?.value, range?.low?.value, range?.high?.value);
            return (
              <tr key={o.id ?? i} className={flag ? 'abnormal' : undefined}>
                <td>{formatDateTime(observationDate(o), language)}</td>
                <th scope="row">{conceptText(o.code)}</th>
                <td>
                  {q ? `${q.value ?? ''} ${q.unit ?? ''}` : (o.valueString ?? conceptText(o.valueCodeableConcept))}
                  {flag && <strong className="flag"> {t(flag === 'low' ? 'chart.obs.low' : 'chart.obs.high')}</strong>}
                </td>
                <td>{range ? `${range.low?.value ?? ''}–${range.high?.value ?? ''}` : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {observations.length > MAX_ROWS && <p className="muted">{t('chart.obs.more', { count: observations.length - MAX_ROWS })}</p>}
    </div>
  );
}
