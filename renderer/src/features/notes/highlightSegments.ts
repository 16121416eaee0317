/**
 * Splits a note into segments at every entity boundary, so overlapping and adjacent entities
 * both show. Offsets are UTF-16 code units (as JavaScript strings index, and as the inference
 * channel reports them); spans outside the text are clipped, empty ones dropped. Pure.
 */

/** How a mention is asserted (ConText), when it is not simply the patient's condition. */
export type EntityContext = 'negated' | 'possible' | 'hypothetical' | 'family' | 'other' | 'historical';

/** An entity found in a note. */
export interface EntitySpan {
  start: number;
  end: number;
  label: string;
  score: number;
  context?: EntityContext;
}

/** The one context a mention is shown with (negated first, then whose, then how certain). */
export function entityContext(a: { negation: string; temporality: string; experiencer: string } | undefined): EntityContext | undefined {
  if (!a) return undefined;
  if (a.negation === 'negated') return 'negated';
  if (a.experiencer === 'family') return 'family';
  if (a.experiencer === 'other') return 'other';
  if (a.temporality === 'hypothetical') return 'hypothetical';
  if (a.negation === 'possible') return 'possible';
  if (a.temporality === 'historical') return 'historical';
  return undefined;
}

/** A run of text covered by the same set of entities. */
export interface Segment {
  start: number;
  end: number;
  text: string;
  /** Entities covering this run (outermost first). */
  spans: EntitySpan[];
  /** Entities that end at this run's end (their type label goes here). */
  ending: EntitySpan[];
}

/** The note split at every entity boundary. */
export function highlightSegments(text: string, spans: readonly EntitySpan[]): Segment[] {
  const valid = spans
    .map((s) => ({ ...s, start: Math.max(0, Math.min(text.length, s.start)), end: Math.max(0, Math.min(text.length, s.end)) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const cuts = new Set<number>([0, text.length]);
  for (const s of valid) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    const covering = valid.filter((s) => s.start <= start && s.end >= end);
    segments.push({ start, end, text: text.slice(start, end), spans: covering, ending: covering.filter((s) => s.end === end) });
  }
  return segments;
}

/** A CSS-safe class suffix for an entity label. */
export function labelClass(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
