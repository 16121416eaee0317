/** The status bar: which execution provider runs inference, and the version. */
import { useI18n, type MessageKey } from '../i18n';
import type { AppInfo } from './useAppInfo';

export function StatusBar({ info, error }: { info: AppInfo | null; error: string | null }) {
  const { t } = useI18n();
  return (
    <footer className="status-bar" role="contentinfo" aria-label={t('status.label')}>
      <span data-testid="status-provider">
        {error
          ? t('status.offline')
          : info
            ? t('status.inference', { provider: t(`provider.${info.activeProvider}` as MessageKey) })
            : t('status.inferenceLoading')}
      </span>
      {info && <span>{t('status.version', { version: info.version })}</span>}
    </footer>
  );
}
