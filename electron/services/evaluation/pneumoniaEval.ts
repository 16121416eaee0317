/**
 * Evaluates an installed chest X-ray pack on a PneumoniaMNIST-style .npz through the app's own
 * path: each image is encoded as a PNG file and sent to InferenceService.analyzeImage exactly as
 * a clinician's upload would be (decode, gate, crop and reduce, normalise, run, out-of-distribution
 * check, calibrate in the host). Images the pack refuses are counted and left out of the figures.
 */
import sharp from 'sharp';
import { BedsideError, isBedsideError } from '../errors';
import { mapLimited, type Analyzer } from './analyzer';
import { binaryAtThreshold, rocAuc, specificityAtSensitivity, type BinaryAtThreshold } from './metrics';
import type { NpyArray } from './npz';

/** Figures for one split. */
export interface PneumoniaEvalResult extends BinaryAtThreshold {
  task: 'pneumonia';
  packId: string;
  packVersion: string;
  split: string;
  n: number;
  positives: number;
  negatives: number;
  auc: number;
  /** Images whose probability fell in the pack's uncertain band (reported 'uncertain' in the app). */
  uncertain: number;
  /** Best specificity with sensitivity ≥ 0.95 on this split (threshold chosen on it: an oracle figure for comparing models). */
  specificityAtSens95: number;
  /** Images the pack refused (out of distribution, or not what it accepts): not scored, left out of every figure above. */
  refused: number;
  refusedPositives: number;
  provider: string;
  /** Mean host time per image (preprocess + run + postprocess), ms. */
  meanHostMs: number;
}

/** The image and label arrays of a split: test_* when present, else val_*, or the one asked for. */
export function pickSplit(arrays: Map<string, NpyArray>, split?: string): { split: string; images: NpyArray; labels: NpyArray } {
  const names = split ? [split] : ['test', 'val'];
  for (const s of names) {
    const images = arrays.get(`${s}_images`);
    const labels = arrays.get(`${s}_labels`);
    if (images && labels) return { split: s, images, labels };
  }
  throw new BedsideError('invalid-input', `The data file has no ${names.map((s) => `${s}_images/${s}_labels`).join(' or ')} arrays (it has ${[...arrays.keys()].join(', ') || 'none'}).`);
}

/** One 8-bit greyscale (or RGB) image of an [N,H,W] / [N,H,W,C] uint8 array, as a PNG file. */
export async function imageAsPng(images: NpyArray, index: number): Promise<Buffer> {
  const [, h, w, c = 1] = images.shape;
  if (!(images.data instanceof Uint8Array) || h === undefined || w === undefined || (c !== 1 && c !== 3)) {
    throw new BedsideError('invalid-input', `The images array must be uint8 [N, H, W] or [N, H, W, 3]; it is ${images.dtype} [${images.shape.join(', ')}].`);
  }
  const per = h * w * c;
  const raw = Buffer.from(images.data.buffer, images.data.byteOffset + index * per, per);
  return sharp(raw, { raw: { width: w, height: h, channels: c } }).png().toBuffer();
}

/** Runs the evaluation. `limit` takes the first N images (for smoke tests). */
export async function evaluatePneumonia(
  analyzer: Analyzer,
  arrays: Map<string, NpyArray>,
  options: { packId?: string; split?: string; limit?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<PneumoniaEvalResult> {
  const packId = options.packId ?? 'pneumonia-xray';
  const { split, images, labels } = pickSplit(arrays, options.split);
  const total = Math.min(images.shape[0] ?? 0, labels.data.length, options.limit ?? Infinity);
  if (total === 0) throw new BedsideError('invalid-input', `The ${split} split has no images.`);
  const truth = Array.from(labels.data.subarray(0, total), (v) => (Number(v) === 1 ? 1 : 0) as 0 | 1);
  let done = 0;
  const all = await mapLimited(Array.from({ length: total }, (_, i) => i), 4, async (i) => {
    const png = await imageAsPng(images, i);
    try {
      // The data set holds frontal chest X-rays: the evaluator confirms what a clinician would.
      return await analyzer.analyzeImage({ packId, bytes: png, fileName: `${split}-${i}.png`, confirmed: true, priority: 'background' });
    } catch (e) {
      if (isBedsideError(e) && e.details?.refused) return undefined;
      throw e;
    } finally {
      options.onProgress?.(++done, total);
    }
  });
  const kept = all.flatMap((r, i) => (r ? [{ r, t: truth[i]! }] : []));
  if (kept.length === 0) throw new BedsideError('invalid-input', `The pack refused every image of the ${split} split; nothing was scored.`);
  const results = kept.map((k) => k.r);
  const scored = kept.map((k) => k.t);
  const label = results[0]!.labels[0]!;
  const scores = results.map((r) => r.labels[0]!.probability);
  const at = binaryAtThreshold(scores, scored, label.threshold);
  const hostMs = results.reduce((a, r) => a + r.provenance.timings.preprocessMs + r.provenance.timings.runMs + r.provenance.timings.postprocessMs, 0) / results.length;
  return {
    task: 'pneumonia',
    packId,
    packVersion: results[0]!.provenance.modelVersion,
    split,
    n: total,
    positives: truth.filter((t) => t === 1).length,
    negatives: truth.filter((t) => t === 0).length,
    auc: rocAuc(scores, scored),
    ...at,
    uncertain: results.filter((r) => r.labels[0]!.status === 'uncertain').length,
    specificityAtSens95: specificityAtSensitivity(scores, scored, 0.95).specificity,
    refused: total - kept.length,
    refusedPositives: all.filter((r, i) => !r && truth[i] === 1).length,
    provider: results[0]!.provenance.provider,
    meanHostMs: hostMs,
  };
}
