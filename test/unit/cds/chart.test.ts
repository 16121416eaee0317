import { describe, expect, it } from 'vitest';
import type { FhirResource } from 'fhir/r4';
import { activeMedications, ageAt, buildChartSnapshot, latestObservation } from '../../../electron/services/cds/chart';
import { LOINC } from '../../../electron/services/cds/observationCodes';
import { bp, med, obs, patient } from './fixtures';

describe('chart snapshot', () => {
  it('groups resources and leaves out other patients', () => {
    const other: FhirResource = { ...med('Aspirin 81 MG Oral Tablet'), subject: { reference: 'Patient/someone-else' } };
    const chart = buildChartSnapshot([patient('1950-06-15', 'female'), med('lisinopril 10 MG Oral Tablet'), other], 'p1');
    expect(chart.patientId).toBe('p1');
    expect(chart.medicationRequests).toHaveLength(1);
  });

  it('computes age on a date, before and after the birthday', () => {
    const p = patient('1950-06-15', 'female');
    expect(ageAt(p, new Date('2020-06-14T00:00:00Z'))).toBe(69);
    expect(ageAt(p, new Date('2020-06-15T00:00:00Z'))).toBe(70);
    expect(ageAt({ resourceType: 'Patient' }, new Date())).toBeUndefined();
  });

  it('finds the latest value, including blood pressure panel components', () => {
    const chart = buildChartSnapshot([
      patient('1950-01-01', 'male'),
      bp(120, 80, '2020-01-01T10:00:00Z'),
      bp(95, 55, '2020-02-01T10:00:00Z'),
      obs('38483-4', 1.1, 'mg/dL', '2020-01-05T10:00:00Z'),
      obs('2160-0', 1.4, 'mg/dL', '2020-01-06T10:00:00Z'),
    ]);
    expect(latestObservation(chart, LOINC.systolic)?.value).toBe(95);
    expect(latestObservation(chart, LOINC.diastolic)?.value).toBe(55);
    expect(latestObservation(chart, LOINC.systolic, new Date('2020-01-15T00:00:00Z'))?.value).toBe(120);
    expect(latestObservation(chart, LOINC.creatinine)).toMatchObject({ value: 1.4, unit: 'mg/dL', code: '2160-0' });
  });

  it('lists only active medications', () => {
    const chart = buildChartSnapshot([patient('1950-01-01', 'male'), med('A', 'active'), med('B', 'stopped'), med('C', 'completed')]);
    expect(activeMedications(chart).map((m) => m.medicationCodeableConcept?.text)).toEqual(['A']);
  });
});
