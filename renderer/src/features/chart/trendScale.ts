/** Scales for a trend chart: time to x, value to y, and the shaded reference band. Pure. */
import type { Series, SeriesLine } from './chartModel';

/** A plotted point, in SVG units. */
export interface PlottedPoint {
  x: number;
  y: number;
  value: number;
  time: number;
  id: string;
}

/** Geometry of a plotted series, in SVG units. */
export interface TrendGeometry {
  points: PlottedPoint[];
  band: { y: number; height: number } | null;
  /** The second line (diastolic) and its band, when the series has one. */
  second: { points: PlottedPoint[]; band: { y: number; height: number } | null } | null;
  yMin: number;
  yMax: number;
  /** The lowest and highest plotted value (data and range limits), labelled on the value axis, with their y. */
  ticks: { value: number; y: number }[];
  /** Where the plot starts on the left (after the value axis labels). */
  left: number;
}

/**
 * Plots a series into a width×height box with `pad` padding, leaving `left` units on the left
 * for the value axis; includes the reference range(s) in the y extent.
 */
export function trendGeometry(series: Series, width: number, height: number, pad = 8, left = pad): TrendGeometry {
  const lines: SeriesLine[] = [series, ...(series.second ? [series.second] : [])];
  const extent = lines.flatMap((l) => [...l.points.map((p) => p.value), ...(l.low !== undefined ? [l.low] : []), ...(l.high !== undefined ? [l.high] : [])]);
  const lo = Math.min(...extent);
  const hi = Math.max(...extent);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { points: [], band: null, second: null, yMin: 0, yMax: 0, ticks: [], left };
  let yMin = lo;
  let yMax = hi;
  if (yMin === yMax) {
    yMin -= 1;
    yMax += 1;
  }
  const margin = (yMax - yMin) * 0.08;
  yMin -= margin;
  yMax += margin;
  const times = lines.flatMap((l) => l.points.map((p) => p.time));
  const tMin = Math.min(...times);
  const tMax = Math.max(...times);
  const x = (t: number) => (tMax === tMin ? (left + width - pad) / 2 : left + ((t - tMin) / (tMax - tMin)) * (width - left - pad));
  const y = (v: number) => pad + (1 - (v - yMin) / (yMax - yMin)) * (height - 2 * pad);
  const bandOf = (l: SeriesLine): TrendGeometry['band'] => {
    if (l.low === undefined && l.high === undefined) return null;
    const top = y(l.high ?? yMax);
    const bottom = y(l.low ?? yMin);
    return { y: top, height: Math.max(0, bottom - top) };
  };
  const plot = (l: SeriesLine): PlottedPoint[] => l.points.map((p) => ({ x: x(p.time), y: y(p.value), value: p.value, time: p.time, id: p.id }));
  return {
    points: plot(series),
    band: bandOf(series),
    second: series.second ? { points: plot(series.second), band: bandOf(series.second) } : null,
    yMin,
    yMax,
    ticks: lo === hi ? [{ value: lo, y: y(lo) }] : [{ value: hi, y: y(hi) }, { value: lo, y: y(lo) }],
    left,
  };
}
