/**
 * Groups per-token BIO labels into entities with character offsets. Sub-word pieces (##)
 * take their word's first piece's label (as the model was trained); an I- that does not
 * continue an entity of its type starts one (as tolerant taggers do); entities never span
 * a word tagged O, unlike transformers.js's 'simple' aggregation.
 */

/** One note token with its prediction. */
export interface TaggedToken {
  start: number;
  end: number;
  /** True for a ## continuation piece of the previous word. */
  continuation: boolean;
  label: string;
  score: number;
}

/** A grouped entity (type without the B-/I- prefix). */
export interface GroupedEntity {
  type: string;
  start: number;
  end: number;
  /** Mean of the first-piece scores of its words. */
  score: number;
  /** The label of its first word (B-X, or I-X when it began with I-). */
  firstLabel: string;
}

function typeOf(label: string): { tag: 'B' | 'I' | 'O'; type: string } {
  const m = /^([BI])-(.+)$/.exec(label);
  return m ? { tag: m[1] as 'B' | 'I', type: m[2] as string } : { tag: 'O', type: '' };
}

/** Entities from tagged tokens, in note order. */
export function groupEntities(tokens: readonly TaggedToken[]): GroupedEntity[] {
  const out: GroupedEntity[] = [];
  let current: (GroupedEntity & { scores: number[] }) | null = null;
  const close = (): void => {
    if (current) {
      const { scores, ...e } = current;
      out.push({ ...e, score: scores.reduce((a, b) => a + b, 0) / scores.length });
    }
    current = null;
  };
  let wordTag: { tag: 'B' | 'I' | 'O'; type: string } = { tag: 'O', type: '' };
  for (const t of tokens) {
    if (t.continuation) {
      if (current !== null && wordTag.tag !== 'O') (current as GroupedEntity).end = t.end;
      continue;
    }
    wordTag = typeOf(t.label);
    if (wordTag.tag === 'O') {
      close();
      continue;
    }
    const cur = current as (GroupedEntity & { scores: number[] }) | null;
    if (wordTag.tag === 'I' && cur && cur.type === wordTag.type) {
      cur.end = t.end;
      cur.scores.push(t.score);
      continue;
    }
    close();
    current = { type: wordTag.type, start: t.start, end: t.end, score: 0, firstLabel: t.label, scores: [t.score] };
  }
  close();
  return out;
}
