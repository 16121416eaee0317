/** Model findings for an image: each label's score against its threshold, in words and a bar, with the operating point measured at that threshold. */
import type { LabelResult } from '../../../../electron/contract/channels/inference';
import { useI18n } from '../../i18n';

export function FindingPanel({ labels }: { labels: readonly LabelResult[] }) {
  const { t } = useI18n();
  return (
    <ul className="findings" data-testid="findings">
      {labels.map((l) => (
        <li key={l.index}>
          <div className="finding-head">
            <strong>{l.name}</strong>
            <span className={`finding-status finding-${l.status}`}>{t(`images.finding.${l.status}`)}</span>
          </div>
          <div className="finding-bar" aria-hidden="true">
            <div className="finding-fill" style={{ width: `${Math.round(l.probability * 100)}%` }} />
            <div className="finding-threshold" style={{ left: `${Math.round(l.threshold * 100)}%` }} />
          </div>
          <p className="muted">{t('images.finding.numbers', { p: Math.round(l.probability * 100), threshold: Math.round(l.threshold * 100) })}</p>
          {l.operatingPoint && (
            <p className="muted small" data-testid="operating-point">
              {t('images.finding.operatingPoint', { sens: Math.round(l.operatingPoint.sensitivity * 100), spec: Math.round(l.operatingPoint.specificity * 100), split: l.operatingPoint.split })}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
