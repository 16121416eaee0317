/**
 * ONNX Runtime thread counts, chosen on purpose: one intra-op pool sized to the machine (all
 * cores on small machines, one left for the window on larger ones) and one inter-op thread,
 * since BERT and DenseNet graphs are chains where parallel operators gain little and a second
 * pool would compete with the first.
 */
import os from 'node:os';

/** Intra-op threads for a machine with `cores` logical CPUs, unless `override` (BEDSIDE_INFERENCE_THREADS) says otherwise. */
export function defaultIntraOpThreads(cores = os.cpus().length, override = process.env.BEDSIDE_INFERENCE_THREADS): number {
  const forced = override ? Number.parseInt(override, 10) : NaN;
  if (Number.isInteger(forced) && forced > 0) return Math.min(forced, 256);
  if (cores <= 4) return Math.max(1, cores);
  return cores - 1;
}
