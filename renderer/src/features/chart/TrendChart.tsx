/**
 * A small inline-SVG trend of one observation code, with the reference range shaded and values
 * outside it drawn as filled diamonds (shape as well as colour, for colour-blind readers). The
 * value axis is labelled at its lowest and highest value, the time axis with the first and last
 * dates; the range says whose it is (the laboratory's, or the typical adult range); a blood
 * pressure panel draws systolic and diastolic together. Its text alternative says the same.
 */
import type { MessageKey } from '../../i18n';
import { useI18n } from '../../i18n';
import type { CriticalLimit } from '../../api/ports';
import { BP_PANEL_CODES, DIASTOLIC_CODE, SYSTOLIC_CODE, formatDate } from '../../fhir/display';
import { outOfRange, seriesUnit, type Series, type SeriesLine } from './chartModel';
import { criticalFlag } from './criticalFlags';
import { SHORT_NAME_KEYS } from './observationNames';
import { trendGeometry, type PlottedPoint } from './trendScale';

interface Props {
  series: Series;
  /** The rules' critical-value table: critical points are drawn apart and the latest value says so. */
  criticalLimits?: readonly CriticalLimit[];
  width?: number;
  height?: number;
}

/** Room on the left for the value axis labels ("37.2 °C"). */
const AXIS = 60;

const num = (v: number): string => String(Math.round(v * 100) / 100);

/** Where the latest value stands: 'high', 'low', 'normal', or null without a range. */
function latestStatus(lines: readonly SeriesLine[]): 'high' | 'low' | 'normal' | null {
  let status: 'high' | 'low' | 'normal' | null = null;
  for (const l of lines) {
    const last = l.points[l.points.length - 1];
    if (!last || (l.low === undefined && l.high === undefined)) continue;
    const flag = outOfRange(last.value, l.low, l.high);
    if (flag === 'high' || (flag === 'low' && status !== 'high')) status = flag;
    else if (status === null) status = 'normal';
  }
  return status;
}

type Status = 'high' | 'low' | 'normal' | 'criticalHigh' | 'criticalLow';
const STATUS_KEY: Record<Status, MessageKey> = {
  high: 'chart.trend.status.high',
  low: 'chart.trend.status.low',
  normal: 'chart.trend.status.normal',
  criticalHigh: 'chart.trend.status.criticalHigh',
  criticalLow: 'chart.trend.status.criticalLow',
};

function Points({ points, line, className, critical }: { points: PlottedPoint[]; line: SeriesLine; className: string; critical: (value: number) => boolean }) {
  return (
    <>
      <polyline className={`trend-line ${className}`} fill="none" points={points.map((p) => `${p.x},${p.y}`).join(' ')} />
      {points.map((p) =>
        critical(p.value) ? (
          <path key={p.id} className="trend-point-critical" data-abnormal="critical" d={`M${p.x - 6} ${p.y - 6} L${p.x + 6} ${p.y - 6} L${p.x + 6} ${p.y + 6} L${p.x - 6} ${p.y + 6} Z`} />
        ) : outOfRange(p.value, line.low, line.high) ? (
          <path key={p.id} className="trend-point-abnormal" data-abnormal="true" d={`M${p.x} ${p.y - 5} L${p.x + 5} ${p.y} L${p.x} ${p.y + 5} L${p.x - 5} ${p.y} Z`} />
        ) : (
          <circle key={p.id} className={`trend-point ${className}`} data-abnormal="false" cx={p.x} cy={p.y} r={3} />
        ),
      )}
    </>
  );
}

export function TrendChart({ series, width = 260, height = 90, criticalLimits }: Props) {
  const { t, language } = useI18n();
  const g = trendGeometry(series, width, height, 8, AXIS);
  const unit = seriesUnit(series);
  const isBp = BP_PANEL_CODES.includes(series.code) && series.second !== undefined;
  const shortKey = SHORT_NAME_KEYS[series.code];
  const name = isBp ? t('chart.bp.name') : shortKey ? t(shortKey) : series.name;
  const fullName = isBp ? series.name : t('chart.obs.loincName', { code: series.code, name: series.name });
  const mainCode = isBp ? SYSTOLIC_CODE : series.code;
  const critical = (code: string) => (value: number) => criticalFlag(criticalLimits, code, series.unit, value) !== null;
  const lines: SeriesLine[] = [series, ...(series.second ? [series.second] : [])];
  const hasRange = lines.some((l) => l.rangeText !== undefined);
  const rangeWords = lines
    .map((l) => l.rangeText)
    .filter((r): r is string => r !== undefined)
    .join(' / ');
  const range = !hasRange
    ? t('chart.trend.noRange')
    : t(series.rangeSource === 'typical' ? 'chart.trend.typicalRange' : 'chart.trend.labRange', { range: rangeWords, unit });
  const first = series.points[0];
  const last = series.points[series.points.length - 1];
  const lastSecond = series.second?.points[series.second.points.length - 1];
  const date = (time: number | undefined) => (time === undefined ? '–' : formatDate(new Date(time).toISOString(), language));
  const latest = last ? `${num(last.value)}${lastSecond ? `/${num(lastSecond.value)}` : ''} ${unit}`.trim() : '–';
  const lastCritical = last ? criticalFlag(criticalLimits, mainCode, series.unit, last.value) : null;
  const status: Status | null = lastCritical ? (lastCritical.direction === 'high' ? 'criticalHigh' : 'criticalLow') : latestStatus(lines);
  const label = t('chart.trend.label', {
    name,
    count: series.points.length,
    first: date(first?.time),
    last: date(last?.time),
    latest,
    status: status ? t(STATUS_KEY[status]) : t('chart.trend.status.none'),
    range,
  });
  return (
    <figure className="trend" data-testid={`trend-${series.code}`} data-status={status ?? 'none'}>
      <figcaption>
        <strong title={fullName}>{name}</strong>{' '}
        <span className="muted" data-testid="trend-range" title={series.rangeSource === 'typical' ? series.citation : undefined}>
          {range}
        </span>
      </figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        {g.band && <rect className="trend-band" data-testid="trend-band" x={g.left} y={g.band.y} width={width - g.left} height={g.band.height} />}
        {g.second?.band && <rect className="trend-band trend-band-second" data-testid="trend-band-second" x={g.left} y={g.second.band.y} width={width - g.left} height={g.second.band.height} />}
        {g.ticks.map((tick) => (
          <g key={tick.value} className="trend-tick" data-testid="trend-tick">
            <line x1={g.left - 4} x2={g.left} y1={tick.y} y2={tick.y} />
            <text x={g.left - 6} y={tick.y} textAnchor="end" dominantBaseline="middle">
              {`${num(tick.value)} ${unit}`.trim()}
            </text>
          </g>
        ))}
        <line className="trend-axis" x1={g.left} x2={g.left} y1={0} y2={height} />
        <Points points={g.points} line={series} className="" critical={critical(mainCode)} />
        {g.second && series.second && <Points points={g.second.points} line={series.second} className="trend-second" critical={critical(DIASTOLIC_CODE)} />}
      </svg>
      <div className="trend-dates" aria-hidden="true" style={{ marginLeft: AXIS, width: width - AXIS }}>
        <span data-testid="trend-first-date">{date(first?.time)}</span>
        {series.points.length > 1 && <span data-testid="trend-last-date">{date(last?.time)}</span>}
      </div>
      {isBp && (
        <p className="trend-legend muted" aria-hidden="true">
          {t('chart.bp.legend')}
        </p>
      )}
    </figure>
  );
}
