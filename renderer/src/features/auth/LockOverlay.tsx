/**
 * The lock screen: covers the app (which stays mounted underneath, so unsaved notes are kept)
 * and makes it inert until the same user unlocks.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';

interface Props {
  userName: string;
  onUnlock: (password: string) => Promise<string | null>;
  /** The element holding the app, made inert while locked. */
  appRoot?: HTMLElement | null;
}

export function LockOverlay({ userName, onUnlock, appRoot }: Props) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    appRoot?.setAttribute('inert', '');
    return () => appRoot?.removeAttribute('inert');
  }, [appRoot]);
  return (
    <div className="lock-overlay" role="dialog" aria-modal="true" aria-labelledby="lock-title" data-testid="lock-overlay">
      <form
        className="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void onUnlock(password).then((problem) => {
            setError(problem);
            setPassword('');
          });
        }}
      >
        <h1 id="lock-title">{t('auth.locked')}</h1>
        <p>{t('auth.lockedBody', { name: userName })}</p>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" autoFocus />
        </label>
        <ErrorText message={error} />
        <button type="submit" className="primary">
          {t('auth.unlock')}
        </button>
      </form>
    </div>
  );
}
