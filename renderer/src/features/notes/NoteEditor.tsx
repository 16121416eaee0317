/**
 * Writes or edits one note. A draft saves by itself a moment after typing stops, against the
 * version it loaded (expectedVersionId), and on a conflict shows both versions for the physician
 * to choose. A new note can start from a template (SOAP, referral); its author and visit come
 * from the session. "Sign" finalises it; a signed note is shown read-only and is changed only by
 * an amendment (a new note that replaces it; the old one stays readable).
 */
import type { DocumentReference, Reference, Resource } from 'fhir/r4';
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from 'react';
import type { Result } from '../../../../electron/contract';
import { useI18n, type MessageKey } from '../../i18n';
import { formatDateTime } from '../../fhir/display';
import { newNote, noteTextOf, noteTitleOf, withNoteText } from '../../fhir/noteText';
import { ErrorText } from '../../ui/ErrorText';
import type { SessionUser } from '../auth/session';
import { initialNoteState, noteReducer, shouldAutosave } from './autosave';
import { ConflictDialog } from './ConflictDialog';
import { authorNames, isSigned, replacesId, signedNote, signerName, supersededNote } from './noteSigning';
import { NOTE_TEMPLATES, templateText, type NoteTemplateId } from './noteTemplates';

type SaveFn = (input: { resource: Resource; expectedVersionId?: string }) => Promise<Result<{ resource: Resource }>>;
type LoadFn = (input: { resourceType: string; id: string }) => Promise<Result<{ resource: Resource }>>;

interface Props {
  patientId: string;
  /** The stored note to open. */
  note?: DocumentReference;
  /** An unsaved draft to start from (an amendment); ignored when `note` is given. */
  draft?: DocumentReference;
  save: SaveFn;
  loadCurrent: LoadFn;
  onSaved?: (note: DocumentReference) => void;
  /** Opens an amendment of this signed note. */
  onAmend?: (note: DocumentReference & { id: string }) => void;
  /** Who is writing (author and signer); without a session a note can be drafted but not signed. */
  user?: SessionUser | null;
  author?: Reference;
  /** The open visit, linked from a new note. */
  encounter?: Reference;
  delayMs?: number;
}

export function NoteEditor({ patientId, note, draft, save, loadCurrent, onSaved, onAmend, user, author, encounter, delayMs = 1200 }: Props) {
  const { t, language } = useI18n();
  const start = note ?? draft;
  const [state, dispatch] = useReducer(noteReducer, undefined, () => initialNoteState(note, start ? noteTextOf(start) : '', start ? noteTitleOf(start) : t('notes.defaultTitle')));
  const [template, setTemplate] = useState<NoteTemplateId>('blank');
  const [signError, setSignError] = useState<string | null>(null);
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);

  const baseDraft = useCallback(
    (): DocumentReference =>
      draft ?? newNote(patientId, new Date(), { ...(author ? { author } : {}), ...(encounter ? { encounter } : {}), type: NOTE_TEMPLATES[template].type }),
    [draft, patientId, author, encounter, template],
  );

  const saveNow = useCallback(
    async (sign = false): Promise<DocumentReference | null> => {
      const s = stateRef.current;
      const base = s.stored ?? baseDraft();
      let resource = withNoteText(base, s.text, s.title);
      if (sign && user) resource = signedNote(resource, user);
      dispatch({ type: 'saveStarted' });
      const versionId = s.stored?.meta?.versionId;
      const result = await save(versionId ? { resource, expectedVersionId: versionId } : { resource });
      if (result.ok) {
        const stored = result.value.resource as DocumentReference;
        dispatch({ type: 'saved', stored });
        onSaved?.(stored);
        return stored;
      } else if (result.error.code === 'conflict' && base.id && !sign) {
        const current = await loadCurrent({ resourceType: 'DocumentReference', id: base.id });
        if (current.ok) dispatch({ type: 'conflict', theirs: current.value.resource as DocumentReference });
        else dispatch({ type: 'failed', message: `${result.error.message} ${current.error.message}` });
      } else {
        dispatch({ type: 'failed', message: result.error.message });
      }
      return null;
    },
    [baseDraft, save, loadCurrent, onSaved, user],
  );

  /** Signs the note; an amendment then marks the note it replaces as superseded. */
  const sign = async () => {
    setSignError(null);
    const stored = await saveNow(true);
    if (!stored) return;
    const oldId = replacesId(stored);
    if (!oldId) return;
    const old = await loadCurrent({ resourceType: 'DocumentReference', id: oldId });
    const oldNote = old.ok ? (old.value.resource as DocumentReference) : null;
    const r = oldNote ? await save({ resource: supersededNote(oldNote), ...(oldNote.meta?.versionId ? { expectedVersionId: oldNote.meta.versionId } : {}) }) : null;
    if (!old.ok) setSignError(t('notes.supersedeFailed', { reason: old.error.message }));
    else if (r && !r.ok) setSignError(t('notes.supersedeFailed', { reason: r.error.message }));
    else if (r?.ok) onSaved?.(r.value.resource as DocumentReference);
  };

  useEffect(() => {
    if (!shouldAutosave(state) || isSigned(state.stored)) return;
    const timer = setTimeout(() => void saveNow(), delayMs);
    return () => clearTimeout(timer);
  }, [state, saveNow, delayMs]);

  const stored = state.stored;
  if (stored && isSigned(stored)) {
    const signedAt = formatDateTime(stored.meta?.lastUpdated, language);
    return (
      <div className="note-editor" data-testid="note-editor">
        <h3 className="note-heading">{noteTitleOf(stored) || t('notes.untitled')}</h3>
        <p className="note-signature" data-testid="note-signature">
          {t(stored.docStatus === 'amended' ? 'notes.amendedBy' : 'notes.signedBy', { name: signerName(stored), when: signedAt })}
        </p>
        {stored.status === 'superseded' && (
          <p className="notice" data-testid="note-superseded">
            {t('notes.superseded')}
          </p>
        )}
        <pre className="note-signed-text" data-testid="note-signed-text" tabIndex={0} aria-label={t('notes.textLabel')}>
          {noteTextOf(stored)}
        </pre>
        <ErrorText message={signError} />
        {stored.status !== 'superseded' && stored.id && onAmend && (
          <button type="button" onClick={() => onAmend(stored as DocumentReference & { id: string })} data-testid="note-amend">
            {t('notes.amend')}
          </button>
        )}
      </div>
    );
  }

  const writer = authorNames(stored ?? draft ?? { resourceType: 'DocumentReference', status: 'current', content: [], ...(author ? { author: [author] } : {}) });
  return (
    <div className="note-editor" data-testid="note-editor">
      {!stored && !draft && (
        <label className="field">
          <span>{t('notes.template')}</span>
          <select
            value={template}
            data-testid="note-template"
            onChange={(e) => {
              const next = e.target.value as NoteTemplateId;
              // The headings replace the text only while nothing of the physician's own is typed.
              const untouched = !state.text.trim() || state.text === templateText(NOTE_TEMPLATES[template], t);
              setTemplate(next);
              if (untouched) dispatch({ type: 'edit', text: templateText(NOTE_TEMPLATES[next], t) });
              if (next !== 'blank' && state.title === t('notes.defaultTitle')) dispatch({ type: 'retitle', title: t(`notes.template.${next}` as MessageKey) });
            }}
          >
            <option value="blank">{t('notes.template.blank')}</option>
            <option value="soap">{t('notes.template.soap')}</option>
            <option value="referral">{t('notes.template.referral')}</option>
          </select>
        </label>
      )}
      {(draft ?? stored) && replacesId((draft ?? stored)!) && <p className="notice">{t('notes.amending')}</p>}
      <label className="field">
        <span>{t('notes.titleLabel')}</span>
        <input value={state.title} onChange={(e) => dispatch({ type: 'retitle', title: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('notes.textLabel')}</span>
        <textarea rows={10} value={state.text} onChange={(e) => dispatch({ type: 'edit', text: e.target.value })} data-testid="note-text" />
      </label>
      {writer && <p className="muted">{t('notes.author', { name: writer })}</p>}
      <div className="note-status">
        <span role="status" data-testid="note-save-status">
          {t(`notes.status.${state.status}` as MessageKey)}
        </span>
        <button type="button" onClick={() => void saveNow()} disabled={state.status === 'saving' || state.status === 'conflict' || !state.text.trim()}>
          {t('notes.saveNow')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => void sign()}
          disabled={!user || state.status === 'saving' || state.status === 'conflict' || !state.text.trim()}
          title={user ? undefined : t('notes.signNeedsSession')}
          data-testid="note-sign"
        >
          {t('notes.sign')}
        </button>
      </div>
      <ErrorText message={state.error ?? signError} />
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
