/**
 * The autosave state of one note, as a pure reducer: edits mark it dirty, a save in flight
 * remembers which text it sends, a conflict keeps both versions until the physician chooses.
 */
import type { DocumentReference } from 'fhir/r4';

/** Where a note's saving stands. */
export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'conflict' | 'error';

/** The editor's state. */
export interface NoteState {
  /** The last version the store confirmed (undefined for a new, unsaved note). */
  stored: DocumentReference | undefined;
  text: string;
  title: string;
  status: SaveStatus;
  /** The text being saved now (to know whether edits arrived meanwhile). */
  inFlight: string | null;
  /** The store's newer version when a save met a conflict. */
  theirs: DocumentReference | null;
  error: string | null;
}

/** Things that happen to a note. */
export type NoteEvent =
  | { type: 'edit'; text: string }
  | { type: 'retitle'; title: string }
  | { type: 'saveStarted' }
  | { type: 'saved'; stored: DocumentReference }
  | { type: 'conflict'; theirs: DocumentReference }
  | { type: 'failed'; message: string }
  | { type: 'keepMine' }
  | { type: 'takeTheirs'; text: string; title: string };

/** A fresh editor state. */
export function initialNoteState(stored: DocumentReference | undefined, text: string, title: string): NoteState {
  return { stored, text, title, status: 'saved', inFlight: null, theirs: null, error: null };
}

/** Applies one event. */
export function noteReducer(state: NoteState, event: NoteEvent): NoteState {
  switch (event.type) {
    case 'edit':
      return { ...state, text: event.text, status: state.status === 'conflict' ? 'conflict' : 'dirty' };
    case 'retitle':
      return { ...state, title: event.title, status: state.status === 'conflict' ? 'conflict' : 'dirty' };
    case 'saveStarted':
      return { ...state, status: 'saving', inFlight: state.text, error: null };
    case 'saved':
      // Edits typed while saving keep the note dirty, so the next autosave sends them.
      return { ...state, stored: event.stored, status: state.inFlight === state.text ? 'saved' : 'dirty', inFlight: null };
    case 'conflict':
      return { ...state, status: 'conflict', theirs: event.theirs, inFlight: null };
    case 'failed':
      return { ...state, status: 'error', inFlight: null, error: event.message };
    case 'keepMine':
      // Save mine on top of theirs: their version becomes the one mine replaces.
      return state.theirs ? { ...state, stored: state.theirs, theirs: null, status: 'dirty' } : state;
    case 'takeTheirs':
      return state.theirs ? { ...state, stored: state.theirs, theirs: null, text: event.text, title: event.title, status: 'saved' } : state;
  }
}

/** Whether the editor should schedule a save now (after an error, only the physician retries). */
export function shouldAutosave(state: NoteState): boolean {
  return state.status === 'dirty' && state.inFlight === null && state.text.trim().length > 0;
}
