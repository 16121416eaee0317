/**
 * From logits to what a clinician sees: temperature-scaled probabilities (Guo et al. 2017,
 * "On Calibration of Modern Neural Networks"), then each label's status at its threshold,
 * with an 'uncertain' band instead of a forced answer near the threshold.
 */
import type { LabelResult } from '../contract/channels/inference';
import type { PackLabel } from '../services/models/manifest';

/** Softmax of logits / temperature (numerically stable). */
export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  const scaled = Array.from(logits, (v) => v / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Independent sigmoid of each logit / temperature (multi-label). */
export function sigmoid(logits: ArrayLike<number>, temperature = 1): number[] {
  return Array.from(logits, (v) => 1 / (1 + Math.exp(-v / temperature)));
}

/** Probabilities by the manifest's activation. */
export function activate(logits: ArrayLike<number>, activation: 'softmax' | 'sigmoid', temperature: number): number[] {
  return activation === 'softmax' ? softmax(logits, temperature) : sigmoid(logits, temperature);
}

/** The status of one probability against a label's threshold and uncertain band. */
export function labelStatus(probability: number, label: Pick<PackLabel, 'threshold' | 'uncertainBand'>): LabelResult['status'] {
  const band = label.uncertainBand;
  if (band && probability >= band[0] && probability <= band[1]) return 'uncertain';
  return probability >= label.threshold ? 'present' : 'absent';
}

/** Every label with its probability and status, in the manifest's order. */
export function labelResults(probabilities: readonly number[], labels: readonly PackLabel[]): LabelResult[] {
  return labels.map((l) => {
    const probability = probabilities[l.index] ?? 0;
    return { index: l.index, name: l.name, probability, threshold: l.threshold, status: labelStatus(probability, l), codes: l.codes, ...(l.operatingPoint ? { operatingPoint: l.operatingPoint } : {}) };
  });
}
