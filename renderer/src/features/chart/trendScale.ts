/** Scales for a trend chart: time to x, value to y, and the shaded reference band. Pure. */
import type { Series } from './chartModel';

/** Geometry of a plotted series, in SVG units. */
export interface TrendGeometry {
  points: { x: number; y: number; value: number; time: number; id: string }[];
  band: { y: number; height: number } | null;
  yMin: number;
  yMax: number;
}

/** Plots a series into a width×height box with padding; includes the reference range in the y extent. */
export function trendGeometry(series: Series, width: number, height: number, pad = 8): TrendGeometry {
  const values = series.points.map((p) => p.value);
  const extent = [...values, ...(series.low !== undefined ? [series.low] : []), ...(series.high !== undefined ? [series.high] : [])];
  let yMin = Math.min(...extent);
  let yMax = Math.max(...extent);
  if (!Number.isFinite(yMin) || !Number.isFinite(yMax)) return { points: [], band: null, yMin: 0, yMax: 0 };
  if (yMin === yMax) {
    yMin -= 1;
    yMax += 1;
  }
  const margin = (yMax - yMin) * 0.08;
  yMin -= margin;
  yMax += margin;
  const times = series.points.map((p) => p.time);
  const tMin = Math.min(...times);
  const tMax = Math.max(...times);
  const x = (t: number) => (tMax === tMin ? width / 2 : pad + ((t - tMin) / (tMax - tMin)) * (width - 2 * pad));
  const y = (v: number) => pad + (1 - (v - yMin) / (yMax - yMin)) * (height - 2 * pad);
  let band: TrendGeometry['band'] = null;
  if (series.low !== undefined || series.high !== undefined) {
    const top = y(series.high ?? yMax);
    const bottom = y(series.low ?? yMin);
    band = { y: top, height: Math.max(0, bottom - top) };
  }
  return { points: series.points.map((p) => ({ x: x(p.time), y: y(p.value), value: p.value, time: p.time, id: p.id })), band, yMin, yMax };
}
