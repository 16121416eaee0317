// @vitest-environment jsdom
/**
 * The Record tab for a nurse and for a clinician, over the real record store: a nurse records
 * vitals (checked as typed; stamped with her name and the visit) and reported allergies, but is
 * not offered problems or an allergy's verification; a clinician is.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Resource } from 'fhir/r4';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordsPort } from '../../../renderer/src/api/ports';
import { SessionContext, type SessionUser } from '../../../renderer/src/features/auth/session';
import { EntryPanel } from '../../../renderer/src/features/entry/EntryPanel';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { isBedsideError } from '../../../electron/services/errors';
import { openRecords, patient } from '../records/fixtures';
import { renderEn } from './renderWithI18n';

let store: RecordsService | undefined;
afterEach(async () => {
  cleanup();
  await store?.shutdown();
  store = undefined;
});

/** The record store as the screens reach it, calling the real service as `actor`. */
function recordsOver(s: RecordsService, actor: string): RecordsPort {
  const call = async <T,>(fn: () => T) => {
    try {
      return { ok: true as const, value: fn() };
    } catch (e) {
      if (isBedsideError(e)) return { ok: false as const, error: { code: e.code, message: e.message } };
      throw e;
    }
  };
  return {
    saveResource: ({ resource, expectedVersionId }) =>
      call(() => {
        const r = s.saveResource(actor, resource, expectedVersionId);
        return { resource: s.getResource(actor, r.type, r.id) as unknown as Resource };
      }),
  } as RecordsPort;
}

const NURSE: SessionUser = { username: 'n.okoye', displayName: 'Nurse Ngozi Okoye', roles: ['nurse'] };
const DOCTOR: SessionUser = { username: 'a.diallo', displayName: 'Dr Amara Diallo', roles: ['clinician'] };

function renderAs(user: SessionUser) {
  store = openRecords();
  store.saveResource('system:cli', patient('p1'));
  renderEn(
    <SessionContext.Provider value={user}>
      <EntryPanel patientId="p1" birthDate="1970-01-01" allergies={[]} records={recordsOver(store, `user:${user.username}`)} cds={undefined} encounter={{ reference: 'Encounter/v1' }} onSaved={() => {}} />
    </SessionContext.Provider>,
  );
}

describe('Record tab by role', () => {
  it('a nurse records vitals with her name and the visit; no problem form; allergies stay unconfirmed', async () => {
    renderAs(NURSE);
    expect(screen.queryByTestId('problem-form')).toBeNull();
    const allergy = within(screen.getByTestId('allergy-form'));
    expect((allergy.getByTestId('allergy-verification') as HTMLSelectElement).disabled).toBe(true);
    const vitals = within(screen.getByTestId('vitals-form'));
    fireEvent.change(vitals.getByTestId('vital-heartRate'), { target: { value: '1100' } });
    expect(vitals.getByText('Enter a value from 20 to 300 /min; check the decimal point and the unit.')).toBeTruthy();
    expect((vitals.getByTestId('vitals-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(vitals.getByTestId('vital-heartRate'), { target: { value: '110' } });
    fireEvent.click(vitals.getByTestId('vitals-save'));
    await waitFor(() => expect(vitals.getByTestId('vitals-notice').textContent).toBe('1 vital sign saved.'));
    const saved = store!.chart('system:cli', 'p1').resources.find((r) => r.resourceType === 'Observation') as Record<string, unknown>;
    expect(saved).toMatchObject({ performer: [{ display: 'Nurse Ngozi Okoye', identifier: { value: 'n.okoye' } }], encounter: { reference: 'Encounter/v1' }, valueQuantity: { value: 110 } });
  });

  it('a clinician gets the problem form, and a provisional problem is written through the store', async () => {
    renderAs(DOCTOR);
    const form = within(screen.getByTestId('problem-form'));
    fireEvent.change(form.getByTestId('problem-name'), { target: { value: 'Hypertension' } });
    fireEvent.change(form.getByTestId('problem-onset'), { target: { value: '2023' } });
    fireEvent.click(form.getByTestId('problem-save'));
    await waitFor(() => expect(form.getByRole('status').textContent).toMatch(/Hypertension/));
    const c = store!.chart('system:cli', 'p1').resources.find((r) => r.resourceType === 'Condition') as Record<string, unknown>;
    expect(c).toMatchObject({ code: { text: 'Hypertension' }, onsetDateTime: '2023', verificationStatus: { coding: [{ code: 'provisional' }] }, recorder: { display: 'Dr Amara Diallo' } });
  });
});
