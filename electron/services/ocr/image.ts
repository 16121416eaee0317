/** Decoding page images into RGB pixels with sharp, and resizing them. */
import sharp from 'sharp';
import { BedsideError } from '../errors';
import type { RgbImage } from './types';

/** Pages larger than this (pixels) are refused rather than decoded (about 12,000 × 8,000). */
export const MAX_PAGE_PIXELS = 100_000_000;

/**
 * Decodes any image sharp reads (PNG, JPEG, WebP, TIFF, GIF…) into 8-bit RGB, applying the EXIF
 * orientation (phone photos) and flattening transparency onto white (paper). Throws
 * BedsideError 'invalid-input' for bytes that are not an image, so the caller can say so.
 */
export async function decodePage(bytes: Uint8Array): Promise<RgbImage> {
  if (bytes.length === 0) throw notAnImage();
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PAGE_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (e) {
    if (e instanceof Error && /pixel limit/i.test(e.message)) {
      throw new BedsideError('too-large', 'This image is too large to read (over 100 megapixels). Nothing was read. Scan or photograph the page at a lower resolution and try again.');
    }
    throw notAnImage();
  }
}

function notAnImage(): BedsideError {
  return new BedsideError(
    'invalid-input',
    'This file is not an image Bedside can read text from (PNG, JPEG, WebP, TIFF or GIF). Nothing was read. Choose a scan or photo of the page and try again.',
  );
}

/** Resizes an RGB image to exactly `width × height` (sharp, Lanczos when shrinking). */
export async function resizeRgb(img: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (img.width === width && img.height === height) return img;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}
