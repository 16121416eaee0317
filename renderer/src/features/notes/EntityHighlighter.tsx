/**
 * Shows a note with its entities highlighted and each entity's type written after it, so the
 * meaning never depends on colour alone. Nested or overlapping entities get a double underline.
 * A mention's ConText status changes its style (struck through when negated, dashed outline for
 * family or another person, dotted underline when hypothetical or possible) and is written in its tag.
 */
import { Fragment } from 'react';
import { useI18n } from '../../i18n';
import { highlightSegments, labelClass, type EntitySpan } from './highlightSegments';

interface Props {
  text: string;
  spans: readonly EntitySpan[];
  /** Shows each entity's score next to its type. */
  showScores?: boolean;
}

const ctxOf = (spans: readonly EntitySpan[]): EntitySpan['context'] => spans[spans.length - 1]?.context;

/** The note with highlighted entities; negated, other-person and hypothetical mentions styled (and tagged) apart. */
export function EntityHighlighter({ text, spans, showScores = true }: Props) {
  const { t } = useI18n();
  const segments = highlightSegments(text, spans);
  return (
    <div className="entity-text" data-testid="entity-text">
      {segments.map((seg) => (
        <Fragment key={seg.start}>
          {seg.spans.length === 0 ? (
            seg.text
          ) : (
            <mark
              className={`entity entity-${labelClass(seg.spans[seg.spans.length - 1]!.label)}${seg.spans.length > 1 ? ' entity-nested' : ''}${ctxOf(seg.spans) ? ` entity-ctx-${ctxOf(seg.spans)}` : ''}`}
              data-labels={seg.spans.map((s) => s.label).join(' ')}
              data-context={ctxOf(seg.spans) ?? 'present'}
            >
              {seg.text}
            </mark>
          )}
          {seg.ending.map((s, i) => (
            <span key={i} className="entity-tag" data-testid="entity-tag">
              {showScores ? t('entity.tagScore', { label: s.label, score: Math.round(s.score * 100) }) : t('entity.tag', { label: s.label })}
              {s.context ? ` · ${t(`entity.context.${s.context}`)}` : ''}
            </span>
          ))}
        </Fragment>
      ))}
    </div>
  );
}
