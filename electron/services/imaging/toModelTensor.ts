import sharp from 'sharp';
import type { DecodedImage, ModelImageSpec, ModelTensor } from './types';
import { applyWindow } from './windowLevel';

function perChannel(values: readonly number[], c: number, what: string): number {
  const v = values.length === 1 ? values[0] : values[c];
  if (v === undefined) throw new Error(`model spec has ${values.length} ${what} values for channel ${c}`);
  return v;
}

/**
 * Turns a decoded image into a model's input: window (DICOM) to 8 bits, resize to the
 * model's size (sharp, bilinear-class resampling, aspect ratio not kept, as the
 * training images were), greyscale ↔ RGB, then (x/255 − mean) / std per channel, NCHW.
 */
export async function toModelTensor(image: DecodedImage, spec: ModelImageSpec): Promise<ModelTensor> {
  const windowed = applyWindow(image, spec.window ?? image.window);
  let pipeline = sharp(windowed, { raw: { width: image.width, height: image.height, channels: image.samplesPerPixel } }).resize(
    spec.width,
    spec.height,
    { fit: 'fill', kernel: 'linear' },
  );
  pipeline = spec.channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const plane = spec.width * spec.height;
  const out = new Float32Array(spec.channels * plane);
  for (let c = 0; c < spec.channels; c++) {
    const mean = perChannel(spec.mean, c, 'mean');
    const std = perChannel(spec.std, c, 'std');
    // Grey input to a 3-channel model: sharp gives 1 channel, so reuse it for each.
    const source = info.channels === 1 ? 0 : c;
    for (let p = 0; p < plane; p++) out[c * plane + p] = ((data[p * info.channels + source] as number) / 255 - mean) / std;
  }
  return { data: out, dims: [1, spec.channels, spec.height, spec.width] };
}
