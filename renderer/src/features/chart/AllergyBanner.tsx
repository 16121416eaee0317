/**
 * The allergy banner: always shown under the patient's name, high contrast, announced as an
 * alert. "No known allergies" and "allergies not recorded" are different facts and say so.
 */
import type { AllergyIntolerance } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { conceptText } from '../../fhir/display';

export function AllergyBanner({ allergies }: { allergies: readonly AllergyIntolerance[] }) {
  const { t } = useI18n();
  // A refuted (or entered-in-error) allergy keeps a clinical status (FHIR ait-1) but is not one the patient has.
  const active = allergies.filter((a) => (a.clinicalStatus?.coding?.[0]?.code ?? 'active') === 'active' && !['refuted', 'entered-in-error'].includes(a.verificationStatus?.coding?.[0]?.code ?? ''));
  if (active.length === 0) {
    return (
      <div className="allergy-banner allergy-none" data-testid="allergy-banner">
        {allergies.length === 0 ? t('allergy.notRecorded') : t('allergy.noneActive')}
      </div>
    );
  }
  return (
    <div className="allergy-banner" role="alert" data-testid="allergy-banner">
      <strong>{t('allergy.title', { count: active.length })}</strong>{' '}
      {active.map((a, i) => (
        <span key={a.id ?? i} className="allergy-item">
          {conceptText(a.code)}
          {a.reaction?.[0]?.manifestation?.[0] && ` (${conceptText(a.reaction[0].manifestation[0])})`}
          {a.criticality === 'high' && <em> {t('allergy.highRisk')}</em>}
        </span>
      ))}
    </div>
  );
}
