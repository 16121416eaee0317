/**
 * Vitals or labs as a table, newest first; values outside the reference range are flagged in
 * words. The range is the laboratory's own when the result has one, else the typical adult range
 * for the code (labelled as such); a blood pressure panel reads "128/82 mmHg".
 */
import type { Observation } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { SYSTOLIC_CODE, DIASTOLIC_CODE, bloodPressure, conceptText, displayUnit, formatDateTime, observationValueText } from '../../fhir/display';
import { observationDate, observationRangeFor, outOfRange } from './chartModel';
import { rangeFor, rangeText, type ReferenceRange } from './referenceRanges';

const MAX_ROWS = 200;

interface Row {
  flag: 'low' | 'high' | null;
  range: string;
  name?: string;
}

/** The flag and range column of one observation. */
function rowFacts(o: Observation, sex: string | undefined, typical: (range: string, unit: string) => string, bpName: string): Row {
  const bp = bloodPressure(o);
  const show = (r: ReferenceRange | undefined, unit: string): string => (!r ? '' : r.source === 'typical' ? typical(rangeText(r), unit) : `${rangeText(r)} ${unit}`.trim());
  if (bp) {
    const sys = rangeFor(SYSTOLIC_CODE, 'mm[Hg]', undefined, sex);
    const dia = rangeFor(DIASTOLIC_CODE, 'mm[Hg]', undefined, sex);
    const flags = [outOfRange(bp.systolic, sys?.low, sys?.high), outOfRange(bp.diastolic, dia?.low, dia?.high)];
    const flag = flags.includes('high') ? 'high' : flags.includes('low') ? 'low' : null;
    const both = sys && dia ? { ...sys, text: `${rangeText(sys)}/${rangeText(dia)}` } : undefined;
    return { flag, range: show(both, bp.unit), name: bpName };
  }
  const q = o.valueQuantity;
  const range = observationRangeFor(o, sex);
  return { flag: outOfRange(q?.value, range?.low, range?.high), range: show(range, displayUnit(q?.unit ?? q?.code)) };
}

export function ObservationTable({ observations, caption, sex }: { observations: readonly Observation[]; caption: string; sex?: string }) {
  const { t, language } = useI18n();
  if (observations.length === 0) return <p className="muted">{t('chart.none')}</p>;
  const rows = observations.slice(0, MAX_ROWS);
  const typical = (range: string, unit: string) => t('chart.obs.typicalRange', { range, unit }).replace(/ {2,}/g, ' ');
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
            const { flag, range, name } = rowFacts(o, sex, typical, t('chart.bp.name'));
            return (
              <tr key={o.id ?? i} className={flag ? 'abnormal' : undefined}>
                <td>{formatDateTime(observationDate(o), language)}</td>
                <th scope="row">{name ?? conceptText(o.code)}</th>
                <td>
                  {observationValueText(o, language)}
                  {flag && <strong className="flag"> {t(flag === 'low' ? 'chart.obs.low' : 'chart.obs.high')}</strong>}
                </td>
                <td>{range}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {observations.length > MAX_ROWS && <p className="muted">{t('chart.obs.more', { count: observations.length - MAX_ROWS })}</p>}
    </div>
  );
}
