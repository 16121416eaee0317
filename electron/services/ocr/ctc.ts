/** Greedy CTC decoding of recogniser output. */

/** A decoded line: text plus the mean probability of the characters kept. */
export interface CtcDecoded {
  text: string;
  confidence: number;
}

/**
 * Greedy (best-path) CTC decode of one sequence: take the most probable class at each time
 * step, merge repeats, drop blanks (class 0). `probs` holds `steps × classes` probabilities,
 * starting at `offset`. Confidence is the mean of the kept steps' probabilities (0 when empty),
 * as PaddleOCR reports it.
 */
export function ctcGreedyDecode(probs: Float32Array, steps: number, classes: number, charset: readonly string[], offset = 0): CtcDecoded {
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base] ?? 0;
    for (let c = 1; c < classes; c++) {
      const p = probs[base + c] ?? 0;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += charset[best] ?? '';
      sum += bestP;
      kept++;
    }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : sum / kept };
}
