import { lookUp } from './dicom/lookupTables';
import type { DecodedImage, LookupTable, WindowLevel } from './types';

/**
 * Applies a window to the image and returns 8-bit samples (same channel count). Linear:
 * [centre − width/2, centre + width/2] → [0, 255], clamped (DICOM's LINEAR_EXACT, PS3.3
 * C.11.2.1.3.2), or, when the window asked for is the image's own and the file gives a VOI LUT
 * (0028,3010) instead of a window, that LUT (PS3.3 C.11.2.1.1). MONOCHROME1 is inverted so that
 * display and models always see MONOCHROME2 (high = white).
 */
export function applyWindow(image: DecodedImage, window: WindowLevel = image.window): Uint8Array {
  const w = windowMapping(image, window);
  const pixels = image.pixels;
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = windowed(pixels[i] as number, w);
  return out;
}

/** A window as the arithmetic applyWindow does per sample. */
export interface WindowMapping {
  readonly lo: number;
  readonly scale: number;
  readonly invert: boolean;
  /** The 8-bit window (PNG and JPEG: centre 127.5, width 255), where whole values 0..255 map to themselves. */
  readonly identity: boolean;
  /** The file's VOI LUT, used instead of the linear window. */
  readonly lut?: LookupTable;
}

/** The mapping applyWindow uses for this image and window. */
export function windowMapping(image: DecodedImage, window: WindowLevel = image.window): WindowMapping {
  const lo = window.center - window.width / 2;
  const scale = 255 / Math.max(window.width, Number.EPSILON);
  const own = window.center === image.window.center && window.width === image.window.width;
  const voi = own ? image.voiLut : undefined;
  return { lo, scale, invert: image.invert, identity: lo === 0 && scale === 1, ...(voi && { lut: voi }) };
}

/** One sample through the window: 0..255 (the identity case skips the arithmetic, same result). */
export function windowed(p: number, w: WindowMapping): number {
  if (w.lut) {
    const y = Math.min(255, Math.max(0, Math.round((lookUp(w.lut, p) * 255) / (2 ** w.lut.bits - 1))));
    return w.invert ? 255 - y : y;
  }
  const v = w.identity && p >= 0 && p <= 255 && (p | 0) === p ? p : Math.min(255, Math.max(0, Math.round((p - w.lo) * w.scale)));
  return w.invert ? 255 - v : v;
}
