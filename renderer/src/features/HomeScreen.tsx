/** The start screen until a patient is chosen. */
import { useI18n } from '../i18n';

export function HomeScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="home-title" className="screen">
      <h1 id="home-title">{t('home.welcome')}</h1>
      <p>{t('home.intro')}</p>
    </section>
  );
}
