import * as dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { ImagingError } from '../imagingError';
import type { DecodedImage, WindowLevel } from '../types';
import { decodeCompressedFrame } from './compressedFrames';
import { type PixelLayout, expandYbr422, frameByteLength, unpackNativeFrame, ybrFullToRgb } from './nativePixels';
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

function firstNumber(ds: DataSet, tag: string): number | undefined {
  const v = ds.floatString(tag, 0);
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/** The compressed bytes of frame `index` (one fragment per frame, or an offset table). */
function encapsulatedFrame(ds: DataSet, el: Element, frameCount: number, index: number): Uint8Array {
  const fragments = el.fragments ?? [];
  if (frameCount === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, fragments.length);
  if ((el.basicOffsetTable ?? []).length > 0) return dicomParser.readEncapsulatedImageFrame(ds, el, index);
  if (fragments.length === frameCount) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, index, 1);
  return dicomParser.readEncapsulatedImageFrame(ds, el, index, dicomParser.createJPEGBasicOffsetTable(ds, el));
}

function pixelRange(pixels: Float32Array, stride: number): WindowLevel {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < pixels.length; i += stride) {
    const v = pixels[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return { center: 0.5, width: 1 };
  return { center: (lo + hi) / 2, width: Math.max(1, hi - lo) };
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

/** Decodes the first frame of a DICOM file into a DecodedImage, or throws an ImagingError. */
export async function decodeDicom(bytes: Uint8Array, fileName: string): Promise<DecodedImage> {
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
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const photometric = (ds.string('x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).trim().toUpperCase();
  const frameCount = Math.max(1, ds.intString('x00280008') ?? 1);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) throw unsupportedPixels(fileName, `${samplesPerPixel} samples per pixel`);
  if (![1, 8, 16, 32].includes(bitsAllocated)) throw unsupportedPixels(fileName, `${bitsAllocated}-bit samples`);
  if (uid === '1.2.840.10008.1.2.4.51' && bitsStored > 8) throw unsupportedPixels(fileName, '12-bit JPEG (JPEG Extended)');

  const layout: PixelLayout = {
    width: columns,
    height: rows,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    signed: ds.uint16('x00280103') === 1,
    planar: ds.uint16('x00280006') === 1,
    bigEndian: ts.bigEndian,
  };

  let samples: Float32Array;
  let outSamples = samplesPerPixel;
  let colourConverted = false;
  if (ts.encoding === 'native') {
    if (photometric === 'YBR_FULL_422' && bitsAllocated === 8) {
      const need = rows * columns * 2;
      if (el.dataOffset + need > ds.byteArray.length) throw damaged(fileName, 'pixel data shorter than one frame');
      samples = expandYbr422(ds.byteArray.subarray(el.dataOffset, el.dataOffset + need), columns, rows);
    } else {
      const need = frameByteLength(layout);
      if (el.length < need || el.dataOffset + need > ds.byteArray.length) throw damaged(fileName, `pixel data ${el.length} bytes, one frame needs ${need}`);
      let frame = ds.byteArray.subarray(el.dataOffset, el.dataOffset + need);
      // 8-bit samples in an OW element of a big-endian file are byte-swapped in 16-bit words (PS3.5 §8.1.1).
      if (layout.bigEndian && bitsAllocated === 8 && el.vr === 'OW') frame = swapBytePairs(ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length), need);
      samples = unpackNativeFrame(frame, layout);
    }
  } else {
    let frame: Uint8Array;
    try {
      frame = encapsulatedFrame(ds, el, frameCount, 0);
    } catch (e) {
      throw damaged(fileName, e instanceof Error ? e.message : String(e));
    }
    try {
      if (ts.encoding === 'rle') {
        const raw = decodeRleFrame(frame, columns, rows, samplesPerPixel, bitsAllocated);
        samples = unpackNativeFrame(raw, { ...layout, planar: false, bigEndian: false });
      } else {
        const decoded = await decodeCompressedFrame(ts.encoding, frame, { width: columns, height: rows, samplesPerPixel, bitsAllocated });
        if (decoded.width !== columns || decoded.height !== rows) {
          throw new Error(`decoded ${decoded.width}×${decoded.height}, header says ${columns}×${rows}`);
        }
        outSamples = decoded.samplesPerPixel;
        colourConverted = decoded.colourConverted;
        samples = unpackNativeFrame(decoded.bytes, {
          ...layout,
          samplesPerPixel: decoded.samplesPerPixel,
          bitsAllocated: decoded.bitsAllocated,
          bitsStored: Math.min(bitsStored, decoded.bitsAllocated),
          planar: false,
          bigEndian: false,
        });
      }
    } catch (e) {
      if (e instanceof ImagingError) throw e;
      throw damaged(fileName, e instanceof Error ? e.message : String(e));
    }
  }

  if (photometric === 'PALETTE COLOR') {
    const rgb = applyPaletteLut(samples, ds);
    if (!rgb) throw unsupportedPixels(fileName, 'palette colour without its colour tables');
    samples = rgb;
    outSamples = 3;
  } else if (outSamples === 3 && photometric.startsWith('YBR_FULL') && !colourConverted) {
    ybrFullToRgb(samples, 2 ** Math.min(bitsStored, 8 * Math.ceil(bitsStored / 8)) - 1);
  }

  // Modality LUT (PS3.3 C.11.1): stored value × slope + intercept, greyscale only.
  const slope = firstNumber(ds, 'x00281053') ?? 1;
  const intercept = firstNumber(ds, 'x00281052') ?? 0;
  if (outSamples === 1 && (slope !== 1 || intercept !== 0)) {
    for (let i = 0; i < samples.length; i++) samples[i] = (samples[i] as number) * slope + intercept;
  }

  const center = firstNumber(ds, 'x00281050');
  const width = firstNumber(ds, 'x00281051');
  const fileWindow = outSamples === 1 && center !== undefined && width !== undefined && width > 0;
  const modality = (ds.string('x00080060') ?? '').trim();
  return {
    source: 'dicom',
    fileName,
    width: columns,
    height: rows,
    samplesPerPixel: outSamples === 3 ? 3 : 1,
    bitsStored,
    photometric,
    invert: photometric === 'MONOCHROME1',
    pixels: samples,
    window: fileWindow ? { center, width } : outSamples === 3 ? fullRange(bitsStored) : pixelRange(samples, 1),
    windowFromFile: fileWindow,
    frameCount,
    transferSyntax: ts.uid,
    ...(modality && { modality }),
  };
}
