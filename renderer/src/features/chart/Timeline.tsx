/** The timeline of encounters and notes, virtualised so thousands of entries scroll smoothly. */
import type { DocumentReference, Encounter } from 'fhir/r4';
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { formatDate } from '../../fhir/display';
import { VirtualList } from '../../ui/VirtualList';
import { timelineItems } from './timelineItems';

interface Props {
  encounters: readonly Encounter[];
  notes: readonly DocumentReference[];
  onOpenNote?: (noteId: string) => void;
  height?: number;
}

export function Timeline({ encounters, notes, onOpenNote, height = 360 }: Props) {
  const { t, language } = useI18n();
  const items = useMemo(() => timelineItems(encounters, notes), [encounters, notes]);
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('chart.timeline', { count: items.length })}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('chart.none')}</p>
      ) : (
        <VirtualList
          items={items}
          rowHeight={34}
          height={height}
          label={t('chart.timelineList')}
          testId="timeline"
          rowKey={(it) => it.key}
          renderRow={(it) => (
            <div className="timeline-row">
              <span className="timeline-date">{formatDate(it.date, language)}</span>
              <span className={`badge badge-${it.kind}`}>{t(it.kind === 'note' ? 'chart.kind.note' : 'chart.kind.encounter')}</span>
              {it.noteId && onOpenNote ? (
                <button type="button" className="link-button" onClick={() => onOpenNote(it.noteId!)}>
                  {it.title || t('notes.untitled')}
                </button>
              ) : (
                <span>{it.title}</span>
              )}
            </div>
          )}
        />
      )}
    </section>
  );
}
