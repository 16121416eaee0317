/** The patient's notes, newest first, virtualised (charts can hold thousands of notes). */
import type { DocumentReference } from 'fhir/r4';
import { useI18n } from '../../i18n';
import { formatDate } from '../../fhir/display';
import { noteTitleOf } from '../../fhir/noteText';
import { VirtualList } from '../../ui/VirtualList';
import { isSigned } from './noteSigning';

interface Props {
  notes: readonly DocumentReference[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  height?: number;
}

export function NoteList({ notes, selectedId, onSelect, height = 420 }: Props) {
  const { t, language } = useI18n();
  if (notes.length === 0) return <p className="muted">{t('notes.none')}</p>;
  return (
    <VirtualList
      items={notes}
      rowHeight={40}
      height={height}
      label={t('notes.listLabel', { count: notes.length })}
      testId="note-list"
      rowKey={(n, i) => n.id ?? String(i)}
      renderRow={(n) => (
        <button type="button" className="note-row" aria-current={n.id === selectedId ? 'true' : undefined} onClick={() => n.id && onSelect(n.id)}>
          <span className="note-row-date">{formatDate(n.date, language)}</span>
          <span className="note-row-title">{noteTitleOf(n) || t('notes.untitled')}</span>
          <span className="note-row-state">{n.status === 'superseded' ? t('notes.state.superseded') : n.docStatus === 'amended' ? t('notes.state.amended') : isSigned(n) ? t('notes.state.signed') : n.docStatus === 'preliminary' ? t('notes.state.draft') : ''}</span>
        </button>
      )}
    />
  );
}
