/** Where an inference result came from: model, version, provider and time. */
import type { Provenance } from '../../../../electron/contract/channels/inference';
import { useI18n, type MessageKey } from '../../i18n';

export function ProvenanceText({ provenance }: { provenance: Provenance }) {
  const { t } = useI18n();
  return (
    <p className="provenance">
      {t('card.provenance.model', {
        id: provenance.modelId,
        version: provenance.modelVersion,
        provider: t(`provider.${provenance.provider}` as MessageKey),
        ms: Math.round(provenance.timings.totalMs),
      })}
      {provenance.fallbackReason && ` — ${provenance.fallbackReason}`}
    </p>
  );
}
