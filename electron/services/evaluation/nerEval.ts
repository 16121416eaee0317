/**
 * Evaluates an installed disease-mention pack on a CoNLL file through the app's own path: each
 * sentence is sent as a note (tokens joined by single spaces) to InferenceService.analyzeText,
 * the entities' character offsets are mapped back to token spans, and spans are scored
 * conlleval-style (exact start, end and type), as the training script scores devel.
 */
import { BedsideError } from '../errors';
import { mapLimited, type Analyzer } from './analyzer';
import type { ConllSentence } from './conll';
import { entityPrf, spansFromTags, type EntityScores, type TokenSpan } from './metrics';

/** Figures for one file. */
export interface NerEvalResult extends EntityScores {
  task: 'ncbi-disease';
  packId: string;
  packVersion: string;
  sentences: number;
  tokens: number;
  /** Predicted entities the app marks 'uncertain' (mean tag probability inside the band). */
  uncertain: number;
  /** Entities whose edges fell inside a token (counted as predicted at the covering tokens). */
  misaligned: number;
  provider: string;
  meanHostMs: number;
}

/** The text of a sentence and each token's [start, end) in it. */
export function sentenceText(tokens: readonly string[]): { text: string; offsets: [number, number][] } {
  const offsets: [number, number][] = [];
  let pos = 0;
  for (const t of tokens) {
    offsets.push([pos, pos + t.length]);
    pos += t.length + 1;
  }
  return { text: tokens.join(' '), offsets };
}

/** Maps a character span to the tokens it covers: [first token, last token + 1), and whether its edges were token edges. */
export function charSpanToTokens(offsets: readonly [number, number][], start: number, end: number): { start: number; end: number; aligned: boolean } | null {
  let first = -1;
  let last = -1;
  offsets.forEach(([s, e], i) => {
    if (e > start && s < end) {
      if (first < 0) first = i;
      last = i;
    }
  });
  if (first < 0) return null;
  return { start: first, end: last + 1, aligned: offsets[first]![0] === start && offsets[last]![1] === end };
}

/** Runs the evaluation. `limit` takes the first N sentences (for smoke tests). */
export async function evaluateNer(
  analyzer: Analyzer,
  sentences: readonly ConllSentence[],
  options: { packId?: string; limit?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<NerEvalResult> {
  const packId = options.packId ?? 'ncbi-disease-bilstm-crf';
  const chosen = sentences.slice(0, options.limit ?? sentences.length);
  if (chosen.length === 0) throw new BedsideError('invalid-input', 'The CoNLL file has no sentences.');
  const gold: TokenSpan[] = chosen.flatMap((s, i) => spansFromTags(s.tags, i));
  let done = 0;
  let misaligned = 0;
  let uncertain = 0;
  const results = await mapLimited(chosen, 4, async (s, si) => {
    const { text, offsets } = sentenceText(s.tokens);
    const r = await analyzer.analyzeText({ packId, text, priority: 'background' });
    options.onProgress?.(++done, chosen.length);
    const spans: TokenSpan[] = [];
    for (const e of r.entities ?? []) {
      const t = charSpanToTokens(offsets, e.start, e.end);
      if (!t) continue;
      if (!t.aligned) misaligned++;
      if (e.status === 'uncertain') uncertain++;
      spans.push({ sentence: si, start: t.start, end: t.end, type: e.label });
    }
    return { spans, r };
  });
  const predicted = results.flatMap((x) => x.spans);
  const first = results[0]!.r;
  const hostMs = results.reduce((a, { r }) => a + r.provenance.timings.preprocessMs + r.provenance.timings.runMs + r.provenance.timings.postprocessMs, 0) / results.length;
  return {
    task: 'ncbi-disease',
    packId,
    packVersion: first.provenance.modelVersion,
    sentences: chosen.length,
    tokens: chosen.reduce((a, s) => a + s.tokens.length, 0),
    ...entityPrf(gold, predicted),
    uncertain,
    misaligned,
    provider: first.provenance.provider,
    meanHostMs: hostMs,
  };
}
