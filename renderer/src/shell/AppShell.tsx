/** The app frame: navigation, the current screen inside an error boundary, background jobs, the status bar. */
import { useState } from 'react';
import type { PatientSummary } from '../api/ports';
import { usePorts } from '../api/PortsContext';
import { useI18n } from '../i18n';
import { patientMrn, patientName } from '../fhir/display';
import { ChartScreen } from '../features/chart/ChartScreen';
import { JobsTray } from '../features/jobs/JobsTray';
import { useJobs } from '../features/jobs/useJobs';
import { PatientListScreen } from '../features/patients/PatientListScreen';
import { loadRecent, saveRecent, withRecent, type RecentPatient } from '../features/patients/recentPatients';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { useTheme } from '../features/settings/useTheme';
import { AuthGate } from '../features/auth/AuthGate';
import { ErrorBoundary } from './ErrorBoundary';
import { StatusBar } from './StatusBar';
import { useActiveModels } from './useActiveModels';
import { useAppInfo } from './useAppInfo';

type Screen = { kind: 'patients' } | { kind: 'chart'; patientId: string } | { kind: 'settings' };

export function AppShell() {
  const { t } = useI18n();
  const { records } = usePorts();
  const { info, error } = useAppInfo();
  const [screen, setScreen] = useState<Screen>({ kind: 'patients' });
  const [recent, setRecent] = useState<RecentPatient[]>(() => loadRecent());
  const [theme, setTheme] = useTheme();
  const { jobs, clearFinished } = useJobs();
  const activeModels = useActiveModels(screen.kind);

  const openPatient = (p: PatientSummary) => {
    const next = withRecent(recent, { id: p.id, name: patientName(p), mrn: patientMrn(p), birthDate: p.birthDate ?? '' });
    setRecent(next);
    saveRecent(next);
    setScreen({ kind: 'chart', patientId: p.id });
  };
  const nav = [
    { kind: 'patients', label: t('nav.patients') },
    { kind: 'settings', label: t('nav.settings') },
  ] as const;
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <header className="app-header">
        <span className="brand">{t('app.title')}</span>
        <span className="tagline">{t('app.tagline')}</span>
        <nav aria-label={t('nav.label')}>
          {nav.map((n) => (
            <button key={n.kind} type="button" aria-current={screen.kind === n.kind ? 'page' : undefined} onClick={() => setScreen({ kind: n.kind })}>
              {n.label}
            </button>
          ))}
        </nav>
      </header>
      <main className="app-main" id="main" tabIndex={-1}>
        <ErrorBoundary title={t('error.title')} body={t('error.body')} retry={t('error.retry')}>
          {screen.kind === 'settings' && <SettingsScreen info={info} theme={theme} onTheme={setTheme} />}
          {screen.kind !== 'settings' && (
          <AuthGate>
            {(session) => (
              <>
                <div className="session-bar">
                  <span>{t('auth.signedInAs', { name: session.userName })}</span>
                  <button type="button" onClick={session.lock} data-testid="lock">
                    {t('auth.lock')}
                  </button>
                  <button type="button" onClick={session.signOut}>
                    {t('auth.signOut')}
                  </button>
                </div>
                {screen.kind === 'patients' && (
                  <PatientListScreen recent={recent} onOpen={openPatient} onOpenId={(id) => setScreen({ kind: 'chart', patientId: id })} />
                )}
                {screen.kind === 'chart' && <ChartScreen key={screen.patientId} patientId={screen.patientId} clinician={session.userName} />}
              </>
            )}
          </AuthGate>
          )}
        </ErrorBoundary>
      </main>
      <JobsTray jobs={jobs} onClear={clearFinished} {...(records ? { onCancel: (jobId: string) => void records.jobCancel({ jobId }) } : {})} />
      <StatusBar info={info} error={error} {...(activeModels ? { activeModels } : {})} />
    </div>
  );
}
