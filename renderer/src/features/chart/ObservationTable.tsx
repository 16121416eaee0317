/**
 * Vitals or labs as a table, newest first; values outside the reference range are flagged in
 * words, and values beyond the rules' critical limits are flagged "critically high/low" in a
 * stronger style (shape and words as well as colour). Tests show their short name, the full
 * LOINC name on hover. The range is the laboratory's own when the result has one, else the typical adult range
 * for the code (labelled as such); a blood pressure panel reads "128/82 mmHg".
 */
import type { Observation } from 'fhir/r4';
import { useI18n } from '../../i18n';
import type { CriticalLimit } from '../../api/ports';
import { SYSTOLIC_CODE, DIASTOLIC_CODE, bloodPressure, displayUnit, formatDateTime, observationValueText } from '../../fhir/display';
import type { MessageKey } from '../../i18n';
import { observationDate, observationRangeFor, outOfRange } from './chartModel';
import { criticalFlag, type CriticalFlag } from './criticalFlags';
import { testName } from './observationNames';
import { loincCode, rangeFor, rangeText, type ReferenceRange } from './referenceRanges';

const MAX_ROWS = 200;

interface Row {
  flag: 'low' | 'high' | null;
  critical: CriticalFlag | null;
  range: string;
}

/** The flag and range column of one observation. */
function rowFacts(o: Observation, sex: string | undefined, typical: (range: string, unit: string) => string, limits: readonly CriticalLimit[] | undefined): Row {
  const bp = bloodPressure(o);
  const show = (r: ReferenceRange | undefined, unit: string): string => (!r ? '' : r.source === 'typical' ? typical(rangeText(r), unit) : `${rangeText(r)} ${unit}`.trim());
  if (bp) {
    const sys = rangeFor(SYSTOLIC_CODE, 'mm[Hg]', undefined, sex);
    const dia = rangeFor(DIASTOLIC_CODE, 'mm[Hg]', undefined, sex);
    const flags = [outOfRange(bp.systolic, sys?.low, sys?.high), outOfRange(bp.diastolic, dia?.low, dia?.high)];
    const flag = flags.includes('high') ? 'high' : flags.includes('low') ? 'low' : null;
    const both = sys && dia ? { ...sys, text: `${rangeText(sys)}/${rangeText(dia)}` } : undefined;
    const critical = criticalFlag(limits, SYSTOLIC_CODE, 'mm[Hg]', bp.systolic) ?? criticalFlag(limits, DIASTOLIC_CODE, 'mm[Hg]', bp.diastolic);
    return { flag, critical, range: show(both, bp.unit) };
  }
  const q = o.valueQuantity;
  const range = observationRangeFor(o, sex);
  const critical = criticalFlag(limits, loincCode(o.code), q?.unit ?? q?.code, q?.value);
  return { flag: outOfRange(q?.value, range?.low, range?.high), critical, range: show(range, displayUnit(q?.unit ?? q?.code)) };
}

const FLAG_KEY: Record<'low' | 'high', MessageKey> = { low: 'chart.obs.low', high: 'chart.obs.high' };
const CRITICAL_KEY: Record<'low' | 'high', MessageKey> = { low: 'chart.obs.criticalLow', high: 'chart.obs.criticalHigh' };

interface Props {
  observations: readonly Observation[];
  caption: string;
  sex?: string;
  /** The rules' critical-value table; without it only reference-range flags are shown. */
  criticalLimits?: readonly CriticalLimit[];
}

export function ObservationTable({ observations, caption, sex, criticalLimits }: Props) {
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
            const { flag, critical, range } = rowFacts(o, sex, typical, criticalLimits);
            const name = testName(o.code, t);
            return (
              <tr key={o.id ?? i} className={critical ? 'critical' : flag ? 'abnormal' : undefined} data-flag={critical ? 'critical' : flag ? 'abnormal' : 'none'}>
                <td>{formatDateTime(observationDate(o), language)}</td>
                <th scope="row">
                  <span title={name.full} data-testid="test-name">
                    {name.short}
                  </span>
                </th>
                <td>
                  {observationValueText(o, language)}
                  {critical ? (
                    <strong className="flag flag-critical" title={t('chart.obs.criticalTitle', { limit: `${critical.direction === 'low' ? '<' : '>'} ${critical.limit}`, unit: displayUnit(critical.unit), source: critical.source })}>
                      {' '}
                      {t(CRITICAL_KEY[critical.direction])}
                    </strong>
                  ) : (
                    flag && <strong className="flag"> {t(FLAG_KEY[flag])}</strong>
                  )}
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
