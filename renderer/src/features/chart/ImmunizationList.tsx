/** Immunizations: vaccine and date. */
import type { Immunization } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDate } from '../../fhir/display';

export function ImmunizationList({ immunizations }: { immunizations: readonly Immunization[] }) {
  const { t, language } = useI18n();
  return (
    <section className="panel" aria-labelledby="imm-title">
      <h2 id="imm-title">{t('chart.immunizations')}</h2>
      {immunizations.length === 0 ? (
        <p className="muted">{t('chart.none')}</p>
      ) : (
        <ul className="plain-list">
          {immunizations.slice(0, 50).map((im, i) => (
            <li key={im.id ?? i}>
              <span>{conceptText(im.vaccineCode)}</span>
              <span className="muted">{formatDate(im.occurrenceDateTime, language)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
