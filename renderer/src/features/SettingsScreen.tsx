/** Settings: language, execution providers and service health. */
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import type { AppInfo } from '../shell/useAppInfo';

type Check = { name: string; ok: boolean; message: string };

export function SettingsScreen({ info }: { info: AppInfo | null }) {
  const { t } = useI18n();
  const [checks, setChecks] = useState<Check[]>([]);
  useEffect(() => {
    void api.app.health({}).then((r) => r.ok && setChecks(r.value.checks));
  }, []);
  return (
    <section aria-labelledby="settings-title" className="screen">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <LanguageSwitch />
      <h2>{t('settings.providers')}</h2>
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
  );
}
