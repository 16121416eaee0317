import type { DecodedImage, WindowLevel } from './types';

/**
 * Applies a window to the image and returns 8-bit samples (same channel count). Linear:
 * [centre − width/2, centre + width/2] → [0, 255], clamped (DICOM's LINEAR_EXACT, PS3.3
 * C.11.2.1.3.2); MONOCHROME1 is inverted so that display and models always see
 * MONOCHROME2 (high = white).
 */
export function applyWindow(image: DecodedImage, window: WindowLevel = image.window): Uint8Array {
  const lo = window.center - window.width / 2;
  const scale = 255 / Math.max(window.width, Number.EPSILON);
  const out = new Uint8Array(image.pixels.length);
  for (let i = 0; i < out.length; i++) {
    const v = Math.min(255, Math.max(0, Math.round(((image.pixels[i] as number) - lo) * scale)));
    out[i] = image.invert ? 255 - v : v;
  }
  return out;
}
