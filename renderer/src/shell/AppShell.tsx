/** The app frame: navigation, the current screen inside an error boundary, the status bar. */
import { useState } from 'react';
import { useI18n } from '../i18n';
import { ErrorBoundary } from './ErrorBoundary';
import { StatusBar } from './StatusBar';
import { useAppInfo } from './useAppInfo';
import { HomeScreen } from '../features/HomeScreen';
import { SettingsScreen } from '../features/SettingsScreen';

type Screen = 'patients' | 'settings';

export function AppShell() {
  const { t } = useI18n();
  const { info, error } = useAppInfo();
  const [screen, setScreen] = useState<Screen>('patients');
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">{t('app.title')}</span>
        <span className="tagline">{t('app.tagline')}</span>
        <nav aria-label={t('nav.label')}>
          {(['patients', 'settings'] as const).map((s) => (
            <button key={s} type="button" aria-current={screen === s ? 'page' : undefined} onClick={() => setScreen(s)}>
              {t(`nav.${s}`)}
            </button>
          ))}
        </nav>
      </header>
      <main className="app-main">
        <ErrorBoundary title={t('error.title')} body={t('error.body')} retry={t('error.retry')}>
          {screen === 'patients' ? <HomeScreen /> : <SettingsScreen info={info} />}
        </ErrorBoundary>
      </main>
      <StatusBar info={info} error={error} />
    </div>
  );
}
