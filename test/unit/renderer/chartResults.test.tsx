// @vitest-environment jsdom
/**
 * Vitals and labs on the chart: ranges (the laboratory's own, else the typical adult range,
 * by sex where it differs), blood pressure panels as "128/82 mmHg" and as a two-line trend,
 * read from the demo clinic's FHIR records.
 */
import type { Observation } from 'fhir/r4';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemoClinic } from '../../../electron/services/records/demoClinic';
import { chartSections, seriesByCode } from '../../../renderer/src/features/chart/chartModel';
import { ObservationTable } from '../../../renderer/src/features/chart/ObservationTable';
import { VitalsAndLabs } from '../../../renderer/src/features/chart/VitalsAndLabs';
import { typicalAdultRange } from '../../../renderer/src/features/chart/referenceRanges';
import { observationValueText } from '../../../renderer/src/fhir/display';
import { renderEn } from './renderWithI18n';

afterEach(cleanup);

const demo = generateDemoClinic().resources as unknown as Observation[];
const chartOf = (pid: string) => chartSections(demo.filter((r) => (r as { subject?: { reference?: string } }).subject?.reference === `Patient/${pid}`));

const bpPanel = (systolic: number, diastolic: number, when = '2026-01-15T09:00:00Z', id = 'bp'): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  category: [{ coding: [{ code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel with all children optional' }] },
  effectiveDateTime: when,
  component: [
    { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: systolic, unit: 'mm[Hg]' } },
    { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: diastolic, unit: 'mm[Hg]' } },
  ],
});

const quantity = (code: string, value: number, unit: string, extra: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  id: `${code}-${value}`,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code, display: code }] },
  effectiveDateTime: '2026-01-15T09:00:00Z',
  valueQuantity: { value, unit },
  ...extra,
});

describe('reference ranges', () => {
  it('uses the typical adult range only for a known code in its unit, by sex where it differs', () => {
    expect(typicalAdultRange('8867-4', '/min')).toMatchObject({ low: 60, high: 100, source: 'typical' });
    expect(typicalAdultRange('2339-0', 'mmol/L')).toBeUndefined(); // glucose in another unit: not judged
    expect(typicalAdultRange('2160-0', 'mg/dL', 'female')).toMatchObject({ low: 0.5, high: 0.9 });
    expect(typicalAdultRange('2160-0', 'mg/dL', 'male')).toMatchObject({ low: 0.6, high: 1.2 });
    expect(typicalAdultRange('2160-0', 'mg/dL')).toBeUndefined(); // sex unknown: no guess
    for (const code of ['8867-4', '9279-1', '59408-5', '8310-5', '8480-6', '8462-4', '2160-0', '6298-4', '2951-2', '2339-0', '4548-4', '6299-2']) {
      expect(typicalAdultRange(code, code === '8310-5' ? 'Cel' : code.startsWith('84') ? 'mm[Hg]' : ['8867-4', '9279-1'].includes(code) ? '/min' : ['59408-5', '4548-4'].includes(code) ? '%' : ['6298-4', '2951-2'].includes(code) ? 'mmol/L' : 'mg/dL', 'male')?.citation, code).toBeTruthy();
    }
  });

  it("prefers the laboratory's own range to the typical one", () => {
    const k = quantity('6298-4', 5.3, 'mmol/L', { referenceRange: [{ low: { value: 3.5 }, high: { value: 5.5 } }] });
    const [series] = seriesByCode([k, { ...k, id: 'older', effectiveDateTime: '2026-01-01T09:00:00Z' }]);
    expect(series).toMatchObject({ low: 3.5, high: 5.5, rangeSource: 'observation', rangeText: '3.5–5.5' });
    const [typical] = seriesByCode([quantity('8867-4', 70, '/min')]);
    expect(typical).toMatchObject({ low: 60, high: 100, rangeSource: 'typical', rangeText: '60–100' });
  });
});

describe('blood pressure panels', () => {
  it('read as systolic/diastolic with the unit', () => {
    expect(observationValueText(bpPanel(128, 82))).toBe('128/82 mmHg');
    expect(observationValueText(quantity('8310-5', 36.8, 'Cel'))).toBe('36.8 °C');
  });

  it('make one series of systolic values with the diastolic as its second line, oldest first', () => {
    const series = seriesByCode([bpPanel(128, 82, '2026-01-15T09:00:00Z', 'b'), bpPanel(118, 76, '2026-01-01T09:00:00Z', 'a')]);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ code: '85354-9', unit: 'mm[Hg]', low: 90, high: 139, rangeSource: 'typical' });
    expect(series[0]!.points.map((p) => p.value)).toEqual([118, 128]);
    expect(series[0]!.second).toMatchObject({ low: 60, high: 89 });
    expect(series[0]!.second!.points.map((p) => p.value)).toEqual([76, 82]);
  });

  it('show in the vitals table with the typical adult range, flagged from 140/90 (ESC/ESH 2018, NICE NG136), not at 123/78', () => {
    renderEn(<ObservationTable observations={[bpPanel(162, 98, '2026-01-15T09:00:00Z', 'high'), bpPanel(123, 78, '2026-01-01T09:00:00Z', 'normal')]} caption="Vital signs" />);
    const [high, normal] = screen.getAllByRole('row').slice(1);
    expect(within(high!).getByRole('rowheader').textContent).toBe('Blood pressure');
    expect(within(high!).getAllByRole('cell')[1]!.textContent).toBe('162/98 mmHg high');
    expect(within(high!).getAllByRole('cell')[2]!.textContent).toBe('90–139/60–89 mmHg (typical adult range)');
    expect(within(normal!).getAllByRole('cell')[1]!.textContent).toBe('123/78 mmHg');
    expect(normal!.getAttribute('data-flag')).toBe('none');
  });
});

describe('the demo chart', () => {
  it("shows the laboratory's ranges on labs, typical ranges on vitals, and no empty values", () => {
    const s = chartOf('demo-10'); // Henry Castellanos: potassium 6.8 on lisinopril
    renderEn(<VitalsAndLabs vitals={s.vitals} labs={s.labs} sex="male" />);
    const tables = screen.getAllByRole('table');
    for (const table of tables) {
      for (const row of within(table).getAllByRole('row').slice(1)) expect(within(row).getAllByRole('cell')[1]!.textContent, row.textContent ?? '').not.toBe('');
    }
    const labs = within(tables[1]!);
    const potassium = labs.getAllByRole('row').find((r) => r.textContent?.includes('6.8 mmol/L'))!;
    // Without the rules' critical table the chart flags against the range only.
    expect(potassium.textContent).toContain('6.8 mmol/L high');
    expect(potassium.textContent).toContain('3.5–5.1 mmol/L');
    expect(potassium.textContent).not.toContain('typical');
    const vitals = within(tables[0]!);
    const heart = vitals.getAllByRole('row').find((r) => r.textContent?.includes('Heart rate'))!;
    expect(heart.textContent).toContain('60–100 /min (typical adult range)');
    expect(vitals.getAllByRole('row').filter((r) => /\d+\/\d+ mmHg/.test(r.textContent ?? '')).length).toBeGreaterThan(1);
    // Trends: no "no reference range" among the demo's charts, and blood pressure is one of them.
    const grid = screen.getByTestId('trend-grid');
    expect(within(grid).queryAllByText('no reference range')).toHaveLength(0);
    expect(screen.getByTestId('trend-85354-9')).toBeTruthy();
  });
});
