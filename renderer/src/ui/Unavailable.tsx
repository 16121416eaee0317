/** Says plainly that a part of Bedside is not available yet, instead of failing. */
import { useI18n } from '../i18n';

export function Unavailable({ what }: { what: string }) {
  const { t } = useI18n();
  return (
    <p className="notice" role="status" data-testid="unavailable">
      {t('unavailable.body', { what })}
    </p>
  );
}
