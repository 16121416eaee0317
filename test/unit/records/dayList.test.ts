/** The day list from the real record store: the visits open at some time today and every open one, with their patients; nothing else. */
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { openRecords, patient } from './fixtures';

let s: RecordsService | undefined;
afterEach(async () => {
  await s?.shutdown();
  s = undefined;
});

const visit = (id: string, patientId: string, status: string, start: string, who = 'Dr Amara Diallo') => ({
  resourceType: 'Encounter',
  id,
  status,
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
  subject: { reference: `Patient/${patientId}` },
  period: { start },
  participant: [{ individual: { display: who } }],
});

describe('day list', () => {
  it("lists the day's visits and every open visit, open ones first, with patient and clinicians", () => {
    s = openRecords();
    for (const id of ['p1', 'p2', 'p3', 'p4']) s.saveResource('dr', patient(id, `Family${id}`));
    s.saveResource('dr', visit('e1', 'p1', 'finished', '2024-03-01T09:00:00+01:00'));
    s.saveResource('dr', visit('e2', 'p2', 'in-progress', '2024-03-01T10:30:00+01:00'));
    s.saveResource('dr', visit('e3', 'p3', 'in-progress', '2024-02-27T16:00:00Z'));
    s.saveResource('dr', visit('e4', 'p4', 'finished', '2024-02-29T22:59:00Z'));
    s.saveResource('dr', visit('e5', 'p4', 'finished', '2024-03-02T00:00:00+01:00'));
    // The workstation's day: 1 March in Paris (UTC+1) is [2024-02-29T23:00Z, 2024-03-01T23:00Z).
    const visits = s.dayList('2024-02-29T23:00:00.000Z', '2024-03-01T23:00:00.000Z');
    expect(visits.map((v) => [v.encounterId, v.status, v.patient.id])).toEqual([
      ['e2', 'in-progress', 'p2'],
      ['e3', 'in-progress', 'p3'],
      ['e1', 'finished', 'p1'],
    ]);
    expect(visits[0]).toMatchObject({ clinicians: ['Dr Amara Diallo'], patient: { name: 'Ada Familyp2' }, start: '2024-03-01T10:30:00+01:00', end: null });
  });

  it('keeps a visit that began before midnight and ended after it on the new day', () => {
    s = openRecords();
    for (const id of ['p1', 'p2']) s.saveResource('dr', patient(id, `Family${id}`));
    // Paris: began 29 February 23:40, ended 1 March 00:20; another ended before midnight.
    s.saveResource('dr', { ...visit('night', 'p1', 'finished', '2024-02-29T22:40:00Z'), period: { start: '2024-02-29T22:40:00Z', end: '2024-02-29T23:20:00Z' } });
    s.saveResource('dr', { ...visit('evening', 'p2', 'finished', '2024-02-29T21:00:00Z'), period: { start: '2024-02-29T21:00:00Z', end: '2024-02-29T22:30:00Z' } });
    const visits = s.dayList('2024-02-29T23:00:00.000Z', '2024-03-01T23:00:00.000Z');
    expect(visits.map((v) => v.encounterId)).toEqual(['night']);
  });
});
