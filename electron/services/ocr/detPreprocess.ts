/** Detector input: resize to a multiple of 32 and normalise with ImageNet statistics. */
import { decodePage, resizeRgb } from './image';
import type { OcrTensor, RgbImage } from './types';

/** Detector preprocessing options (PaddleOCR's DetResizeForTest + NormalizeImage). */
export interface DetPreprocessOptions {
  /** The longest side is scaled down to this; default 960. */
  limitSideLen: number;
  /** Also scale small images up so the longest side reaches `limitSideLen`. Default false (PaddleOCR 'max'). */
  upscale: boolean;
}

export const DEFAULT_DET_PREPROCESS: DetPreprocessOptions = { limitSideLen: 960, upscale: false };

/** ImageNet mean and std in PaddleOCR's channel order (its images are BGR; it applies these as listed). */
const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

/** The detector tensor plus what is needed to map boxes back to the page. */
export interface DetInput {
  tensor: OcrTensor;
  /** The decoded page, kept for cropping lines at full resolution. */
  page: RgbImage;
  /** Size of the tensor's spatial plane. */
  resizedWidth: number;
  resizedHeight: number;
}

/** Target size: longest side limited, each side rounded to a multiple of 32 (at least 32). */
export function detTargetSize(width: number, height: number, opts: DetPreprocessOptions = DEFAULT_DET_PREPROCESS): { width: number; height: number } {
  const longest = Math.max(width, height);
  const ratio = longest > opts.limitSideLen || opts.upscale ? opts.limitSideLen / longest : 1;
  const round32 = (v: number): number => Math.max(32, Math.round((v * ratio) / 32) * 32);
  return { width: round32(width), height: round32(height) };
}

/**
 * Packs an RGB image into a [1,3,H,W] float tensor, channels in BGR order as PaddleOCR's
 * OpenCV-based training fed them, each (x/255 − mean)/std.
 */
export function rgbToDetTensor(img: RgbImage): OcrTensor {
  const plane = img.width * img.height;
  const out = new Float32Array(3 * plane);
  const src = img.data;
  for (let c = 0; c < 3; c++) {
    const srcChannel = 2 - c; // BGR
    const scale = 1 / (255 * (STD[c] as number));
    const shift = (MEAN[c] as number) / (STD[c] as number);
    const base = c * plane;
    for (let p = 0; p < plane; p++) out[base + p] = (src[p * 3 + srcChannel] as number) * scale - shift;
  }
  return { data: out, dims: [1, 3, img.height, img.width] };
}

/** Decodes any image bytes and prepares the detector input (see DetPreprocessOptions). */
export async function detPreprocess(bytes: Uint8Array, opts: DetPreprocessOptions = DEFAULT_DET_PREPROCESS): Promise<DetInput> {
  const page = await decodePage(bytes);
  return detPreprocessPage(page, opts);
}

/** As `detPreprocess`, for a page already decoded. */
export async function detPreprocessPage(page: RgbImage, opts: DetPreprocessOptions = DEFAULT_DET_PREPROCESS): Promise<DetInput> {
  const size = detTargetSize(page.width, page.height, opts);
  const resized = await resizeRgb(page, size.width, size.height);
  return { tensor: rgbToDetTensor(resized), page, resizedWidth: size.width, resizedHeight: size.height };
}
