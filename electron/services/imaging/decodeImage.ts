import sharp from 'sharp';
import { decodeDicom } from './dicom/decodeDicom';
import { findRawDataset, hasDicomPreamble } from './dicom/readDataset';
import { ImagingError } from './imagingError';
import type { DecodeOptions, DecodedImage } from './types';
import { withRange } from './dicom/nativePixels';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function notAnImage(fileName: string): ImagingError {
  return new ImagingError(
    'not-an-image',
    `"${fileName}" is not an image Bedside can read (PNG, JPEG or DICOM). Nothing was imported. Check that the right file was chosen.`,
  );
}

/** The kind of image the bytes hold, judged by content (the file name only breaks ties). */
export function detectImageKind(bytes: Uint8Array, fileName = ''): 'png' | 'jpeg' | 'dicom' | undefined {
  if (startsWith(bytes, PNG_MAGIC)) return 'png';
  if (startsWith(bytes, JPEG_MAGIC)) return 'jpeg';
  if (hasDicomPreamble(bytes)) return 'dicom';
  if (findRawDataset(bytes) !== undefined) return 'dicom';
  return /\.dcm$/i.test(fileName) ? 'dicom' : undefined;
}

async function decodeRaster(bytes: Uint8Array, fileName: string, kind: 'png' | 'jpeg'): Promise<DecodedImage> {
  const rasterPixels = async () => {
    // Flatten alpha onto black: models see plain sRGB or grey.
    const meta = await sharp(bytes).metadata();
    const grey = meta.channels !== undefined && meta.channels <= 2;
    return sharp(bytes, { failOn: 'error' })
      .flatten({ background: '#000000' })
      .toColourspace(grey ? 'b-w' : 'srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  };
  let decoded: Awaited<ReturnType<typeof rasterPixels>>;
  try {
    decoded = await rasterPixels();
  } catch {
    throw new ImagingError(
      'not-an-image',
      `The ${kind.toUpperCase()} file "${fileName}" is damaged or incomplete and cannot be opened. Nothing was imported. Save or export the image again and import the new file.`,
    );
  }
  const { data, info } = decoded;
  const channels = info.channels === 1 ? 1 : 3;
  let pixels: Float32Array;
  if (info.channels === channels) {
    pixels = new Float32Array(data); // element by element, in native code
  } else {
    pixels = new Float32Array(info.width * info.height * channels);
    for (let p = 0; p < info.width * info.height; p++) {
      for (let c = 0; c < channels; c++) pixels[p * channels + c] = data[p * info.channels + c] as number;
    }
  }
  const { min, max } = withRange(pixels);
  return {
    source: kind,
    fileName,
    width: info.width,
    height: info.height,
    samplesPerPixel: channels,
    bitsStored: 8,
    photometric: channels === 1 ? 'MONOCHROME2' : 'RGB',
    invert: false,
    pixels,
    range: { min, max },
    window: { center: 127.5, width: 255 },
    windowFromFile: false,
    frameCount: 1,
  };
}

/**
 * Decodes a PNG, JPEG or DICOM file (first frame, or `options.frame`) into pixels plus the
 * metadata needed to show it and feed it to a model; DICOM greyscale comes out in modality
 * units. Throws ImagingError, written for the clinician, naming the file.
 */
export async function decodeImage(bytes: Uint8Array, fileName = 'the selected file', options: DecodeOptions = {}): Promise<DecodedImage> {
  const kind = detectImageKind(bytes, fileName);
  if (kind === undefined) throw notAnImage(fileName);
  if (kind === 'dicom') return decodeDicom(bytes, fileName, options);
  return decodeRaster(bytes, fileName, kind);
}
