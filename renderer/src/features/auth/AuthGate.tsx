/**
 * Sign-in around the workspace: first-run setup, sign-in, and the lock overlay (the workspace
 * stays mounted under it, so unsaved notes are kept). Lock and sign out are in the header.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AuthStatus } from '../../../../electron/contract/channels/auth';
import type { BedsideApi, Result } from '../../../../electron/contract';
import { api as defaultApi } from '../../api/client';
import { useI18n } from '../../i18n';
import { clearRecent } from '../patients/recentPatients';
import { ChangePasswordForm } from './ChangePasswordForm';
import { LockOverlay } from './LockOverlay';
import { SessionContext } from './session';
import { SetupAdminForm } from './SetupAdminForm';
import { SignInForm } from './SignInForm';

interface Props {
  api?: BedsideApi;
  /** The workspace, given lock and sign-out actions. */
  children: (session: { userName: string; lock: () => void; signOut: () => void }) => ReactNode;
}

export function AuthGate({ api = defaultApi, children }: Props) {
  const { t } = useI18n();
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const [appRoot, setAppRoot] = useState<HTMLDivElement | null>(null);
  const apply = useCallback((r: Result<AuthStatus>): string | null => {
    if (r.ok) setStatus(r.value);
    // Signed out (by the button, or the session ended): no patient names stay in this browser.
    if (r.ok && r.value.state === 'signed-out') clearRecent();
    return r.ok ? null : r.error.message;
  }, []);
  useEffect(() => {
    void api.auth.status({}).then(apply);
  }, [api, apply]);

  if (!status) return <p role="status">{t('auth.checking')}</p>;
  if (status.state === 'setup-required')
    return (
      <SetupAdminForm
        onSetup={async (input) => {
          const r = await api.auth.setupAdmin({ ...input, alsoClinician: true });
          if (!r.ok) return r.error.message;
          setRecoveryCode(r.value.recoveryCode);
          // The new administrator goes straight in, with the password just chosen.
          return apply(await api.auth.signIn({ username: input.username, password: input.password }));
        }}
      />
    );
  if (status.state === 'password-change-required' && status.user)
    return (
      <ChangePasswordForm
        userName={status.user.displayName}
        onChange={async (currentPassword, newPassword) => apply(await api.auth.changePassword({ currentPassword, newPassword }))}
        onSignOut={() => void api.auth.signOut({}).then(() => api.auth.status({}).then(apply))}
      />
    );
  if (status.state === 'signed-out' || status.state === 'password-change-required')
    return (
      <>
        {status.state === 'password-change-required' && <p className="notice">{t('auth.changeRequired')}</p>}
        <SignInForm onSignIn={async (username, password) => apply(await api.auth.signIn({ username, password }))} />
      </>
    );
  const userName = status.user?.displayName ?? '';
  return (
    <>
      {recoveryCode && (
        <div className="notice" role="alert" data-testid="recovery-code">
          <p>{t('auth.recoveryCode', { code: recoveryCode })}</p>
          <button type="button" onClick={() => setRecoveryCode(null)}>
            {t('auth.recoveryDone')}
          </button>
        </div>
      )}
      <SessionContext.Provider value={status.user ? { username: status.user.username, displayName: status.user.displayName, roles: status.user.roles } : null}>
        <div ref={setAppRoot}>{children({ userName, lock: () => void api.auth.lock({}).then(apply), signOut: () => void api.auth.signOut({}).then(() => api.auth.status({}).then(apply)) })}</div>
      </SessionContext.Provider>
      {status.state === 'locked' && <LockOverlay userName={userName} appRoot={appRoot} onUnlock={async (password) => apply(await api.auth.unlock({ password }))} />}
    </>
  );
}
