/**
 * What the image model was trained on, beside its result: "Demo – not for diagnosis" for a demo
 * pack, and the pack's age range against the patient's age (a score for a patient outside the
 * range does not apply to them).
 */
import type { ImageAnalysis } from '../../../../electron/contract/channels/inference';
import { useI18n } from '../../i18n';

/** Whole years between a FHIR birthDate (YYYY, YYYY-MM or YYYY-MM-DD) and `now`, or undefined. */
export function ageInYears(birthDate: string | undefined, now: Date): number | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(birthDate ?? '');
  if (!m) return undefined;
  const [y, mo = 1, d = 1] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < mo || (now.getUTCMonth() + 1 === mo && now.getUTCDate() < d)) age--;
  return age;
}

/** The demo banner (also shown before any analysis, for a demo pack). */
export function DemoBanner() {
  const { t } = useI18n();
  return (
    <p className="notice demo-banner" role="note" data-testid="demo-banner">
      <strong>{t('images.demo')}</strong>
    </p>
  );
}

export function Suitability({ suitability, patientAgeYears }: { suitability: NonNullable<ImageAnalysis['suitability']>; patientAgeYears: number | undefined }) {
  const { t } = useI18n();
  const range = suitability.ageYears;
  if (!range) return null;
  const [from, to] = range;
  if (patientAgeYears === undefined) return <p className="muted small" data-testid="age-check">{t('images.age.unknown', { from, to })}</p>;
  const outside = patientAgeYears < from || patientAgeYears > to;
  return (
    <p className={outside ? 'notice age-outside' : 'muted small'} role={outside ? 'alert' : undefined} data-testid="age-check" data-outside={outside ? 'true' : 'false'}>
      {t(outside ? 'images.age.outside' : 'images.age.inside', { from, to, age: patientAgeYears })}
    </p>
  );
}
