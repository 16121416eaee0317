/**
 * Viterbi decoding of a linear-chain CRF: the best tag sequence under emission scores plus
 * transition, start and end scores. Same recurrence and tie-breaking (first maximum) as the
 * training script's `viterbi`, so PyTorch and Bedside give the same tags.
 */

/** A CRF's scores: transitions[from][to], start[tag], end[tag]. */
export interface CrfScores {
  labels: readonly string[];
  transitions: readonly (readonly number[])[];
  start: readonly number[];
  end: readonly number[];
}

/** Best tag indices for emissions laid out row-major [tokens × tags] from `offset`. */
export function viterbi(emissions: ArrayLike<number>, offset: number, length: number, crf: CrfScores): number[] {
  const K = crf.labels.length;
  if (length === 0) return [];
  let score = Array.from({ length: K }, (_, k) => crf.start[k]! + emissions[offset + k]!);
  const back: number[][] = [[]];
  for (let t = 1; t < length; t++) {
    const next = new Array<number>(K);
    const ptr = new Array<number>(K);
    for (let cur = 0; cur < K; cur++) {
      let best = -Infinity;
      let arg = 0;
      for (let prev = 0; prev < K; prev++) {
        const s = score[prev]! + crf.transitions[prev]![cur]!;
        if (s > best) {
          best = s;
          arg = prev;
        }
      }
      next[cur] = best + emissions[offset + t * K + cur]!;
      ptr[cur] = arg;
    }
    score = next;
    back.push(ptr);
  }
  let last = 0;
  for (let k = 1; k < K; k++) if (score[k]! + crf.end[k]! > score[last]! + crf.end[last]!) last = k;
  const path = [last];
  for (let t = length - 1; t > 0; t--) path.push(back[t]![path[path.length - 1]!]!);
  return path.reverse();
}

const logSumExp = (xs: readonly number[]): number => {
  const m = Math.max(...xs);
  return m === -Infinity ? m : m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
};

/**
 * Per-token tag marginals P(tag_t = k | sentence) of the CRF (forward–backward in log space),
 * rows of `labels.length`; what an entity's score is made of (the mean marginal of its tags).
 */
export function crfMarginals(emissions: ArrayLike<number>, offset: number, length: number, crf: CrfScores): number[][] {
  const K = crf.labels.length;
  if (length === 0) return [];
  const em = (t: number, k: number): number => emissions[offset + t * K + k]!;
  const alpha: number[][] = [Array.from({ length: K }, (_, k) => crf.start[k]! + em(0, k))];
  for (let t = 1; t < length; t++) {
    alpha.push(Array.from({ length: K }, (_, cur) => logSumExp(alpha[t - 1]!.map((a, prev) => a + crf.transitions[prev]![cur]!)) + em(t, cur)));
  }
  const beta: number[][] = new Array<number[]>(length);
  beta[length - 1] = [...crf.end];
  for (let t = length - 2; t >= 0; t--) {
    beta[t] = Array.from({ length: K }, (_, prev) => logSumExp(beta[t + 1]!.map((b, cur) => crf.transitions[prev]![cur]! + em(t + 1, cur) + b)));
  }
  const logZ = logSumExp(alpha[length - 1]!.map((a, k) => a + crf.end[k]!));
  return alpha.map((row, t) => row.map((a, k) => Math.exp(a + beta[t]![k]! - logZ)));
}
