/**
 * Shows a note with its entities highlighted and each entity's type written after it, so the
 * meaning never depends on colour alone. Nested or overlapping entities get a double underline.
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
              className={`entity entity-${labelClass(seg.spans[seg.spans.length - 1]!.label)}${seg.spans.length > 1 ? ' entity-nested' : ''}`}
              data-labels={seg.spans.map((s) => s.label).join(' ')}
            >
              {seg.text}
            </mark>
          )}
          {seg.ending.map((s, i) => (
            <span key={i} className="entity-tag" data-testid="entity-tag">
              {showScores ? t('entity.tagScore', { label: s.label, score: Math.round(s.score * 100) }) : t('entity.tag', { label: s.label })}
            </span>
          ))}
        </Fragment>
      ))}
    </div>
  );
}
