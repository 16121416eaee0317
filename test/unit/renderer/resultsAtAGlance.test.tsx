// @vitest-environment jsdom
/**
 * Results a clinician reads at a glance (issue #19): short test names with the LOINC name on
 * hover, critical results styled apart from abnormal ones by the rules' own critical table,
 * the trends a clinician looks for first, and times only where the data has them.
 */
import type { Observation } from 'fhir/r4';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { criticalLimitRows } from '../../../electron/services/cds/rules/criticalValues';
import { generateDemoClinic } from '../../../electron/services/records/demoClinic';
import { chartSections, seriesByCode, trendSeries } from '../../../renderer/src/features/chart/chartModel';
import { criticalFlag } from '../../../renderer/src/features/chart/criticalFlags';
import { ObservationTable } from '../../../renderer/src/features/chart/ObservationTable';
import { VitalsAndLabs } from '../../../renderer/src/features/chart/VitalsAndLabs';
import { formatDateTime } from '../../../renderer/src/fhir/display';
import { renderEn } from './renderWithI18n';

afterEach(cleanup);

// The same table the rules alert on, as the cds.criticalLimits channel returns it.
const limits = criticalLimitRows();

const lab = (code: string, display: string, value: number, unit: string, when: string, id: string): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  category: [{ coding: [{ code: 'laboratory' }] }],
  code: { coding: [{ system: 'http://loinc.org', code, display }] },
  effectiveDateTime: when,
  valueQuantity: { value, unit },
});

describe('critical vs abnormal', () => {
  it('uses the rules\' table: potassium 6.8 is critical (> 6.5, Kost 1990), glucose 100 only high', () => {
    expect(criticalFlag(limits, '6298-4', 'mmol/L', 6.8)).toMatchObject({ direction: 'high', limit: 6.5 });
    expect(criticalFlag(limits, '6298-4', 'mmol/L', 5.3)).toBeNull();
    expect(criticalFlag(limits, '2339-0', 'mg/dL', 100)).toBeNull();
    expect(criticalFlag(limits, '2339-0', 'mg/dL', 32)).toMatchObject({ direction: 'low', limit: 40 });
    // A unit the table does not read as is is never called critical by the chart.
    expect(criticalFlag(limits, '2339-0', 'mmol/L', 2)).toBeNull();
  });

  it('styles a critical row apart from an abnormal one, in words', () => {
    const k = lab('6298-4', 'Potassium [Moles/volume] in Blood', 6.8, 'mmol/L', '2026-01-15T09:40:00Z', 'k');
    const g = { ...lab('2339-0', 'Glucose [Mass/volume] in Blood', 100, 'mg/dL', '2026-01-15T09:40:00Z', 'g'), referenceRange: [{ low: { value: 70 }, high: { value: 99 } }] };
    renderEn(<ObservationTable observations={[k, g]} caption="Labs" criticalLimits={limits} />);
    const [kRow, gRow] = screen.getAllByRole('row').slice(1);
    expect(kRow!.getAttribute('data-flag')).toBe('critical');
    expect(kRow!.textContent).toContain('6.8 mmol/L critically high');
    expect(within(kRow!).getByText('critically high').getAttribute('title')).toContain('Kost');
    expect(gRow!.getAttribute('data-flag')).toBe('abnormal');
    expect(gRow!.textContent).toContain('100 mg/dL high');
    expect(gRow!.textContent).not.toContain('critically');
  });
});

describe('test names', () => {
  it('shows the short name with the LOINC name on hover', () => {
    renderEn(<ObservationTable observations={[lab('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 1.1, 'mg/dL', '2026-01-15T09:40:00Z', 'c')]} caption="Labs" />);
    const name = screen.getByTestId('test-name');
    expect(name.textContent).toBe('Creatinine');
    expect(name.getAttribute('title')).toBe('LOINC 2160-0: Creatinine [Mass/volume] in Serum or Plasma');
  });
});

describe('trends', () => {
  it('puts vital signs, creatinine, potassium, HbA1c and INR first', () => {
    const at = (d: number) => `2026-01-${String(d).padStart(2, '0')}T09:00:00Z`;
    const obs: Observation[] = [];
    for (const d of [1, 5, 9]) {
      obs.push(lab('2951-2', 'Sodium', 139, 'mmol/L', at(d), `na-${d}`), lab('2951-2', 'Sodium', 140, 'mmol/L', at(d + 1), `na2-${d}`));
      obs.push(lab('6301-6', 'INR in Platelet poor plasma by Coagulation assay', 2.4, '{INR}', at(d), `inr-${d}`));
      obs.push(lab('2160-0', 'Creatinine', 1, 'mg/dL', at(d), `cr-${d}`));
    }
    const codes = trendSeries(seriesByCode(obs)).map((s) => s.code);
    expect(codes).toEqual(['2160-0', '6301-6', '2951-2']);
  });

  it('the demo chart of the patient on warfarin trends INR, and of the CKD patient creatinine, potassium and HbA1c', () => {
    const demo = generateDemoClinic().resources as unknown as Observation[];
    const of = (pid: string) => chartSections(demo.filter((r) => (r as { subject?: { reference?: string } }).subject?.reference === `Patient/${pid}`));
    const walter = of('demo-06');
    renderEn(<VitalsAndLabs vitals={walter.vitals} labs={walter.labs} sex="male" criticalLimits={limits} />);
    expect(screen.getByTestId('trend-6301-6')).toBeTruthy();
    cleanup();
    const rosa = of('demo-03');
    renderEn(<VitalsAndLabs vitals={rosa.vitals} labs={rosa.labs} sex="female" criticalLimits={limits} />);
    for (const code of ['85354-9', '8867-4', '2160-0', '6298-4', '4548-4']) expect(screen.getByTestId(`trend-${code}`)).toBeTruthy();
  });
});

describe('times', () => {
  it('shows a time only where the data has one', () => {
    expect(formatDateTime('2026-01-15', 'en-US')).toBe('Jan 15, 2026');
    expect(formatDateTime('2026-01-15T09:40:00Z', 'en-US')).toMatch(/Jan 15, 2026, \d\d:40 (AM|PM)/);
  });
});
