/** Evaluation metrics on hand-computed cases: AUC with ties, threshold counts, conlleval spans and PRF, CoNLL parsing, offsets → tokens. */
import { describe, expect, it } from 'vitest';
import { binaryAtThreshold, entityPrf, rocAuc, spansFromTags } from '../../../electron/services/evaluation/metrics';
import { parseConll } from '../../../electron/services/evaluation/conll';
import { charSpanToTokens, sentenceText } from '../../../electron/services/evaluation/nerEval';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, NaN with one class', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.3, 0.4], [1, 1])).toBeNaN();
  });
  it('counts ties as one half (mid-ranks)', () => {
    // Pairs (pos, neg): (0.5,0.5) tie = ½, (0.5,0.2) = 1, (0.9,0.5) = 1, (0.9,0.2) = 1, (0.3,0.5) = 0, (0.3,0.2) = 1 → 4.5 / 6.
    expect(rocAuc([0.5, 0.9, 0.3, 0.5, 0.2], [1, 1, 1, 0, 0])).toBeCloseTo(4.5 / 6, 12);
    // Every score equal: 0.5.
    expect(rocAuc([0.7, 0.7, 0.7, 0.7], [1, 0, 1, 0])).toBe(0.5);
  });
  it('ignores the order of the input', () => {
    expect(rocAuc([0.2, 0.5, 0.3, 0.9, 0.5], [0, 0, 1, 1, 1])).toBeCloseTo(4.5 / 6, 12);
  });
});

describe('binaryAtThreshold', () => {
  it('counts score ≥ threshold as positive', () => {
    const r = binaryAtThreshold([0.1, 0.5, 0.49, 0.9, 0.6], [0, 1, 1, 1, 0], 0.5);
    expect(r).toMatchObject({ tp: 2, fn: 1, fp: 1, tn: 1 });
    expect(r.accuracy).toBeCloseTo(3 / 5, 12);
    expect(r.sensitivity).toBeCloseTo(2 / 3, 12);
    expect(r.specificity).toBeCloseTo(1 / 2, 12);
  });
});

describe('conlleval spans and entity PRF', () => {
  it('chunks IOB like conlleval (I- after O starts an entity; a type change splits)', () => {
    expect(spansFromTags(['B-Disease', 'I-Disease', 'O', 'I-Disease', 'B-Disease', 'I-Gene', 'I-Gene'], 3)).toEqual([
      { sentence: 3, start: 0, end: 2, type: 'Disease' },
      { sentence: 3, start: 3, end: 4, type: 'Disease' },
      { sentence: 3, start: 4, end: 5, type: 'Disease' },
      { sentence: 3, start: 5, end: 7, type: 'Gene' },
    ]);
  });
  it('scores exact matches only: P = 1/3, R = 1/2, F1 = 0.4', () => {
    const gold = [...spansFromTags(['B-Disease', 'I-Disease', 'O'], 0), ...spansFromTags(['O', 'B-Disease'], 1)];
    const pred = [...spansFromTags(['B-Disease', 'I-Disease', 'B-Disease'], 0), ...spansFromTags(['B-Disease', 'I-Disease'], 1)];
    const r = entityPrf(gold, pred);
    expect(r).toMatchObject({ tp: 1, nGold: 2, nPred: 3 });
    expect(r.precision).toBeCloseTo(1 / 3, 12);
    expect(r.recall).toBeCloseTo(1 / 2, 12);
    expect(r.f1).toBeCloseTo(0.4, 12);
    expect(entityPrf([], [])).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('CoNLL and offsets', () => {
  it('parses sentences and refuses lines without an IOB tag', () => {
    expect(parseConll('A\tO\nb\tB-Disease\n\n\nc\tI-Disease\n')).toEqual([
      { tokens: ['A', 'b'], tags: ['O', 'B-Disease'] },
      { tokens: ['c'], tags: ['I-Disease'] },
    ]);
    expect(() => parseConll('A\tO\nbroken line\n', 'devel.tsv')).toThrow(/devel\.tsv is not a CoNLL token file: line 2/);
  });
  it('maps character spans of the joined sentence back to tokens', () => {
    const { text, offsets } = sentenceText(['inherited', 'breast', 'cancer', '.']);
    expect(text).toBe('inherited breast cancer .');
    expect(charSpanToTokens(offsets, 10, 23)).toEqual({ start: 1, end: 3, aligned: true });
    expect(charSpanToTokens(offsets, 12, 23)).toEqual({ start: 1, end: 3, aligned: false });
    expect(charSpanToTokens(offsets, 9, 10)).toBeNull();
  });
});
