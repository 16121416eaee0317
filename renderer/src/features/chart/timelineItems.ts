/** Encounters and notes merged into one timeline, newest first. Pure. */
import type { DocumentReference, Encounter } from 'fhir/r4';
import { conceptText } from '../../fhir/display';
import { noteTitleOf } from '../../fhir/noteText';

/** One row of the timeline. */
export interface TimelineItem {
  key: string;
  kind: 'encounter' | 'note';
  date: string;
  title: string;
  noteId?: string;
}

/** Merges encounters and notes into timeline rows, newest first. */
export function timelineItems(encounters: readonly Encounter[], notes: readonly DocumentReference[]): TimelineItem[] {
  const items: TimelineItem[] = [
    ...encounters.map((e, i) => ({
      key: `e-${e.id ?? i}`,
      kind: 'encounter' as const,
      date: e.period?.start ?? '',
      title: conceptText(e.type?.[0]) || conceptText(e.reasonCode?.[0]) || e.class?.display || e.class?.code || '',
    })),
    ...notes.map((n, i) => ({ key: `n-${n.id ?? i}`, kind: 'note' as const, date: n.date ?? '', title: noteTitleOf(n), ...(n.id ? { noteId: n.id } : {}) })),
  ];
  return items.sort((a, b) => b.date.localeCompare(a.date));
}
