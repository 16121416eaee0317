// @vitest-environment jsdom
/** First-run form: the set-up code is sent only when typed (from another computer), trimmed. */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SetupAdminForm } from '../../../renderer/src/features/auth/SetupAdminForm';
import { renderEn } from './renderWithI18n';

afterEach(cleanup);

function fill(code?: string): void {
  fireEvent.change(screen.getByLabelText('User name'), { target: { value: ' dr.ana ' } });
  fireEvent.change(screen.getByLabelText('Full name'), { target: { value: 'Dr Ana' } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'correct horse battery' } });
  if (code !== undefined) fireEvent.change(screen.getByLabelText(/Set-up code/), { target: { value: code } });
  fireEvent.click(screen.getByRole('button', { name: 'Create the administrator account' }));
}

describe('SetupAdminForm', () => {
  it('sends no set-up code on the computer that runs Bedside', async () => {
    const onSetup = vi.fn().mockResolvedValue(null);
    renderEn(<SetupAdminForm onSetup={onSetup} />);
    fill();
    await waitFor(() => expect(onSetup).toHaveBeenCalledWith({ username: 'dr.ana', displayName: 'Dr Ana', password: 'correct horse battery' }));
  });

  it('sends the code typed from another computer, and shows the refusal when it is wrong', async () => {
    const onSetup = vi.fn().mockResolvedValue('Creating the first administrator from another computer needs the one-time set-up code.');
    renderEn(<SetupAdminForm onSetup={onSetup} />);
    fill(' ABCD-EFGH-JKLM ');
    await waitFor(() => expect(onSetup).toHaveBeenCalledWith(expect.objectContaining({ setupCode: 'ABCD-EFGH-JKLM' })));
    expect(await screen.findByText(/needs the one-time set-up code/)).toBeTruthy();
  });
});
