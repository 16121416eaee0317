/**
 * Evaluation metrics, computed the way the training scripts do so the app's figures can be
 * compared with the model cards: ROC AUC (Mann–Whitney U with mid-ranks for ties), confusion
 * counts at a threshold, and conlleval-style entity precision/recall/F1 (exact span and type).
 */

/** Area under the ROC curve: P(score of a positive > score of a negative) + ½ P(equal). */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  if (scores.length !== labels.length) throw new Error('scores and labels differ in length');
  const order = scores.map((s, i) => ({ s, i })).sort((a, b) => a.s - b.s);
  const ranks = new Array<number>(scores.length);
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]!.s === order[k]!.s) j++;
    const mid = (k + j) / 2 + 1; // 1-based mid-rank of the tied run
    for (let m = k; m <= j; m++) ranks[order[m]!.i] = mid;
    k = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  labels.forEach((l, i) => {
    if (l === 1) {
      pos++;
      rankSum += ranks[i]!;
    }
  });
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Confusion counts and rates when `score ≥ threshold` means positive. */
export interface BinaryAtThreshold {
  threshold: number;
  accuracy: number;
  sensitivity: number;
  specificity: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
}

/** Accuracy, sensitivity and specificity at a threshold (positive when score ≥ threshold). */
export function binaryAtThreshold(scores: readonly number[], labels: readonly (0 | 1)[], threshold: number): BinaryAtThreshold {
  let tp = 0, tn = 0, fp = 0, fn = 0;
  scores.forEach((s, i) => {
    const predicted = s >= threshold;
    if (labels[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  });
  const n = tp + tn + fp + fn;
  return { threshold, accuracy: n ? (tp + tn) / n : Number.NaN, sensitivity: tp + fn ? tp / (tp + fn) : Number.NaN, specificity: tn + fp ? tn / (tn + fp) : Number.NaN, tp, tn, fp, fn };
}

/**
 * The best specificity among thresholds that keep sensitivity ≥ target, and that threshold
 * (an oracle operating point on the evaluated data itself, for comparing models; the pack's own
 * threshold is fixed in advance and reported by binaryAtThreshold).
 */
export function specificityAtSensitivity(scores: readonly number[], labels: readonly (0 | 1)[], target: number): { specificity: number; threshold: number } {
  const pos = scores.filter((_, i) => labels[i] === 1).sort((a, b) => a - b);
  const neg = scores.filter((_, i) => labels[i] === 0);
  if (pos.length === 0 || neg.length === 0) return { specificity: Number.NaN, threshold: Number.NaN };
  // Thresholding at pos[k] keeps pos[k..] positive: sensitivity (n − k)/n. Largest k meeting the target.
  let k = Math.floor(pos.length * (1 - target) + 1e-9);
  while (k > 0 && (pos.length - k) / pos.length < target) k--;
  const threshold = pos[k]!;
  return { specificity: neg.filter((s) => s < threshold).length / neg.length, threshold };
}

/** An entity as a token span [start, end) of one sentence, with its type. */
export interface TokenSpan {
  sentence: number;
  start: number;
  end: number;
  type: string;
}

/** conlleval chunking of IOB tags: an entity starts at B-X, or at I-X after O or another type. */
export function spansFromTags(tags: readonly string[], sentence = 0): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let start = -1;
  let type: string | null = null;
  [...tags, 'O'].forEach((t, i) => {
    const tp = t === 'O' ? null : t.slice(2);
    const begin = t.startsWith('B-') || (t.startsWith('I-') && tp !== type);
    if (start >= 0 && (t === 'O' || begin)) {
      spans.push({ sentence, start, end: i, type: type! });
      start = -1;
      type = null;
    }
    if (begin) {
      start = i;
      type = tp;
    }
  });
  return spans;
}

/** Micro-averaged entity precision, recall and F1 with their counts. */
export interface EntityScores {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  nGold: number;
  nPred: number;
}

/** Exact-match entity scores: a predicted span counts only when sentence, start, end and type all match a gold one. */
export function entityPrf(gold: readonly TokenSpan[], predicted: readonly TokenSpan[]): EntityScores {
  const key = (s: TokenSpan): string => `${s.sentence}:${s.start}:${s.end}:${s.type}`;
  const g = new Set(gold.map(key));
  const p = new Set(predicted.map(key));
  let tp = 0;
  for (const k of p) if (g.has(k)) tp++;
  const precision = p.size ? tp / p.size : 0;
  const recall = g.size ? tp / g.size : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, nGold: g.size, nPred: p.size };
}
