/** Where a card came from, in one line: "Model cxr v1.2 on CPU, 43 ms" or "Rule drug-interactions v1". */
import type { Provenance } from '../../../../electron/contract/schemas/card';
import { useI18n, type MessageKey } from '../../i18n';
import { provenanceParts } from './cardLogic';

export function ProvenanceLine({ provenance }: { provenance: Provenance }) {
  const { t } = useI18n();
  const p = provenanceParts(provenance);
  const provider = p.provider ? t(`provider.${p.provider}` as MessageKey) : null;
  const text =
    p.kind === 'rule'
      ? t('card.provenance.rule', { id: p.id, version: p.version, ms: p.ms })
      : t('card.provenance.model', { id: p.id, version: p.version, provider: provider ?? t('card.provenance.unknownProvider'), ms: p.ms });
  return (
    <p className="provenance" data-testid="card-provenance">
      {text}
    </p>
  );
}
