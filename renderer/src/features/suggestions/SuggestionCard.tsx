/**
 * One suggestion card: urgency in words and colour, summary, detail, why (explanation), where
 * it came from (source and provenance), and accept (after seeing what changes) or dismiss
 * (with a reason). The outcome is shown in place; nothing changes without the physician's click.
 */
import { useState } from 'react';
import type { Card, OverrideReasonCode, Suggestion } from '../../../../electron/contract/schemas/card';
import { useI18n } from '../../i18n';
import { ErrorText } from '../../ui/ErrorText';
import { localiseDatesIn } from '../../fhir/display';
import { Markdown } from '../../ui/Markdown';
import { AcceptPreview } from './AcceptPreview';
import { CardExplanation } from './CardExplanation';
import { reasonsFor } from './cardLogic';
import { DismissForm } from './DismissForm';
import { ProvenanceLine } from './ProvenanceLine';

/** What the parent does for an accepted or dismissed card; resolves with an error message or null. */
export interface CardHandlers {
  onAccept: (card: Card, suggestion: Suggestion) => Promise<string | null>;
  onDismiss: (card: Card, code: OverrideReasonCode, comment: string) => Promise<string | null>;
}

type Mode = { kind: 'idle' } | { kind: 'preview'; suggestion: Suggestion } | { kind: 'dismiss' } | { kind: 'done'; outcome: 'accepted' | 'dismissed' };

interface Props extends CardHandlers {
  card: Card;
  sourceText?: string;
}

export function SuggestionCard({ card, sourceText, onAccept, onDismiss }: Props) {
  const { t, language } = useI18n();
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<string | null>, outcome: 'accepted' | 'dismissed') => {
    setBusy(true);
    const problem = await work();
    setBusy(false);
    setError(problem);
    if (problem === null) setMode({ kind: 'done', outcome });
  };
  const titleId = `card-${card.uuid}`;
  return (
    <article className={`card card-${card.indicator}${card.status ? ' card-status' : ''}`} aria-labelledby={titleId} data-testid="suggestion-card" data-indicator={card.indicator}>
      <header className="card-head">
        <span className={`indicator indicator-${card.indicator}`}>{t(`card.indicator.${card.indicator}`)}</span>
        <h3 id={titleId}>{localiseDatesIn(card.summary, language)}</h3>
      </header>
      {card.status && <p className="card-status-note">{t(card.status === 'not-checked' ? 'card.status.notChecked' : 'card.status.error')}</p>}
      {card.detail && <Markdown className="card-detail" source={localiseDatesIn(card.detail, language)} />}
      <details className="card-why">
        <summary>{t('card.why')}</summary>
        <CardExplanation explanation={card.explanation} {...(sourceText !== undefined ? { sourceText } : {})} />
      </details>
      <p className="card-source">{t('card.source', { source: card.source.label })}</p>
      <ProvenanceLine provenance={card.provenance} />
      <ErrorText message={error} />
      {mode.kind === 'done' ? (
        <p className="card-outcome" role="status" data-testid="card-outcome">
          {t(mode.outcome === 'accepted' ? 'card.outcome.accepted' : 'card.outcome.dismissed')}
        </p>
      ) : mode.kind === 'preview' ? (
        <AcceptPreview suggestion={mode.suggestion} busy={busy} onBack={() => setMode({ kind: 'idle' })} onConfirm={() => void run(() => onAccept(card, mode.suggestion), 'accepted')} />
      ) : mode.kind === 'dismiss' ? (
        <DismissForm reasons={reasonsFor(card)} busy={busy} onBack={() => setMode({ kind: 'idle' })} onDismiss={(code, comment) => void run(() => onDismiss(card, code, comment), 'dismissed')} />
      ) : (
        <div className="card-actions">
          {card.suggestions.map((s) => (
            <button key={s.uuid} type="button" className={s.isRecommended ? 'primary' : undefined} onClick={() => setMode({ kind: 'preview', suggestion: s })}>
              {t('card.accept.button', { label: s.label })}
            </button>
          ))}
          <button type="button" onClick={() => setMode({ kind: 'dismiss' })}>
            {t('card.dismiss.button')}
          </button>
        </div>
      )}
    </article>
  );
}
