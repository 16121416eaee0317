/** Sign-in: user name and password; the error from the accounts service is shown as written. */
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';

interface Props {
  /** Resolves with null on success, else the message to show. */
  onSignIn: (username: string, password: string) => Promise<string | null>;
}

export function SignInForm({ onSignIn }: Props) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="panel sign-in"
      aria-labelledby="signin-title"
      data-testid="sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        if (!username.trim() || !password) return setError(t('auth.needBoth'));
        setBusy(true);
        void onSignIn(username.trim(), password).then((problem) => {
          setBusy(false);
          setError(problem);
          if (problem === null) setPassword('');
        });
      }}
    >
      <h1 id="signin-title">{t('auth.signIn')}</h1>
      <label className="field">
        <span>{t('auth.username')}</span>
        <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoFocus />
      </label>
      <label className="field">
        <span>{t('auth.password')}</span>
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      </label>
      <ErrorText message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('common.working') : t('auth.signIn')}
      </button>
    </form>
  );
}
