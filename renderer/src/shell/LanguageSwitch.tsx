/** Chooses the interface language. */
import { useI18n, languages, type Language, type MessageKey } from '../i18n';

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language-switch">
      <span>{t('settings.language')}</span>
      <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="language-select">
        {Object.keys(languages).map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
  );
}
