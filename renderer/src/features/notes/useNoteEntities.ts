/**
 * Entities in notes, found by the active token-classification pack (inference.analyzeText,
 * background priority). Runs after a note is saved and on demand, never in the way of typing:
 * one reading per note at a time, and only the latest text waits behind it. Results keep the text
 * they were found in, so highlights always line up with what is shown.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TextModelRef, TextPort } from '../../api/ports';
import { entityContext, type EntitySpan } from './highlightSegments';

/** One note's reading. */
export type NoteEntities =
  | { status: 'running'; text: string; previous?: Found }
  | { status: 'error'; text: string; message: string }
  | ({ status: 'done' } & Found);

/** Entities found in a text. */
export interface Found {
  text: string;
  spans: EntitySpan[];
  model: TextModelRef;
}

/** The model to read notes with: undefined while checking, null when none is active. */
export type EntityModel = TextModelRef | null | undefined;

/** Readings per note id, the model, and a way to ask for one. */
export function useNoteEntities(text: TextPort | undefined): { model: EntityModel; byNote: Readonly<Record<string, NoteEntities>>; analyse: (noteId: string, noteText: string) => void } {
  const [model, setModel] = useState<EntityModel>(text ? undefined : null);
  const [byNote, setByNote] = useState<Record<string, NoteEntities>>({});
  const running = useRef(new Set<string>());
  const waiting = useRef(new Map<string, string>());
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    if (text) void text.activeEntityModel().then((m) => live.current && setModel(m));
    return () => {
      live.current = false;
    };
  }, [text]);

  const run = useCallback(
    async (noteId: string, firstText: string, m: TextModelRef) => {
      if (!text) return;
      running.current.add(noteId);
      // Reads the note, then whatever text was saved meanwhile (only the latest), until none waits.
      for (let noteText: string | undefined = firstText; noteText !== undefined; ) {
        const reading: string = noteText;
        setByNote((cur) => {
          const prev = cur[noteId];
          const previous = prev?.status === 'done' ? { text: prev.text, spans: prev.spans, model: prev.model } : prev?.status === 'running' ? prev.previous : undefined;
          return { ...cur, [noteId]: { status: 'running', text: reading, ...(previous ? { previous } : {}) } };
        });
        const r = await text.findEntities({ text: reading, model: m });
        if (!live.current) break;
        setByNote((cur) => ({
          ...cur,
          [noteId]: r.ok
            ? { status: 'done', text: reading, model: m, spans: r.value.entities.map((e) => { const context = entityContext(e.assertion); return { start: e.start, end: e.end, label: e.label, score: e.score, ...(context ? { context } : {}) }; }) }
            : { status: 'error', text: reading, message: r.error.message },
        }));
        const next = waiting.current.get(noteId);
        waiting.current.delete(noteId);
        noteText = next !== reading ? next : undefined;
      }
      running.current.delete(noteId);
    },
    [text],
  );

  const analyse = useCallback(
    (noteId: string, noteText: string) => {
      if (!model || !noteText.trim()) return;
      if (running.current.has(noteId)) waiting.current.set(noteId, noteText);
      else void run(noteId, noteText, model);
    },
    [model, run],
  );

  return { model, byNote, analyse };
}
