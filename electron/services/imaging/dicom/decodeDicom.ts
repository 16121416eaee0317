import * as dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { ImagingError } from '../imagingError';
import type { DecodeOptions, DecodedImage, WindowLevel } from '../types';
import { decodeCompressedFrame } from './compressedFrames';
import { applyModalityLut, fileWindow, modalityRange, modalityTransformOf, readLutSequence, windowOfLut } from './lookupTables';
import { IDENTITY, type MappedSamples, type PixelLayout, type Rescale, expandYbr422, withRange, frameByteLength, storedRange, unpackCodecFrame, unpackNativeFrame, ybrFullToRgb } from './nativePixels';
import { applyPaletteLut } from './paletteColour';
import { readDicomDataset } from './readDataset';
import { decodeRleFrame } from './rleDecoder';
import { type TransferSyntax, transferSyntaxOf } from './transferSyntaxes';

const KIND_OF_OBJECT: Readonly<Record<string, string>> = {
  RTPLAN: 'a radiotherapy plan',
  RTSTRUCT: 'radiotherapy structures',
  RTRECORD: 'a radiotherapy treatment record',
  SR: 'a structured report',
  ECG: 'an ECG waveform',
  KO: 'a key-object selection',
  PR: 'a presentation state',
  DOC: 'an encapsulated document',
};

function noPixelData(fileName: string, ds: DataSet): ImagingError {
  const modality = (ds.string('x00080060') ?? '').trim();
  const what = KIND_OF_OBJECT[modality] ?? (modality ? `a DICOM object of type ${modality}` : 'a DICOM object');
  return new ImagingError(
    'dicom-no-pixel-data',
    `The DICOM file "${fileName}" holds no image: it is ${what}. Nothing was imported. Choose an image file (CT, MR, X-ray, ultrasound…) instead.`,
    { modality },
  );
}

function unsupportedSyntax(fileName: string, ts: TransferSyntax): ImagingError {
  return new ImagingError(
    'dicom-unsupported-transfer-syntax',
    `The DICOM file "${fileName}" uses ${ts.name} compression, which this version of Bedside cannot read. Nothing was imported. Export it uncompressed from the PACS and import it again.`,
    { transferSyntax: ts.uid },
  );
}

function unsupportedPixels(fileName: string, what: string): ImagingError {
  return new ImagingError(
    'dicom-unsupported-pixel-format',
    `The DICOM file "${fileName}" stores its image as ${what}, which this version of Bedside cannot display. Nothing was imported. Export it uncompressed from the PACS and import it again.`,
    { what },
  );
}

function damaged(fileName: string, detail: string): ImagingError {
  return new ImagingError(
    'dicom-pixel-data-damaged',
    `The image data in the DICOM file "${fileName}" is damaged and cannot be decoded. Nothing was imported. Copy the file again from the PACS or disc and import it again.`,
    { detail },
  );
}

/** The compressed bytes of frame `index` (one fragment per frame, or an offset table). */
function encapsulatedFrame(ds: DataSet, el: Element, frameCount: number, index: number): Uint8Array {
  const fragments = el.fragments ?? [];
  if (fragments.length === 0) throw new Error('pixel data has no fragments');
  if (frameCount === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
  if ((el.basicOffsetTable ?? []).length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, index);
  if (fragments.length === frameCount) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, index, 1);
  return dicomParser.readEncapsulatedImageFrame(ds, el, index, dicomParser.createJPEGBasicOffsetTable(ds, el));
}

/** A window spanning the pixel values (for images whose file gives none). */
function windowOfRange({ min, max }: { min: number; max: number }): WindowLevel {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { center: 0.5, width: 1 };
  return { center: (min + max) / 2, width: Math.max(1, max - min) };
}

/** Frame `index` of 1-bit data packed across frames (segmentations): its bits from bit 0. */
function bitFrame(bytes: Uint8Array, bitOffset: number, bitCount: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(bitCount / 8));
  for (let i = 0; i < bitCount; i++) {
    const b = bitOffset + i;
    if (((bytes[b >> 3] as number) >> (b & 7)) & 1) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7));
  }
  return out;
}

/** Swaps each byte pair and returns the first `length` bytes. */
function swapBytePairs(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(bytes.length + (bytes.length % 2));
  for (let i = 0; i + 1 < out.length; i += 2) {
    out[i] = bytes[i + 1] ?? 0;
    out[i + 1] = bytes[i] as number;
  }
  return out.subarray(0, length);
}

/** The window spanning every value of an n-bit sample (colour images are shown as stored). */
function fullRange(bits: number): WindowLevel {
  const max = 2 ** bits - 1;
  return { center: max / 2, width: max };
}

/** Frame `index` of uncompressed pixel data as stored values (interleaved). */
function nativeFrame(ds: DataSet, el: Element, layout: PixelLayout, photometric: string, index: number, fileName: string, rescale: Rescale): MappedSamples {
  const { width: columns, height: rows } = layout;
  if (photometric === 'YBR_FULL_422' && layout.bitsAllocated === 8) {
    const need = rows * columns * 2;
    const start = el.dataOffset + index * need;
    if ((index + 1) * need > el.length || start + need > ds.byteArray.length) throw damaged(fileName, `pixel data shorter than frame ${index + 1}`);
    return withRange(expandYbr422(ds.byteArray.subarray(start, start + need), columns, rows));
  }
  const need = frameByteLength(layout);
  const available = Math.min(el.length, ds.byteArray.length - el.dataOffset);
  if (layout.bitsAllocated === 1) {
    const bits = rows * columns * layout.samplesPerPixel;
    if (Math.ceil(((index + 1) * bits) / 8) > available) throw damaged(fileName, `pixel data ${available} bytes, frame ${index + 1} needs more`);
    return unpackNativeFrame(bitFrame(ds.byteArray.subarray(el.dataOffset, el.dataOffset + available), index * bits, bits), layout, rescale);
  }
  if ((index + 1) * need > available) throw damaged(fileName, `pixel data ${available} bytes, frame ${index + 1} needs ${(index + 1) * need}`);
  let frame = ds.byteArray.subarray(el.dataOffset + index * need, el.dataOffset + (index + 1) * need);
  // 8-bit samples in an OW element of a big-endian file are byte-swapped in 16-bit words (PS3.5 §8.1.1).
  if (layout.bigEndian && layout.bitsAllocated === 8 && el.vr === 'OW') {
    frame = swapBytePairs(ds.byteArray.subarray(el.dataOffset, el.dataOffset + available), (index + 1) * need).subarray(index * need);
  }
  return unpackNativeFrame(frame, layout, rescale);
}

/**
 * Decodes one frame (the first unless `options.frame` says otherwise) of a DICOM file into a
 * DecodedImage whose greyscale values are modality values, or throws an ImagingError.
 */
export async function decodeDicom(bytes: Uint8Array, fileName: string, options: DecodeOptions = {}): Promise<DecodedImage> {
  const { dataSet: ds, transferSyntax: uid } = readDicomDataset(bytes, fileName);
  const el = ds.elements['x7fe00010'];
  if (!el) {
    if (ds.elements['x7fe00008'] || ds.elements['x7fe00009']) throw unsupportedPixels(fileName, 'floating-point values');
    throw noPixelData(fileName, ds);
  }
  const ts = transferSyntaxOf(uid);
  if (ts.encoding === 'unsupported') throw unsupportedSyntax(fileName, ts);

  const rows = ds.uint16('x00280010');
  const columns = ds.uint16('x00280011');
  if (!rows || !columns) throw noPixelData(fileName, ds);
  const samplesPerPixel = ds.uint16('x00280002') ?? 1;
  const bitsAllocated = ds.uint16('x00280100') ?? 16;
  const bitsStored = Math.min(bitsAllocated, ds.uint16('x00280101') ?? bitsAllocated);
  const photometric = (ds.string('x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).trim().toUpperCase();
  const frameCount = Math.max(1, ds.intString('x00280008') ?? 1);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) throw unsupportedPixels(fileName, `${samplesPerPixel} samples per pixel`);
  if (![1, 8, 16, 32].includes(bitsAllocated)) throw unsupportedPixels(fileName, `${bitsAllocated}-bit samples`);
  const frameIndex = options.frame ?? 0;
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= frameCount) {
    throw new ImagingError(
      'dicom-no-such-frame',
      `The DICOM file "${fileName}" has ${frameCount} frame${frameCount === 1 ? '' : 's'}; frame ${frameIndex + 1} does not exist. Nothing was imported. Choose a frame from 1 to ${frameCount}.`,
      { frameCount, frame: frameIndex },
    );
  }

  const signed = ds.uint16('x00280103') === 1;
  const layout: PixelLayout = {
    width: columns,
    height: rows,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    signed,
    planar: ds.uint16('x00280006') === 1,
    bigEndian: ts.bigEndian,
  };

  // Modality LUT (PS3.3 C.11.1): LUT sequence, else stored value × slope + intercept. A rescale
  // is applied while the samples are unpacked (one pass over the frame); a LUT afterwards.
  const greyscale = samplesPerPixel === 1 && photometric !== 'PALETTE COLOR';
  const transform = modalityTransformOf(ds, signed, frameIndex);
  const rescale = greyscale && transform.kind === 'rescale' ? transform : IDENTITY;

  let mapped: MappedSamples;
  let outSamples = samplesPerPixel;
  let colourConverted = false;
  if (ts.encoding === 'native') {
    mapped = nativeFrame(ds, el, layout, photometric, frameIndex, fileName, rescale);
  } else {
    let frame: Uint8Array;
    try {
      frame = encapsulatedFrame(ds, el, frameCount, frameIndex);
    } catch (e) {
      throw damaged(fileName, e instanceof Error ? e.message : String(e));
    }
    try {
      if (ts.encoding === 'rle') {
        const raw = decodeRleFrame(frame, columns, rows, samplesPerPixel, bitsAllocated);
        mapped = unpackNativeFrame(raw, { ...layout, planar: false, bigEndian: false }, rescale);
      } else {
        const expected = { width: columns, height: rows, samplesPerPixel, bitsAllocated, photometric };
        mapped = await decodeCompressedFrame(ts.encoding, frame, expected, (decoded) => {
          if (decoded.width !== columns || decoded.height !== rows) {
            throw new Error(`decoded ${decoded.width}×${decoded.height}, header says ${columns}×${rows}`);
          }
          if (decoded.samplesPerPixel !== samplesPerPixel) {
            throw new Error(`decoded ${decoded.samplesPerPixel} samples per pixel, header says ${samplesPerPixel}`);
          }
          colourConverted = decoded.colourConverted;
          const output = { bitsAllocated: decoded.bitsAllocated, codecSigned: decoded.signed, bitsStored, signed, lossy: ts.lossy === true };
          return unpackCodecFrame(decoded.bytes, rows * columns * samplesPerPixel, output, rescale);
        });
      }
    } catch (e) {
      if (e instanceof ImagingError) throw e;
      throw damaged(fileName, e instanceof Error ? e.message : String(e));
    }
  }

  let samples = mapped.pixels;
  // Palette lookup and YBR → RGB change the values whose range the unpacking pass noted.
  let converted = false;
  if (photometric === 'PALETTE COLOR') {
    const rgb = applyPaletteLut(samples, ds);
    if (!rgb) throw unsupportedPixels(fileName, 'palette colour without its colour tables');
    samples = rgb;
    outSamples = 3;
    converted = true;
  } else if (outSamples === 3 && photometric.startsWith('YBR_FULL') && !colourConverted) {
    ybrFullToRgb(samples, 2 ** Math.min(bitsStored, 8 * Math.ceil(bitsStored / 8)) - 1);
    converted = true;
  }

  const modality = (ds.string('x00080060') ?? '').trim();
  const common = {
    source: 'dicom' as const,
    fileName,
    width: columns,
    height: rows,
    bitsStored,
    photometric,
    invert: photometric === 'MONOCHROME1',
    pixels: samples,
    frameCount,
    frameIndex,
    transferSyntax: ts.uid,
    signed,
    ...(modality && { modality }),
  };
  if (outSamples === 3) {
    const { min, max } = converted ? withRange(samples) : mapped;
    return { ...common, samplesPerPixel: 3, range: { min, max }, window: fullRange(photometric === 'PALETTE COLOR' ? 8 : bitsStored), windowFromFile: false };
  }

  if (transform.kind === 'lut') applyModalityLut(samples, transform.lut);
  const { min, max } = transform.kind === 'lut' ? withRange(samples) : mapped;
  const stored = storedRange(bitsStored, signed);
  const valueRange = modalityRange(transform, stored.min, stored.max);
  const voiLut = readLutSequence(ds, 'x00283010', signed || valueRange.min < 0);
  const window = fileWindow(ds, frameIndex);
  return {
    ...common,
    samplesPerPixel: 1,
    window: window ?? (voiLut ? windowOfLut(voiLut) : windowOfRange({ min, max })),
    windowFromFile: window !== undefined || voiLut !== undefined,
    valueRange,
    range: { min, max },
    ...(voiLut && !window && { voiLut }),
  };
}
