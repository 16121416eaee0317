/** The OCR pipeline for one page: detect lines, cut them out, (turn them,) read them. */
import { BedsideError } from '../errors';
import { cropQuad, rotate180 } from './crop';
import { ctcGreedyDecode } from './ctc';
import { DEFAULT_DB, dbPostprocess, type DbOptions, type DetectedBox } from './dbPostprocess';
import { DEFAULT_DET_PREPROCESS, detPreprocessPage, type DetPreprocessOptions } from './detPreprocess';
import { decodePage } from './image';
import { linesToTensor, scaledWidth, REC_HEIGHT } from './recPreprocess';
import type { OcrLine, OcrModels, OcrResult, OcrTensor, OcrTimings, Point, Quad, RgbImage } from './types';

/** Every tunable of the pipeline; defaults are PaddleOCR's for the v4 models. */
export interface OcrOptions {
  det: DetPreprocessOptions;
  db: DbOptions;
  /** Lines read per recogniser call (PaddleOCR rec_batch_num). */
  recBatchSize: number;
  /** Lines read with a lower mean confidence are dropped (PaddleOCR drop_score). */
  dropScore: number;
  /** Run the direction classifier when the pack has one. */
  useCls: boolean;
  /** A line is turned 180° when the classifier says so with at least this probability. */
  clsThreshold: number;
  clsBatchSize: number;
}

export const DEFAULT_OCR_OPTIONS: OcrOptions = {
  det: DEFAULT_DET_PREPROCESS,
  db: DEFAULT_DB,
  recBatchSize: 6,
  dropScore: 0.5,
  useCls: true,
  clsThreshold: 0.9,
  clsBatchSize: 6,
};

/** Input width of the direction classifier (PaddleOCR cls_image_shape 3×48×192). */
const CLS_WIDTH = 192;

/**
 * Sorts boxes into reading order: top to bottom, and left to right among boxes on the same
 * line (top-left corners closer vertically than half the shorter box's height).
 */
export function sortReadingOrder<T extends { box: Quad }>(items: readonly T[]): T[] {
  const height = (q: Quad): number => Math.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1]);
  const sorted = [...items].sort((a, b) => a.box[0][1] - b.box[0][1] || a.box[0][0] - b.box[0][0]);
  for (let i = 0; i < sorted.length - 1; i++) {
    for (let j = i; j >= 0; j--) {
      const a = sorted[j] as T, b = sorted[j + 1] as T;
      const sameLine = Math.abs(b.box[0][1] - a.box[0][1]) < Math.max(10, 0.5 * Math.min(height(a.box), height(b.box)));
      if (sameLine && b.box[0][0] < a.box[0][0]) {
        sorted[j] = b;
        sorted[j + 1] = a;
      } else break;
    }
  }
  return sorted;
}

function checkOutput(t: OcrTensor, rank: number, what: string): void {
  if (t.dims.length !== rank || t.data.length !== t.dims.reduce((a, b) => a * b, 1)) {
    throw new BedsideError('corrupt', `The OCR ${what} model gave output of an unexpected shape [${t.dims.join(', ')}]. Nothing was read. Reinstall the OCR model pack.`);
  }
}

/**
 * Runs the direction classifier: the probability that each line is upside down. Long lines
 * are squashed into 192 pixels and judged less surely, hence the page-level vote in `runOcr`.
 */
export async function classifyUpsideDown(cls: NonNullable<OcrModels['cls']>, crops: readonly RgbImage[], batchSize = DEFAULT_OCR_OPTIONS.clsBatchSize): Promise<number[]> {
  const p180: number[] = [];
  for (let start = 0; start < crops.length; start += batchSize) {
    const batch = crops.slice(start, start + batchSize);
    const out = await cls(await linesToTensor(batch, { fixedWidth: CLS_WIDTH }));
    checkOutput(out, 2, 'direction');
    for (let i = 0; i < batch.length; i++) p180.push(out.data[i * 2 + 1] as number);
  }
  return p180;
}

/** The same quad seen on the page turned 180°, corners again from its (new) top-left. */
function turnQuad(q: Quad, width: number, height: number): Quad {
  const t = (p: Point): Point => [width - p[0], height - p[1]];
  return [t(q[2]), t(q[3]), t(q[0]), t(q[1])];
}

/** Reads each line crop: batches of similar width, greedy CTC. */
export async function recognise(models: OcrModels, crops: readonly RgbImage[], batchSize = DEFAULT_OCR_OPTIONS.recBatchSize): Promise<{ text: string; confidence: number }[]> {
  const results: { text: string; confidence: number }[] = new Array(crops.length);
  // Similar widths together waste less padding (PaddleOCR sorts by aspect ratio too).
  const order = crops.map((c, i) => ({ i, w: scaledWidth(c, REC_HEIGHT, Infinity) })).sort((a, b) => a.w - b.w).map((o) => o.i);
  for (let start = 0; start < order.length; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    const out = await models.rec(await linesToTensor(idx.map((i) => crops[i] as RgbImage)));
    checkOutput(out, 3, 'recognition');
    const [n, steps, classes] = out.dims as [number, number, number];
    if (n !== idx.length || classes !== models.charset.length) {
      throw new BedsideError('corrupt', `The OCR recognition model reads ${classes} symbols but its dictionary lists ${models.charset.length}. Nothing was read. Reinstall the OCR model pack.`);
    }
    idx.forEach((lineIndex, b) => {
      results[lineIndex] = ctcGreedyDecode(out.data, steps, classes, models.charset, b * steps * classes);
    });
  }
  return results;
}

/**
 * Reads the printed text on one page image (any format sharp decodes). Returns the lines in
 * reading order with their mean character confidence and corners in page pixels, and the time
 * each stage took. A page with no text gives no lines. Throws BedsideError 'invalid-input' for
 * bytes that are not an image.
 */
export async function runOcr(models: OcrModels, imageBytes: Uint8Array, options: Partial<OcrOptions> = {}): Promise<OcrResult> {
  const opts: OcrOptions = { ...DEFAULT_OCR_OPTIONS, ...options };
  const t0 = performance.now();
  let t = t0;
  const lap = (): number => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return ms;
  };
  const page = await decodePage(imageBytes);
  const detIn = await detPreprocessPage(page, opts.det);
  const decodeMs = lap();

  const probs = await models.det(detIn.tensor);
  checkOutput(probs, 4, 'detection');
  const [, , mh, mw] = probs.dims as [number, number, number, number];
  const detMs = lap();

  const boxes: DetectedBox[] = dbPostprocess(probs.data, mw, mh, page.width, page.height, opts.db);
  const postprocessMs = lap();

  const crops = boxes.map((b) => cropQuad(page, b.box));
  const cropMs = lap();

  // Direction: a line is turned when the classifier is sure; when most lines lean upside down
  // the whole page is, so every leaning line is turned and reading order runs from the bottom.
  let flip = boxes.map(() => false);
  let pageUpsideDown = false;
  if (opts.useCls && models.cls && crops.length > 0) {
    const p180 = await classifyUpsideDown(models.cls, crops, opts.clsBatchSize);
    pageUpsideDown = p180.filter((p) => p >= 0.5).length * 2 > p180.length;
    flip = p180.map((p) => p >= opts.clsThreshold || (pageUpsideDown && p >= 0.5));
  }
  const items = boxes.map((b, i) => ({
    box: pageUpsideDown ? turnQuad(b.box, page.width, page.height) : b.box,
    original: b.box,
    crop: flip[i] ? rotate180(crops[i] as RgbImage) : (crops[i] as RgbImage),
  }));
  const ordered = sortReadingOrder(items);
  const clsMs = lap();

  const read = ordered.length > 0 ? await recognise(models, ordered.map((o) => o.crop), opts.recBatchSize) : [];
  const recMs = lap();

  const lines: OcrLine[] = [];
  ordered.forEach((o, i) => {
    const r = read[i];
    if (!r) return;
    const text = r.text.trim();
    if (text === '' || r.confidence < opts.dropScore) return;
    lines.push({ text, confidence: r.confidence, box: o.original });
  });
  const timings: OcrTimings = { decodeMs, detMs, postprocessMs, cropMs, clsMs, recMs, totalMs: performance.now() - t0 };
  return { lines, width: page.width, height: page.height, timings };
}
