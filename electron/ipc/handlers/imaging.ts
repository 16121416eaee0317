/** Handlers of the `imaging` channels: a windowed PNG preview of an image file for the viewer. */
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { BedsideContract } from '../../contract';
import type { HandlersOf } from '../router';
import { BedsideError } from '../../services/errors';
import { decodeImage, renderPreview, type DecodedImage } from '../../services/imaging';

/** Decoded images kept for re-windowing (dragging a slider re-renders without decoding the file again). */
const CACHE_SIZE = 4;

/** The `imaging` feature over the imaging service (decodeImage + renderPreview). */
export function imagingHandlers(): HandlersOf<Pick<BedsideContract, 'imaging'>>['imaging'] {
  const cache = new Map<string, DecodedImage>();
  const decoded = async (bytes: Buffer, fileName: string, frame = 0): Promise<DecodedImage> => {
    const key = `${createHash('sha256').update(bytes).digest('hex')}:${frame}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const image = await decodeImage(bytes, fileName, { frame });
    cache.set(key, image);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return image;
  };
  return {
    preview: async ({ bytesBase64, fileName, window, frame }) => {
      const bytes = Buffer.from(bytesBase64, 'base64');
      if (bytes.length === 0) throw new BedsideError('invalid-input', `The file ${fileName} is empty; choose the image again.`);
      const image = await decoded(bytes, fileName, frame);
      const used = window ?? image.window;
      const png = await renderPreview(image, used);
      return {
        pngBase64: png.toString('base64'),
        width: image.width,
        height: image.height,
        source: image.source,
        ...(image.modality ? { modality: image.modality } : {}),
        window: { center: used.center, width: used.width },
        defaultWindow: { center: image.window.center, width: image.window.width },
        windowFromFile: image.windowFromFile,
        range: { min: image.range.min, max: image.range.max },
        frameCount: image.frameCount,
        frameIndex: image.frameIndex ?? 0,
      };
    },
    pixels: async ({ bytesBase64, fileName, frame }) => {
      const bytes = Buffer.from(bytesBase64, 'base64');
      if (bytes.length === 0) throw new BedsideError('invalid-input', `The file ${fileName} is empty; choose the image again.`);
      const image = await decoded(bytes, fileName, frame);
      const { data, valueType } = packValues(image.pixels);
      return {
        width: image.width,
        height: image.height,
        samplesPerPixel: image.samplesPerPixel,
        source: image.source,
        ...(image.modality ? { modality: image.modality } : {}),
        photometric: image.photometric,
        invert: image.invert,
        frameCount: image.frameCount,
        frameIndex: image.frameIndex ?? 0,
        defaultWindow: { center: image.window.center, width: image.window.width },
        windowFromFile: image.windowFromFile,
        range: { min: image.range.min, max: image.range.max },
        ...(image.voiLut && { voiLut: { first: image.voiLut.first, bits: image.voiLut.bits, data: Array.from(image.voiLut.data) } }),
        valuesBase64: deflateRawSync(data, { level: 1 }).toString('base64'),
        valueType,
      };
    },
  };
}

/** Values as little-endian int16 when all are whole numbers that fit (most CT/MR/X-ray), else float32. */
function packValues(pixels: Float32Array): { data: Buffer; valueType: 'int16' | 'float32' } {
  let whole = true;
  for (let i = 0; i < pixels.length && whole; i++) {
    const v = pixels[i] as number;
    whole = Number.isInteger(v) && v >= -32768 && v <= 32767;
  }
  if (whole) {
    const data = Buffer.alloc(pixels.length * 2);
    for (let i = 0; i < pixels.length; i++) data.writeInt16LE(pixels[i] as number, i * 2);
    return { data, valueType: 'int16' };
  }
  const data = Buffer.alloc(pixels.length * 4);
  for (let i = 0; i < pixels.length; i++) data.writeFloatLE(pixels[i] as number, i * 4);
  return { data, valueType: 'float32' };
}
