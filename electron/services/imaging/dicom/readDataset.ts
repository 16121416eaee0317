import zlib from 'node:zlib';
import * as dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { ImagingError } from '../imagingError';

const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

/** True when the bytes carry the Part 10 preamble and 'DICM' magic. */
export function hasDicomPreamble(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** A data set found without a meta header: where it starts and its guessed transfer syntax. */
export interface RawDatasetStart {
  readonly offset: number;
  readonly transferSyntax: string;
}

/**
 * Guesses the transfer syntax of a data set that starts at `offset` with no meta header
 * (pydicom's no_meta.dcm, ExplVR_*NoMeta.dcm): a small even group number tells the byte
 * order, two upper-case letters that form a VR after the tag mean explicit VR.
 * Returns undefined when the bytes do not look like a DICOM data set at all.
 */
export function guessRawTransferSyntax(bytes: Uint8Array, offset = 0): string | undefined {
  if (bytes.length < offset + 8) return undefined;
  const le = (bytes[offset] as number) | ((bytes[offset + 1] as number) << 8);
  const be = ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number);
  const plausible = (group: number): boolean => group >= 0x0002 && group <= 0x0028 && group % 2 === 0;
  const vr = String.fromCharCode(bytes[offset + 4] as number, bytes[offset + 5] as number);
  const explicit = VRS.has(vr);
  if (plausible(le)) return explicit ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2';
  if (plausible(be) && explicit) return '1.2.840.10008.1.2.2';
  return undefined;
}

/**
 * Finds a bare data set at the start of the file. Some exports carry a stray byte or two
 * before the first element (pydicom's no_meta.dcm starts with a space), so a few offsets
 * are tried, but past 0 only a group-0008 element with a valid explicit VR is accepted.
 */
export function findRawDataset(bytes: Uint8Array): RawDatasetStart | undefined {
  const atStart = guessRawTransferSyntax(bytes, 0);
  if (atStart) return { offset: 0, transferSyntax: atStart };
  for (let offset = 1; offset < 8 && offset + 8 <= bytes.length; offset++) {
    const group = (bytes[offset] as number) | ((bytes[offset + 1] as number) << 8);
    const vr = String.fromCharCode(bytes[offset + 4] as number, bytes[offset + 5] as number);
    if (group === 0x0008 && VRS.has(vr)) return { offset, transferSyntax: '1.2.840.10008.1.2.1' };
  }
  return undefined;
}

/** The group-0002 meta header (always explicit VR little endian): where it ends and its transfer syntax. */
function readMetaHeader(bytes: Uint8Array): { end: number; transferSyntax?: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 132;
  let transferSyntax: string | undefined;
  while (p + 8 <= bytes.length && view.getUint16(p, true) === 0x0002) {
    const element = view.getUint16(p + 2, true);
    const vr = String.fromCharCode(bytes[p + 4] as number, bytes[p + 5] as number);
    const longForm = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV', 'SV', 'UV'].includes(vr);
    const length = longForm ? view.getUint32(p + 8, true) : view.getUint16(p + 6, true);
    const valueAt = p + (longForm ? 12 : 8);
    if (element === 0x0010) {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset + valueAt, Math.min(length, bytes.length - valueAt)).toString('latin1');
      transferSyntax = text.replace(/[\0\s]+$/g, '').trim() || undefined;
    }
    p = valueAt + length;
  }
  return { end: p, ...(transferSyntax && { transferSyntax }) };
}

function message(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (typeof e === 'object' && e !== null && 'exception' in e) return message((e as { exception: unknown }).exception);
  return String(e);
}

function truncated(fileName: string, detail: string): ImagingError {
  return new ImagingError(
    'dicom-truncated',
    `The DICOM file "${fileName}" is incomplete or damaged: it ends before its contents do, as happens when a copy is cut off. Nothing was imported. Copy the file again from the PACS or disc and import it again.`,
    { detail },
  );
}

/** The parsed data set and the transfer syntax its pixel data is encoded with. */
export interface ParsedDicom {
  readonly dataSet: DataSet;
  readonly transferSyntax: string;
}

/**
 * Parses a DICOM file with dicom-parser: Part 10 files, files whose meta header lacks the
 * transfer syntax, and bare data sets without preamble or meta header. The transfer syntax
 * comes only from the meta header (0002,0010), never from a stray group-0002 element in the
 * data set; without one it is guessed from the first element (see guessRawTransferSyntax).
 * Deflated files are inflated by dicom-parser itself (zlib, which wants a Buffer).
 */
export function readDicomDataset(input: Uint8Array, fileName: string): ParsedDicom {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const parse = (input: Uint8Array, transferSyntax?: string): DataSet => {
    try {
      const options = { ...(transferSyntax && { TransferSyntaxUID: transferSyntax }), inflater: inflateDataSet as (arr: Uint8Array, position: number) => void };
      const dataSet = dicomParser.parseDicom(input, options);
      // The meta elements merged in point into the file, not into the inflated bytes the data set holds.
      if (dataSet.byteArray !== input) for (const tag of Object.keys(dataSet.elements)) if (tag.startsWith('x0002')) delete dataSet.elements[tag];
      return dataSet;
    } catch (e) {
      const text = message(e);
      if (/missing required meta header attribute 0002,0010/.test(text)) throw new MissingTransferSyntax();
      throw truncated(fileName, text);
    }
  };

  if (hasDicomPreamble(bytes)) {
    const meta = readMetaHeader(bytes);
    try {
      const dataSet = parse(bytes);
      return { dataSet, transferSyntax: meta.transferSyntax ?? '' };
    } catch (e) {
      if (!(e instanceof MissingTransferSyntax)) throw e;
      // The meta header exists but names no transfer syntax: read the data set after it raw.
      const start = meta.end;
      // PS3.5 §10.1: Implicit VR Little Endian is the default when nothing says otherwise.
      const guessed = guessRawTransferSyntax(bytes, start) ?? '1.2.840.10008.1.2';
      return { dataSet: parse(bytes.subarray(start), guessed), transferSyntax: guessed };
    }
  }
  const raw = findRawDataset(bytes);
  if (!raw) {
    throw new ImagingError(
      'not-an-image',
      `"${fileName}" is not a DICOM file or an image Bedside can read (PNG, JPEG or DICOM). Nothing was imported. Check that the right file was chosen.`,
    );
  }
  return { dataSet: parse(bytes.subarray(raw.offset), raw.transferSyntax), transferSyntax: raw.transferSyntax };
}

class MissingTransferSyntax extends Error {}

/** Largest inflated data set accepted (a deflate bomb is refused, not inflated into all memory). */
const MAX_INFLATED = 1024 ** 3;

/**
 * dicom-parser's inflater hook: inflates the data set after the meta header (PS3.5 A.5) into
 * one buffer. zlib's default 16 KiB output chunks are then concatenated and dicom-parser copies
 * the result once more behind the header; one large chunk (untouched pages cost nothing) and
 * parsing the inflated bytes on their own avoids both copies of what is usually a big image.
 */
function inflateDataSet(bytes: Uint8Array, position: number): Buffer {
  const deflated = bytes.subarray(position);
  const chunkSize = Math.min(MAX_INFLATED, Math.max(1 << 20, deflated.length * 64));
  try {
    return zlib.inflateRawSync(deflated, { chunkSize, maxOutputLength: MAX_INFLATED });
  } catch (e) {
    if (e instanceof RangeError) throw new Error(`the deflated data set inflates to more than ${MAX_INFLATED / 1024 ** 2} MiB`, { cause: e });
    throw e;
  }
}
