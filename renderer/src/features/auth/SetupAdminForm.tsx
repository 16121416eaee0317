/** First run: creates the administrator account; the recovery code is shown once. */
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';

interface Props {
  onSetup: (input: { username: string; displayName: string; password: string; setupCode?: string }) => Promise<string | null>;
}

export function SetupAdminForm({ onSetup }: Props) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [setupCode, setSetupCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="panel sign-in"
      aria-labelledby="setup-title"
      data-testid="setup-admin"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onSetup({ username: username.trim(), displayName: displayName.trim(), password, ...(setupCode.trim() ? { setupCode: setupCode.trim() } : {}) }).then((p) => {
          setBusy(false);
          setError(p);
        });
      }}
    >
      <h1 id="setup-title">{t('auth.setupTitle')}</h1>
      <p>{t('auth.setupBody')}</p>
      <label className="field">
        <span>{t('auth.username')}</span>
        <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
      </label>
      <label className="field">
        <span>{t('auth.displayName')}</span>
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />
      </label>
      <label className="field">
        <span>{t('auth.password')}</span>
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required />
      </label>
      {/* Needed only from another computer: the browser host prints a one-time code on its console. */}
      <label className="field">
        <span>{t('auth.setupCode')}</span>
        <input value={setupCode} onChange={(e) => setSetupCode(e.target.value)} autoComplete="off" spellCheck={false} aria-describedby="setup-code-hint" />
        <small id="setup-code-hint">{t('auth.setupCodeHint')}</small>
      </label>
      <ErrorText message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('auth.setupCreate')}
      </button>
    </form>
  );
}
