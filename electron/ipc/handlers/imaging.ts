/** Handlers of the `imaging` channels: a windowed PNG preview of an image file for the viewer. */
import { createHash } from 'node:crypto';
import type { BedsideContract } from '../../contract';
import type { HandlersOf } from '../router';
import { BedsideError } from '../../services/errors';
import { decodeImage, renderPreview, type DecodedImage } from '../../services/imaging';

/** Decoded images kept for re-windowing (dragging a slider re-renders without decoding the file again). */
const CACHE_SIZE = 4;

interface Cached {
  image: DecodedImage;
  range: { min: number; max: number };
}

/** Smallest and largest stored value: the bounds of the viewer's window sliders. */
function pixelRange(image: DecodedImage): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  const px = image.pixels;
  for (let i = 0; i < px.length; i++) {
    const v = px[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 255 };
}

/** The `imaging` feature over the imaging service (decodeImage + renderPreview). */
export function imagingHandlers(): HandlersOf<Pick<BedsideContract, 'imaging'>>['imaging'] {
  const cache = new Map<string, Cached>();
  const decoded = async (bytes: Buffer, fileName: string): Promise<Cached> => {
    const key = createHash('sha256').update(bytes).digest('hex');
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const image = await decodeImage(bytes, fileName);
    const entry = { image, range: pixelRange(image) };
    cache.set(key, entry);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return entry;
  };
  return {
    preview: async ({ bytesBase64, fileName, window }) => {
      const bytes = Buffer.from(bytesBase64, 'base64');
      if (bytes.length === 0) throw new BedsideError('invalid-input', `The file ${fileName} is empty; choose the image again.`);
      const { image, range } = await decoded(bytes, fileName);
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
        range,
      };
    },
  };
}
