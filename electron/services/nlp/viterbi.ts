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
