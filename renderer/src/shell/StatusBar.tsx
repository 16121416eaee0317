/** The status bar: which execution provider runs inference, the active models, the version. */
import { useI18n, type MessageKey } from '../i18n';
import type { AppInfo } from './useAppInfo';

interface Props {
  info: AppInfo | null;
  error: string | null;
  /** Active model packs as "name version"; undefined while model packs are not available. */
  activeModels?: readonly string[];
}

export function StatusBar({ info, error, activeModels }: Props) {
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
      {activeModels && (
        <span data-testid="status-models">{activeModels.length > 0 ? t('status.models', { models: activeModels.join(', ') }) : t('status.noModels')}</span>
      )}
      {info && <span>{t('status.version', { version: info.version })}</span>}
    </footer>
  );
}
