/** Immunizations: vaccine and date. */
import type { Immunization } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText, formatDate } from '../../fhir/display';
import { SummaryListPanel } from './SummaryListPanel';

export function ImmunizationList({ immunizations }: { immunizations: readonly Immunization[] }) {
  const { t, language } = useI18n();
  const rows = immunizations.slice(0, 50).map((im, i) => ({ key: im.id ?? String(i), name: conceptText(im.vaccineCode), detail: formatDate(im.occurrenceDateTime, language) }));
  return <SummaryListPanel id="imm-title" title={t('chart.immunizations')} rows={rows} />;
}
