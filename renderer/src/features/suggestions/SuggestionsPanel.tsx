/**
 * The suggestions beside the chart, most urgent first. The panel keeps its width and a minimum
 * height from the start, with a placeholder while cards are coming, so nothing jumps.
 */
import type { Card } from '../../../../electron/contract/schemas/card';
import { useI18n } from '../../i18n';
import { Unavailable } from '../../ui/Unavailable';
import { groupByIndicator } from './cardLogic';
import { SuggestionCard, type CardHandlers } from './SuggestionCard';

interface Props extends CardHandlers {
  /** null while cards are loading; undefined when suggestions are not available at all. */
  cards: readonly Card[] | null | undefined;
  sourceTextFor?: (card: Card) => string | undefined;
  error?: string | null;
}

export function SuggestionsPanel({ cards, sourceTextFor, error, onAccept, onDismiss }: Props) {
  const { t } = useI18n();
  return (
    <aside className="suggestions-panel" aria-labelledby="suggestions-title" data-testid="suggestions-panel">
      <h2 id="suggestions-title">{t('suggestions.title')}</h2>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {cards === undefined ? (
        <Unavailable what={t('feature.cds')} />
      ) : cards === null ? (
        <div className="card-placeholder" aria-busy="true" role="status">
          {t('suggestions.loading')}
        </div>
      ) : cards.length === 0 ? (
        <p className="muted" role="status">
          {t('suggestions.none')}
        </p>
      ) : (
        groupByIndicator(cards).map((g) => (
          <section key={g.indicator} aria-label={t(`suggestions.group.${g.indicator}`, { count: g.cards.length })}>
            {g.cards.map((c) => {
              const text = sourceTextFor?.(c);
              return <SuggestionCard key={c.uuid} card={c} {...(text !== undefined ? { sourceText: text } : {})} onAccept={onAccept} onDismiss={onDismiss} />;
            })}
          </section>
        ))
      )}
    </aside>
  );
}
