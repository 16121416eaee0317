/**
 * Choosing a new password after signing in with a temporary one (auth.changePassword). Checks
 * what it can before sending (all fields, the two new ones match, the length); the accounts
 * service checks the rest and its message is shown as written.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';

/** The accounts service's minimum (electron/services/auth/passwordPolicy.ts), checked early for a quicker answer. */
const MIN_LENGTH = 12;

interface Props {
  userName: string;
  /** Resolves with null on success, else the message to show. */
  onChange: (currentPassword: string, newPassword: string) => Promise<string | null>;
  /** Someone else at a shared workstation leaves this screen by signing out. */
  onSignOut: () => void;
}

export function ChangePasswordForm({ userName, onChange, onSignOut }: Props) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const problem = (): string | null => {
    if (!current || !next || !again) return t('auth.needAllThree');
    if (next !== again) return t('auth.mismatch');
    if ([...next].length < MIN_LENGTH) return t('auth.tooShort');
    return null;
  };
  return (
    <form
      className="panel sign-in"
      aria-labelledby="change-password-title"
      aria-describedby="change-password-body"
      data-testid="change-password"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const p = problem();
        if (p) return setError(p);
        setBusy(true);
        void onChange(current, next).then((failure) => {
          setBusy(false);
          setError(failure);
          if (failure === null) {
            setCurrent('');
            setNext('');
            setAgain('');
          }
        });
      }}
    >
      <h1 id="change-password-title">{t('auth.changeTitle')}</h1>
      <p id="change-password-body">{t('auth.changeBody', { name: userName })}</p>
      <label className="field">
        <span>{t('auth.currentPassword')}</span>
        <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" autoFocus />
      </label>
      <label className="field">
        <span>{t('auth.newPassword')}</span>
        <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" aria-describedby="new-password-hint" />
      </label>
      <p id="new-password-hint" className="muted small">
        {t('auth.passwordHint')}
      </p>
      <label className="field">
        <span>{t('auth.confirmPassword')}</span>
        <input type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />
      </label>
      <ErrorText message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('common.working') : t('auth.changeSubmit')}
      </button>{' '}
      <button type="button" onClick={onSignOut}>
        {t('auth.signOut')}
      </button>
    </form>
  );
}
