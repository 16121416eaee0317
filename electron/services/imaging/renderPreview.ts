import sharp from 'sharp';
import type { DecodedImage, WindowLevel } from './types';
import { applyWindow } from './windowLevel';

/** Renders the image as PNG bytes for the viewer, with the given window or the image's own. */
export async function renderPreview(image: DecodedImage, window?: WindowLevel): Promise<Buffer> {
  const pixels = applyWindow(image, window ?? image.window);
  return sharp(pixels, { raw: { width: image.width, height: image.height, channels: image.samplesPerPixel } })
    .toColourspace(image.samplesPerPixel === 1 ? 'b-w' : 'srgb') // keep greyscale PNGs single-channel
    .png()
    .toBuffer();
}
