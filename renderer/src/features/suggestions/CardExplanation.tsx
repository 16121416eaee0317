/** Why a card says what it says: the rule's trace, the highlighted words, or the image heatmap. */
import type { Explanation } from '../../../../electron/contract/schemas/card';
import { useI18n } from '../../i18n';
import { HeatmapOverlay } from '../images/HeatmapOverlay';
import { EntityHighlighter } from '../notes/EntityHighlighter';
import { RuleTrace } from './RuleTrace';

interface Props {
  explanation: Explanation;
  /** The note text the spans point into (text-spans explanations). */
  sourceText?: string;
}

export function CardExplanation({ explanation, sourceText }: Props) {
  const { t } = useI18n();
  switch (explanation.kind) {
    case 'rule-trace':
      return <RuleTrace steps={explanation.steps} citation={explanation.citation} />;
    case 'text-spans':
      return sourceText !== undefined ? (
        <EntityHighlighter text={sourceText} spans={explanation.spans} />
      ) : (
        <p className="muted">{t('card.explanation.spansWithoutText', { count: explanation.spans.length })}</p>
      );
    case 'heatmap':
      return (
        <div className="card-heatmap">
          <HeatmapOverlay width={explanation.width} height={explanation.height} values={explanation.values} opacity={1} className="heatmap-standalone" />
          <p className="muted">{t('card.explanation.heatmap')}</p>
        </div>
      );
  }
}
