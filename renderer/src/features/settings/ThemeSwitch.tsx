/** Chooses light, dark or the system's theme. */
import { useI18n } from '../../i18n';
import type { Theme } from './useTheme';

export function ThemeSwitch({ theme, onChange }: { theme: Theme; onChange: (t: Theme) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="theme-switch">
      <legend>{t('settings.theme')}</legend>
      {(['system', 'light', 'dark'] as const).map((v) => (
        <label key={v} className="radio">
          <input type="radio" name="theme" value={v} checked={theme === v} onChange={() => onChange(v)} data-testid={`theme-${v}`} />
          {t(`settings.theme.${v}`)}
        </label>
      ))}
    </fieldset>
  );
}
