/**
 * Notes: the list, search across them, the editor for the chosen (or a new) note, and the
 * note's entities highlighted when a text model has read it (after each save, or on demand;
 * in the background, so typing is never held up).
 */
import type { DocumentReference, Reference } from 'fhir/r4';
import { useState } from 'react';
import { usePorts } from '../../api/PortsContext';
import type { RecordsPort } from '../../api/ports';
import { useI18n } from '../../i18n';
import { noteTextOf } from '../../fhir/noteText';
import { Unavailable } from '../../ui/Unavailable';
import { EntityHighlighter } from './EntityHighlighter';
import { NoteEntitiesSection } from './NoteEntitiesSection';
import { useNoteEntities } from './useNoteEntities';
import type { EntitySpan } from './highlightSegments';
import { NoteEditor } from './NoteEditor';
import { NoteList } from './NoteList';
import { NoteSearch } from './NoteSearch';
import { ScanDocument } from './ScanDocument';
import { userReference, useSessionUser } from '../auth/session';
import { amendmentOf } from './noteSigning';

interface Props {
  patientId: string;
  notes: readonly DocumentReference[];
  records: RecordsPort | undefined;
  /** Entities per note id, when a text model has read the note. */
  entities?: Readonly<Record<string, readonly EntitySpan[]>>;
  onNoteSaved?: (note: DocumentReference) => void;
  /** The open visit: new notes link to it. */
  encounter?: Reference;
}

export function NotesPanel({ patientId, notes, records, entities, onNoteSaved, encounter }: Props) {
  const { t } = useI18n();
  // The editor's key changes only when the physician picks another note, not when a new note
  // gets its id on first save (that would remount the editor mid-typing).
  const [selection, setSelection] = useState<{ id: string | undefined; editorKey: string; draft?: DocumentReference } | null>(null);
  const user = useSessionUser();
  const author = user ? userReference(user) : undefined;
  const select = (id: string) => setSelection({ id, editorKey: id });
  const selected = selection?.id;
  // A scanned note just saved is shown at once, before the chart reload lists it.
  const [justSaved, setJustSaved] = useState<DocumentReference | null>(null);
  const note = notes.find((n) => n.id === selected) ?? (justSaved && justSaved.id === selected ? justSaved : undefined);
  const spans = note?.id ? entities?.[note.id] : undefined;
  const { text, ocr } = usePorts();
  const [scanning, setScanning] = useState(false);
  const reader = useNoteEntities(text);
  return (
    <div className="notes-layout">
      <section className="panel notes-list-panel" aria-labelledby="notes-title">
        <h2 id="notes-title">{t('notes.title')}</h2>
        <div className="notes-actions">
          <button
            type="button"
            className="primary"
            onClick={() => {
              setScanning(false);
              setSelection({ id: undefined, editorKey: `new-${Date.now()}` });
            }}
            disabled={!records}
            data-testid="new-note"
          >
            {t('notes.new')}
          </button>
          <button type="button" onClick={() => setScanning(true)} disabled={!records} aria-pressed={scanning} data-testid="scan-note">
            {t('scan.open')}
          </button>
        </div>
        {records && (
          <NoteSearch
            patientId={patientId}
            search={records.searchNotes}
            onOpen={(id) => {
              setScanning(false);
              select(id);
            }}
          />
        )}
        <NoteList
          notes={notes}
          selectedId={note?.id}
          onSelect={(id) => {
            setScanning(false);
            select(id);
          }}
        />
      </section>
      <section className="panel" aria-label={t('notes.editorLabel')}>
        {!records ? (
          <Unavailable what={t('feature.records')} />
        ) : scanning ? (
          <ScanDocument
            patientId={patientId}
            ocr={ocr}
            save={records.saveResource}
            onClose={() => setScanning(false)}
            onSaved={(n) => {
              setScanning(false);
              setJustSaved(n);
              if (n.id) select(n.id);
              if (n.id) reader.analyse(n.id, noteTextOf(n));
              onNoteSaved?.(n);
            }}
          />
        ) : selection === null ? (
          <p className="muted">{t('notes.pick')}</p>
        ) : (
          <NoteEditor
            key={selection.editorKey}
            patientId={patientId}
            {...(note ? { note } : {})}
            {...(selection.draft ? { draft: selection.draft } : {})}
            user={user}
            {...(author ? { author } : {})}
            {...(encounter ? { encounter } : {})}
            onAmend={(signed) => setSelection({ id: undefined, editorKey: `amend-${signed.id}-${Date.now()}`, draft: amendmentOf(signed, author) })}
            save={records.saveResource}
            loadCurrent={records.getResource}
            onSaved={(n) => {
              if (n.id) setSelection((cur) => (cur ? { ...cur, id: n.id } : cur));
              if (n.id) reader.analyse(n.id, noteTextOf(n));
              onNoteSaved?.(n);
            }}
          />
        )}
        {scanning ? null : note && spans ? (
          <section aria-labelledby="entities-title">
            <h3 id="entities-title">{t('notes.entities', { count: spans.length })}</h3>
            <EntityHighlighter text={noteTextOf(note)} spans={spans} />
          </section>
        ) : (
          note?.id && <NoteEntitiesSection noteText={noteTextOf(note)} model={reader.model} reading={reader.byNote[note.id]} onAnalyse={() => note.id && reader.analyse(note.id, noteTextOf(note))} />
        )}
      </section>
    </div>
  );
}
