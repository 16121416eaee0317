import sharp from 'sharp';
import type { DecodedImage, ModelImageSpec, ModelTensor } from './types';
import { applyWindow, windowMapping, windowed } from './windowLevel';

function perChannel(values: readonly number[], c: number, what: string): number {
  const v = values.length === 1 ? values[0] : values[c];
  if (v === undefined) throw new Error(`model spec has ${values.length} ${what} values for channel ${c}`);
  return v;
}

/** (v/255 − mean) / std for every 8-bit value v, as float32: one table per channel. */
export function normalisationTable(mean: number, std: number): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = (v / 255 - mean) / std;
  return table;
}

/**
 * Turns a decoded image into a model's input: window (DICOM) to 8 bits, resize to the
 * model's size (sharp, bilinear-class resampling, aspect ratio not kept, as the
 * training images were), greyscale ↔ RGB, then (x/255 − mean) / std per channel, NCHW.
 * An image already at the model's size whose channels need no mixing (same count, or grey
 * for an RGB model) skips sharp, which would hand the same bytes back, and is windowed and
 * normalised in one pass.
 */
export async function toModelTensor(image: DecodedImage, spec: ModelImageSpec): Promise<ModelTensor> {
  const plane = spec.width * spec.height;
  const out = new Float32Array(spec.channels * plane);
  const tables = Array.from({ length: spec.channels }, (_, c) => normalisationTable(perChannel(spec.mean, c, 'mean'), perChannel(spec.std, c, 'std')));
  const window = spec.window ?? image.window;
  if (image.width === spec.width && image.height === spec.height && (image.samplesPerPixel === spec.channels || image.samplesPerPixel === 1)) {
    // Window and normalise in one pass over the decoded samples.
    const w = windowMapping(image, window);
    const pixels = image.pixels;
    const spp = image.samplesPerPixel;
    for (let c = 0; c < spec.channels; c++) {
      const table = tables[c]!;
      const source = spp === 1 ? 0 : c;
      const base = c * plane;
      for (let p = 0; p < plane; p++) out[base + p] = table[windowed(pixels[p * spp + source] as number, w)] as number;
    }
    return { data: out, dims: [1, spec.channels, spec.height, spec.width] };
  }
  let pipeline = sharp(applyWindow(image, window), { raw: { width: image.width, height: image.height, channels: image.samplesPerPixel } }).resize(
    spec.width,
    spec.height,
    { fit: 'fill', kernel: 'linear' },
  );
  pipeline = spec.channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  for (let c = 0; c < spec.channels; c++) {
    const table = tables[c]!;
    // Grey input to a 3-channel model: sharp gives 1 channel, so reuse it for each.
    const source = info.channels === 1 ? 0 : c;
    const base = c * plane;
    for (let p = 0; p < plane; p++) out[base + p] = table[data[p * info.channels + source] as number] as number;
  }
  return { data: out, dims: [1, spec.channels, spec.height, spec.width] };
}
