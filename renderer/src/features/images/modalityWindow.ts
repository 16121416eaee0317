/**
 * Client-side window/level of modality values (imaging.pixels): the same mapping as the
 * main side's applyWindow ([centre − width/2, centre + width/2] → 0..255, clamped; MONOCHROME1
 * inverted), so dragging a slider redraws from values already here instead of asking again.
 */
import type { ImagePixels } from '../../../../electron/contract/channels/imaging';

/** Decoded values of one frame, with what is needed to draw them. */
export interface FrameValues {
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: 1 | 3;
  readonly invert: boolean;
  readonly values: Float32Array;
}

/** Inflates the raw-DEFLATE values of imaging.pixels into floats. */
export async function inflateValues(p: ImagePixels): Promise<Float32Array> {
  const packed = Uint8Array.from(atob(p.valuesBase64), (c) => c.charCodeAt(0));
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const count = p.width * p.height * p.samplesPerPixel;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  if (p.valueType === 'int16') for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
  else for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * RGBA pixels of a frame seen through a window (greyscale copied to R, G and B; alpha opaque), or
 * through the file's VOI LUT when one is given (the caller passes it while the window is the
 * file's own): values below its first input take its first entry, above its last the last.
 */
export function windowToRgba(frame: FrameValues, window: { center: number; width: number }, voiLut?: ImagePixels['voiLut']): Uint8ClampedArray<ArrayBuffer> {
  const lo = window.center - window.width / 2;
  const scale = 255 / Math.max(window.width, Number.EPSILON);
  const n = frame.width * frame.height;
  const out = new Uint8ClampedArray(new ArrayBuffer(n * 4));
  const v = frame.values;
  const linear = (x: number): number => Math.min(255, Math.max(0, Math.round((x - lo) * scale)));
  const lut = voiLut && ((x: number): number => {
    const entry = voiLut.data[Math.min(voiLut.data.length - 1, Math.max(0, Math.round(x) - voiLut.first))] as number;
    return Math.min(255, Math.max(0, Math.round((entry * 255) / (2 ** voiLut.bits - 1))));
  });
  const map = (x: number): number => {
    const y = lut ? lut(x) : linear(x);
    return frame.invert ? 255 - y : y;
  };
  for (let p = 0; p < n; p++) {
    const o = p * 4;
    if (frame.samplesPerPixel === 1) {
      const g = map(v[p] as number);
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
    } else {
      out[o] = map(v[p * 3] as number);
      out[o + 1] = map(v[p * 3 + 1] as number);
      out[o + 2] = map(v[p * 3 + 2] as number);
    }
    out[o + 3] = 255;
  }
  return out;
}
