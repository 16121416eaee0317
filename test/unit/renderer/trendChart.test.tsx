// @vitest-environment jsdom
/**
 * Trend chart: the reference band at the right height, values outside it marked as abnormal,
 * labelled axes, whose range it is, a text alternative, and blood pressure as two lines.
 */
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TrendChart } from '../../../renderer/src/features/chart/TrendChart';
import type { Series } from '../../../renderer/src/features/chart/chartModel';
import { renderEn } from './renderWithI18n';

afterEach(cleanup);

const day = 86_400_000;
const potassium: Series = {
  code: '2823-3',
  name: 'Potassium',
  unit: 'mmol/L',
  low: 3.5,
  high: 5.0,
  rangeText: '3.5–5',
  rangeSource: 'observation',
  points: [
    { time: 0, value: 3.0, id: 'a' },
    { time: day, value: 4.2, id: 'b' },
    { time: 2 * day, value: 5.6, id: 'c' },
  ],
};

// The chart's scale, worked by hand: values and range span 3.0–5.6; 8% margin each side
// (0.208) gives 2.792–5.808; 8 px padding in a 90 px box leaves 74 px. The value axis labels
// take the first 60 px on the left, so the plot (and the band) spans x 60–260.
const y = (v: number) => 8 + (1 - (v - 2.792) / (5.808 - 2.792)) * 74;

describe('TrendChart', () => {
  it('draws the reference band from the high limit down to the low one', () => {
    renderEn(<TrendChart series={potassium} width={260} height={90} />);
    const band = screen.getByTestId('trend-band');
    expect(Number(band.getAttribute('y'))).toBeCloseTo(y(5.0), 3); // ≈ 27.82
    expect(Number(band.getAttribute('height'))).toBeCloseTo(y(3.5) - y(5.0), 3); // ≈ 36.81
    expect(Number(band.getAttribute('x'))).toBe(60);
    expect(Number(band.getAttribute('width'))).toBe(200);
  });

  it('marks values outside the range as abnormal (a diamond), the others as normal (a dot), at their values', () => {
    const { container } = renderEn(<TrendChart series={potassium} width={260} height={90} />);
    const abnormal = [...container.querySelectorAll('[data-abnormal="true"]')];
    const normal = [...container.querySelectorAll('[data-abnormal="false"]')];
    expect(abnormal.map((e) => e.tagName.toLowerCase())).toEqual(['path', 'path']);
    expect(normal.map((e) => e.tagName.toLowerCase())).toEqual(['circle']);
    expect(Number(normal[0]!.getAttribute('cy'))).toBeCloseTo(y(4.2), 3);
    // A diamond's path starts at its top vertex, 5 px above the value.
    const topOf = (d: string) => Number(/^M[\d.]+ ([\d.]+)/.exec(d)![1]);
    expect(topOf(abnormal[0]!.getAttribute('d')!) + 5).toBeCloseTo(y(3.0), 3);
    expect(topOf(abnormal[1]!.getAttribute('d')!) + 5).toBeCloseTo(y(5.6), 3);
    // The low value is below the band, the high one above it.
    const band = screen.getByTestId('trend-band');
    const top = Number(band.getAttribute('y'));
    const bottom = top + Number(band.getAttribute('height'));
    expect(y(3.0)).toBeGreaterThan(bottom);
    expect(y(5.6)).toBeLessThan(top);
  });

  it('draws no band when the observation has no reference range, and marks nothing abnormal', () => {
    const { container } = renderEn(<TrendChart series={{ ...potassium, low: undefined, high: undefined, rangeText: undefined, rangeSource: undefined }} />);
    expect(screen.queryByTestId('trend-band')).toBeNull();
    expect(container.querySelectorAll('[data-abnormal="true"]')).toHaveLength(0);
    expect(screen.getByTestId('trend-range').textContent).toBe('no reference range');
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/latest 5\.6 mmol\/L, no range to compare with; no reference range$/);
  });

  it('labels the value axis at its lowest and highest value with units, and the first and last dates', () => {
    const jan3 = Date.parse('2026-01-03T09:00:00Z');
    renderEn(<TrendChart series={{ ...potassium, points: potassium.points.map((p) => ({ ...p, time: jan3 + p.time })) }} width={260} height={90} />);
    const ticks = screen.getAllByTestId('trend-tick');
    expect(ticks.map((tk) => tk.textContent)).toEqual(['5.6 mmol/L', '3 mmol/L']);
    expect(Number(ticks[0]!.querySelector('text')!.getAttribute('y'))).toBeCloseTo(y(5.6), 3);
    expect(Number(ticks[1]!.querySelector('text')!.getAttribute('y'))).toBeCloseTo(y(3.0), 3);
    expect(screen.getByTestId('trend-first-date').textContent).toBe('Jan 3, 2026');
    expect(screen.getByTestId('trend-last-date').textContent).toBe('Jan 5, 2026');
  });

  it('says whose range it is, and gives a text alternative with the dates, the latest value and where it stands', () => {
    renderEn(<TrendChart series={potassium} />);
    expect(screen.getByTestId('trend-range').textContent).toBe('lab range 3.5–5 mmol/L');
    cleanup();
    const jan3 = Date.parse('2026-01-03T09:00:00Z');
    const heartRate: Series = {
      code: '8867-4',
      name: 'Heart rate',
      unit: '/min',
      low: 60,
      high: 100,
      rangeText: '60–100',
      rangeSource: 'typical',
      citation: "Bates' Guide",
      points: [78, 84, 96, 112].map((value, i) => ({ time: jan3 + i * 4 * day, value, id: `hr${i}` })),
    };
    renderEn(<TrendChart series={heartRate} />);
    expect(screen.getByTestId('trend-range').textContent).toBe('typical adult range 60–100 /min');
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      'Heart rate, 4 readings from Jan 3, 2026 to Jan 15, 2026; latest 112 /min, above range; typical adult range 60–100 /min',
    );
  });

  it('draws a blood pressure panel as systolic and diastolic lines, each judged by its own range', () => {
    const bp: Series = {
      code: '85354-9',
      name: 'Blood pressure panel with all children optional',
      unit: 'mm[Hg]',
      low: 90,
      high: 120,
      rangeText: '90–120',
      rangeSource: 'typical',
      points: [{ time: 0, value: 118, id: 's1' }, { time: day, value: 128, id: 's2' }],
      second: { name: 'Diastolic', low: 60, high: 80, rangeText: '60–80', points: [{ time: 0, value: 76, id: 'd1' }, { time: day, value: 82, id: 'd2' }] },
    };
    const { container } = renderEn(<TrendChart series={bp} />);
    expect(container.querySelector('figcaption strong')!.textContent).toBe('Blood pressure');
    expect(screen.getByTestId('trend-range').textContent).toBe('typical adult range 90–120 / 60–80 mmHg');
    expect(container.querySelectorAll('polyline')).toHaveLength(2);
    expect(screen.getByTestId('trend-band-second')).toBeTruthy();
    // 128 and 82 are above their ranges; 118 and 76 are within theirs.
    expect(container.querySelectorAll('[data-abnormal="true"]')).toHaveLength(2);
    expect(container.querySelectorAll('[data-abnormal="false"]')).toHaveLength(2);
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/^Blood pressure, 2 readings from .*; latest 128\/82 mmHg, above range; typical adult range 90–120 \/ 60–80 mmHg$/);
  });
});
