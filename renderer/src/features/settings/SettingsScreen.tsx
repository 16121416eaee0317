/** Settings and administration: language, theme, model packs, backup and restore, providers, health. */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { ModelPack } from '../../api/ports';
import { usePorts } from '../../api/PortsContext';
import { useI18n, type MessageKey } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import type { AppInfo } from '../../shell/useAppInfo';
import { ErrorText } from '../../ui/ErrorText';
import { Unavailable } from '../../ui/Unavailable';
import { BackupRestore } from './BackupRestore';
import { ClinicDetails } from './ClinicDetails';
import { ModelPacks } from './ModelPacks';
import { ThemeSwitch } from './ThemeSwitch';
import { UsersAdmin } from './UsersAdmin';
import type { Theme } from './useTheme';

type Check = { name: string; ok: boolean; message: string };

export function SettingsScreen({ info, theme, onTheme }: { info: AppInfo | null; theme: Theme; onTheme: (t: Theme) => void }) {
  const { t } = useI18n();
  const { models, records } = usePorts();
  const [checks, setChecks] = useState<Check[]>([]);
  const [packs, setPacks] = useState<ModelPack[] | null>(null);
  const [packError, setPackError] = useState<string | null>(null);
  const loadPacks = useCallback(() => {
    if (!models) return;
    void models.list({}).then((r) => (r.ok ? setPacks(r.value.packs) : setPackError(r.error.message)));
  }, [models]);
  useEffect(() => {
    void api.app.health({}).then((r) => r.ok && setChecks(r.value.checks));
    loadPacks();
  }, [loadPacks]);
  return (
    <section aria-labelledby="settings-title" className="screen settings-screen">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <div className="settings-grid">
        <section className="panel" aria-labelledby="settings-display">
          <h2 id="settings-display">{t('settings.display')}</h2>
          <LanguageSwitch />
          <ThemeSwitch theme={theme} onChange={onTheme} />
        </section>
        <section className="panel" aria-labelledby="settings-models">
          <h2 id="settings-models">{t('settings.models')}</h2>
          {!models ? <Unavailable what={t('feature.models')} /> : packs ? <ModelPacks packs={packs} models={models} onChanged={loadPacks} /> : <ErrorText message={packError} />}
        </section>
        <section className="panel" aria-labelledby="settings-backup">
          <h2 id="settings-backup">{t('settings.backup')}</h2>
          {records ? <BackupRestore records={records} /> : <Unavailable what={t('feature.records')} />}
        </section>
        {/* Issue #19: administration in the app (the same channels as the admin command line; the server checks the role). */}
        <section className="panel" aria-labelledby="settings-users">
          <h2 id="settings-users">{t('users.title')}</h2>
          <UsersAdmin />
        </section>
        <section className="panel" aria-labelledby="settings-clinic">
          <h2 id="settings-clinic">{t('clinic.title')}</h2>
          {records ? <ClinicDetails records={records} /> : <Unavailable what={t('feature.records')} />}
        </section>
        <section className="panel" aria-labelledby="settings-providers">
          <h2 id="settings-providers">{t('settings.providers')}</h2>
          <ul>
            {info?.providers.map((p) => (
              <li key={p.name}>
                {t(`provider.${p.name}` as MessageKey)}: {p.available ? t('settings.available') : `${t('settings.unavailable')}${p.note ? `: ${p.note}` : ''}`}
              </li>
            ))}
          </ul>
          <h2>{t('settings.health')}</h2>
          <ul>
            {checks.map((c) => (
              <li key={c.name}>
                {c.ok ? '✓' : '✗'} {c.name}: {c.message}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </section>
  );
}
