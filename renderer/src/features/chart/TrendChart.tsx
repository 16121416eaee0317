/**
 * A small inline-SVG trend of one observation code, with the reference range shaded and values
 * outside it drawn as filled diamonds (shape as well as colour, for colour-blind readers).
 */
import { useI18n } from '../../i18n';
import { formatDate } from '../../fhir/display';
import { outOfRange, type Series } from './chartModel';
import { trendGeometry } from './trendScale';

interface Props {
  series: Series;
  width?: number;
  height?: number;
}

export function TrendChart({ series, width = 260, height = 90 }: Props) {
  const { t, language } = useI18n();
  const g = trendGeometry(series, width, height);
  const last = series.points[series.points.length - 1];
  const range =
    series.low !== undefined || series.high !== undefined
      ? t('chart.trend.range', { low: series.low ?? '–', high: series.high ?? '–', unit: series.unit })
      : t('chart.trend.noRange');
  const label = t('chart.trend.label', {
    name: series.name,
    count: series.points.length,
    last: last ? `${last.value} ${series.unit}` : '–',
    date: last ? formatDate(new Date(last.time).toISOString(), language) : '–',
    range,
  });
  return (
    <figure className="trend" data-testid={`trend-${series.code}`}>
      <figcaption>
        <strong>{series.name}</strong> <span className="muted">{range}</span>
      </figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        {g.band && <rect className="trend-band" data-testid="trend-band" x={0} y={g.band.y} width={width} height={g.band.height} />}
        <polyline className="trend-line" fill="none" points={g.points.map((p) => `${p.x},${p.y}`).join(' ')} />
        {g.points.map((p) =>
          outOfRange(p.value, series.low, series.high) ? (
            <path key={p.id} className="trend-point-abnormal" data-abnormal="true" d={`M${p.x} ${p.y - 5} L${p.x + 5} ${p.y} L${p.x} ${p.y + 5} L${p.x - 5} ${p.y} Z`} />
          ) : (
            <circle key={p.id} className="trend-point" data-abnormal="false" cx={p.x} cy={p.y} r={3} />
          ),
        )}
      </svg>
    </figure>
  );
}
