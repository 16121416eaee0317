// @vitest-environment jsdom
/**
 * Identity (issue #19): a duplicate MRN or a near-identical name with the same birth date is
 * caught before a new patient is saved, search results show age and sex, and the recent
 * patients list is cleared at sign-out. The search runs against a real SQLite record store.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideApi } from '../../../electron/contract';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import type { PatientSummary } from '../../../renderer/src/api/ports';
import { recordsPort } from '../../../renderer/src/api/wiring';
import { possibleDuplicates, similarNames } from '../../../renderer/src/features/patients/duplicatePatients';
import { NewPatientForm } from '../../../renderer/src/features/patients/NewPatientForm';
import { patientRow } from '../../../renderer/src/features/patients/patientRow';
import { clearRecent, loadRecent, saveRecent } from '../../../renderer/src/features/patients/recentPatients';
import { languages } from '../../../renderer/src/i18n';
import { format } from '../../../renderer/src/i18n/format';
import { openRecords } from '../records/fixtures';
import { renderEn } from './renderWithI18n';

let store: RecordsService | undefined;
afterEach(() => {
  cleanup();
  void store?.shutdown();
  store = undefined;
});

/** The records port as the app wires it, its search answered by a real record store. */
function portOver(s: RecordsService) {
  const api = { records: { searchPatients: async (i: { query: string; limit?: number }) => ({ ok: true as const, value: { patients: s.searchPatients('dr.test', i.query, i.limit ?? 20) } }) } } as unknown as BedsideApi;
  return recordsPort(api);
}

const summary = (id: string, name: string, birthDate: string, mrn: string): PatientSummary => ({ resourceType: 'Patient', id, name: [{ text: name }], birthDate, identifier: [{ value: mrn }] });

describe('possible duplicates', () => {
  it('matches names despite typos, accents, order and a missing second given name, but not different people', () => {
    expect(similarNames('Okafor', 'Margaret', 'Okafor, Margaret')).toBe(true);
    expect(similarNames('Okafor', 'Margeret', 'Okafor, Margaret')).toBe(true);
    expect(similarNames('Muller', 'Anna', 'Müller, Anna Maria')).toBe(true);
    expect(similarNames('Margaret', 'Okafor', 'Okafor, Margaret')).toBe(true);
    expect(similarNames('Okafor', 'Grace', 'Okafor, Margaret')).toBe(false);
    expect(similarNames('Smith', 'Margaret', 'Okafor, Margaret')).toBe(false);
  });

  it('names the MRN clash first, then same birth date with a similar name', () => {
    const found = possibleDuplicates({ family: 'Okafor', given: 'Margeret', birthDate: '1948-03-12', mrn: 'MRN-100248' }, [
      summary('a', 'Okafor, Margaret', '1948-03-12', 'MRN-100231'),
      summary('b', 'Lindqvist, Thomas', '1972-09-30', 'MRN-100248'),
      summary('c', 'Okafor, Margaret', '1949-03-12', 'MRN-1'),
    ]);
    expect(found.map((d) => [d.patient.id, d.reason])).toEqual([['b', 'mrn'], ['a', 'name-birth-date']]);
  });
});

describe('creating a patient', () => {
  beforeEach(() => {
    store = openRecords();
    store.seedDemoClinic('admin');
  });

  const fill = (values: Record<string, string>) => {
    for (const [label, value] of Object.entries(values)) fireEvent.change(screen.getByLabelText(label), { target: { value } });
  };

  it('refuses a duplicate MRN with a warning and a link to the existing chart; nothing is saved', async () => {
    const port = portOver(store!);
    const save = vi.fn(port.saveResource);
    const onOpenExisting = vi.fn();
    renderEn(<NewPatientForm save={save} search={port.searchPatients} onCreated={() => undefined} onOpenExisting={onOpenExisting} onCancel={() => undefined} />);
    fill({ 'Family name': 'Newperson', 'Given names': 'Ada', 'Birth date': '1990-01-01', Sex: 'female', MRN: 'MRN-100231' });
    fireEvent.submit(screen.getByTestId('new-patient-form'));
    const warning = await screen.findByTestId('duplicate-warning');
    expect(warning.textContent).toContain('MRN MRN-100231 already belongs to Margaret Okafor (born Mar 12, 1948)');
    expect(screen.queryByTestId('create-anyway')).toBeNull();
    expect(save).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText("Open Margaret Okafor's chart"));
    expect(onOpenExisting.mock.calls[0]![0].id).toBe('demo-01');
  });

  it('warns of a near-duplicate name with the same birth date, and saves only when told it is someone else', async () => {
    const port = portOver(store!);
    const saved: unknown[] = [];
    const save = vi.fn(async (input: Parameters<typeof port.saveResource>[0]) => {
      saved.push(input.resource);
      return { ok: true as const, value: { resource: { ...input.resource, id: 'new-1' } } };
    });
    const onCreated = vi.fn();
    renderEn(<NewPatientForm save={save} search={port.searchPatients} onCreated={onCreated} onCancel={() => undefined} />);
    fill({ 'Family name': 'Okafor', 'Given names': 'Margeret', 'Birth date': '1948-03-12', Sex: 'female' });
    fireEvent.submit(screen.getByTestId('new-patient-form'));
    const warning = await screen.findByTestId('duplicate-warning');
    expect(warning.textContent).toContain('Margaret Okafor, born Mar 12, 1948, MRN MRN-100231, has a very similar name');
    expect(save).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('create-anyway'));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(saved).toHaveLength(1);
  });
});

describe('search results and recent patients', () => {
  it('show age and sex', () => {
    const t = (key: keyof typeof languages.en, params?: Record<string, string | number>) => format(languages.en[key], params, 'en');
    const row = patientRow({ birthDate: '1948-03-12', gender: 'female', identifier: [{ value: 'MRN-100231' }] }, t, 'en-US', new Date('2026-01-15T09:00:00Z'));
    expect(row).toBe('77 y · female · Born Mar 12, 1948 · MRN MRN-100231');
  });

  it('are forgotten at sign-out', () => {
    saveRecent([{ id: 'demo-01', name: 'Okafor, Margaret', mrn: 'MRN-100231', birthDate: '1948-03-12' }]);
    expect(loadRecent()).toHaveLength(1);
    clearRecent();
    expect(loadRecent()).toEqual([]);
    expect(localStorage.getItem('bedside.recentPatients')).toBeNull();
  });
});
