/**
 * Writes or edits one note. Saves by itself a moment after typing stops, against the version it
 * loaded (expectedVersionId), and on a conflict shows both versions for the physician to choose.
 */
import type { DocumentReference, Resource } from 'fhir/r4';
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import type { Result } from '../../../../electron/contract';
import { useI18n, type MessageKey } from '../../i18n';
import { newNote, noteTextOf, noteTitleOf, withNoteText } from '../../fhir/noteText';
import { ErrorText } from '../../ui/ErrorText';
import { initialNoteState, noteReducer, shouldAutosave } from './autosave';
import { ConflictDialog } from './ConflictDialog';

type SaveFn = (input: { resource: Resource; expectedVersionId?: string }) => Promise<Result<{ resource: Resource }>>;
type LoadFn = (input: { resourceType: string; id: string }) => Promise<Result<{ resource: Resource }>>;

interface Props {
  patientId: string;
  note?: DocumentReference;
  save: SaveFn;
  loadCurrent: LoadFn;
  onSaved?: (note: DocumentReference) => void;
  delayMs?: number;
}

export function NoteEditor({ patientId, note, save, loadCurrent, onSaved, delayMs = 1200 }: Props) {
  const { t } = useI18n();
  const [state, dispatch] = useReducer(noteReducer, undefined, () => initialNoteState(note, note ? noteTextOf(note) : '', note ? noteTitleOf(note) : t('notes.defaultTitle')));
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);

  const saveNow = useCallback(async () => {
    const s = stateRef.current;
    const base = s.stored ?? newNote(patientId);
    const resource = withNoteText(base, s.text, s.title);
    dispatch({ type: 'saveStarted' });
    const versionId = s.stored?.meta?.versionId;
    const result = await save(versionId ? { resource, expectedVersionId: versionId } : { resource });
    if (result.ok) {
      const stored = result.value.resource as DocumentReference;
      dispatch({ type: 'saved', stored });
      onSaved?.(stored);
    } else if (result.error.code === 'conflict' && base.id) {
      const current = await loadCurrent({ resourceType: 'DocumentReference', id: base.id });
      if (current.ok) dispatch({ type: 'conflict', theirs: current.value.resource as DocumentReference });
      else dispatch({ type: 'failed', message: `${result.error.message} ${current.error.message}` });
    } else {
      dispatch({ type: 'failed', message: result.error.message });
    }
  }, [patientId, save, loadCurrent, onSaved]);

  useEffect(() => {
    if (!shouldAutosave(state)) return;
    const timer = setTimeout(() => void saveNow(), delayMs);
    return () => clearTimeout(timer);
  }, [state, saveNow, delayMs]);

  return (
    <div className="note-editor" data-testid="note-editor">
      <label className="field">
        <span>{t('notes.titleLabel')}</span>
        <input value={state.title} onChange={(e) => dispatch({ type: 'retitle', title: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('notes.textLabel')}</span>
        <textarea rows={10} value={state.text} onChange={(e) => dispatch({ type: 'edit', text: e.target.value })} data-testid="note-text" />
      </label>
      <div className="note-status">
        <span role="status" data-testid="note-save-status">
          {t(`notes.status.${state.status}` as MessageKey)}
        </span>
        <button type="button" onClick={() => void saveNow()} disabled={state.status === 'saving' || state.status === 'conflict' || !state.text.trim()}>
          {t('notes.saveNow')}
        </button>
      </div>
      <ErrorText message={state.error} />
      {state.status === 'conflict' && state.theirs && (
        <ConflictDialog
          mine={state.text}
          theirs={noteTextOf(state.theirs)}
          onKeepMine={() => dispatch({ type: 'keepMine' })}
          onTakeTheirs={() => dispatch({ type: 'takeTheirs', text: noteTextOf(state.theirs!), title: noteTitleOf(state.theirs!) })}
        />
      )}
    </div>
  );
}
