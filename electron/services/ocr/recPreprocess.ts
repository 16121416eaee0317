/** Recogniser and direction-classifier input: lines at height 48, normalised, padded into a batch. */
import { resizeRgb } from './image';
import type { OcrTensor, RgbImage } from './types';

/** Height every line is scaled to (PaddleOCR v4 rec_image_shape 3×48×320). */
export const REC_HEIGHT = 48;
/** The narrowest batch PaddleOCR builds (320 px, ratio 6.67). */
export const REC_MIN_WIDTH = 320;
/** Lines are never made wider than this (very long lines lose detail but do not exhaust memory). */
export const REC_MAX_WIDTH = 3200;

/** Width a line of the given size gets at height 48, rounded up, at most `maxWidth`. */
export function scaledWidth(img: { width: number; height: number }, height: number, maxWidth: number): number {
  return Math.max(1, Math.min(maxWidth, Math.ceil((height * img.width) / img.height)));
}

/**
 * Builds one [N,3,48,W] batch: each line resized to height 48 keeping its aspect ratio,
 * normalised (x/255 − 0.5)/0.5 in BGR order, and right-padded with zeros to the widest line
 * (at least 320, PaddleOCR's resize_norm_img). `fixedWidth` forces W, narrower lines still
 * keep their ratio (the classifier's 192).
 */
export async function linesToTensor(lines: readonly RgbImage[], opts: { fixedWidth?: number; height?: number } = {}): Promise<OcrTensor> {
  const height = opts.height ?? REC_HEIGHT;
  const batchWidth = opts.fixedWidth ?? Math.min(REC_MAX_WIDTH, Math.max(REC_MIN_WIDTH, ...lines.map((l) => scaledWidth(l, height, REC_MAX_WIDTH))));
  const plane = height * batchWidth;
  const data = new Float32Array(lines.length * 3 * plane);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as RgbImage;
    const w = scaledWidth(line, height, batchWidth);
    const resized = await resizeRgb(line, w, height);
    for (let c = 0; c < 3; c++) {
      const srcChannel = 2 - c; // BGR, as PaddleOCR trained
      const base = (n * 3 + c) * plane;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < w; x++) {
          data[base + y * batchWidth + x] = (resized.data[(y * w + x) * 3 + srcChannel] as number) / 127.5 - 1;
        }
      }
    }
  }
  return { data, dims: [lines.length, 3, height, batchWidth] };
}
