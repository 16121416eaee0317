import { createRequire } from 'node:module';
import path from 'node:path';
import { type JpegFrameHeader, jpegFrameHeader, markedAsRgb } from './jpegHeader';
import { decodeWithLibjpeg } from './libjpegCodec';
import type { PixelEncoding } from './transferSyntaxes';

/**
 * A decoded frame as little-endian interleaved samples, and whether colour is already RGB.
 * `bytes` may be a view into a codec's memory: it is valid only inside the `read` callback
 * it is handed to (reading it there saves copying a whole frame out first).
 */
export interface DecodedFrame {
  readonly bytes: Uint8Array;
  readonly bitsAllocated: number;
  readonly samplesPerPixel: number;
  readonly width: number;
  readonly height: number;
  /** JPEG decoders turn YCbCr into RGB themselves; the DICOM header may still say YBR. */
  readonly colourConverted: boolean;
  /** The codec's samples are two's complement (JPEG 2000 and HTJ2K signed components). */
  readonly signed: boolean;
}

type WasmPackage = 'charls' | 'openjpeg' | 'openjph' | 'libjpeg-turbo-8bit';
type WasmModule = {
  JpegLSDecoder?: new () => BedsideWasmDecoder;
  J2KDecoder?: new () => BedsideWasmDecoder;
  HTJ2KDecoder?: new () => BedsideWasmDecoder;
  JPEGDecoder?: new () => BedsideWasmDecoder;
};

const nodeRequire = createRequire(__filename);
const loaded = new Map<WasmPackage, Promise<WasmModule>>();

const WASM_FILE: Record<WasmPackage, string> = {
  charls: '@cornerstonejs/codec-charls/decodewasm',
  openjpeg: '@cornerstonejs/codec-openjpeg/decodewasm',
  openjph: '@cornerstonejs/codec-openjph/wasm',
  'libjpeg-turbo-8bit': '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
};

/**
 * What the codecs print while decoding. OpenJPEG reports a tile it could not decode only as an
 * "[ERROR]" line and goes on (a multi-tile image would come back with a hole), so the lines are
 * kept for the frame being decoded instead of being thrown away with the [INFO] chatter.
 */
const printed: string[] = [];
const keepLine = (text: string): void => {
  if (printed.length < 100) printed.push(text);
};

/**
 * Loads an Emscripten codec once. The .wasm is located through Node's resolver so that it
 * is found beside the package in node_modules even when this code is bundled elsewhere;
 * what it prints is kept in `printed`, not shown.
 */
function loadWasm(pkg: WasmPackage): Promise<WasmModule> {
  let p = loaded.get(pkg);
  if (!p) {
    const wasmPath = nodeRequire.resolve(WASM_FILE[pkg]);
    const options = { locateFile: (f: string) => (f.endsWith('.wasm') ? wasmPath : path.join(path.dirname(wasmPath), f)), print: keepLine, printErr: keepLine };
    const factory =
      pkg === 'charls'
        ? import('@cornerstonejs/codec-charls/decodewasmjs')
        : pkg === 'openjpeg'
          ? import('@cornerstonejs/codec-openjpeg/decodewasmjs')
          : pkg === 'openjph'
            ? import('@cornerstonejs/codec-openjph')
            : import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs');
    p = factory.then((m) => unwrapDefault(m as { default: (o: BedsideEmscriptenOptions) => Promise<WasmModule> })(options));
    loaded.set(pkg, p);
  }
  return p;
}

/** CommonJS modules arrive as `{ default }` or as the function itself depending on the loader. */
function unwrapDefault<F>(m: { default: F }): F {
  const inner = (m as { default: F | { default: F } }).default;
  return typeof inner === 'function' ? inner : (inner as { default: F }).default;
}

/** What the caller makes of a decoded frame, while its bytes are still valid. */
export type FrameReader<T> = (frame: DecodedFrame) => T;

async function decodeWasm<T>(pkg: WasmPackage, frame: Uint8Array, read: FrameReader<T>): Promise<T> {
  // The codecs throw a bare number (an Emscripten exception pointer) on corrupt data.
  const mod = await loadWasm(pkg);
  const Decoder = { charls: mod.JpegLSDecoder, openjpeg: mod.J2KDecoder, openjph: mod.HTJ2KDecoder, 'libjpeg-turbo-8bit': mod.JPEGDecoder }[pkg];
  if (!Decoder) throw new Error(`codec ${pkg} has no decoder class`);
  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    printed.length = 0;
    try {
      decoder.decode();
    } catch (e) {
      if (e instanceof Error) throw e;
      throw new Error(`${pkg} could not decode the stream (corrupt or cut-off data)`, { cause: e });
    }
    const error = printed.find((line) => /\[ERROR\]/.test(line));
    if (error) throw new Error(`${pkg}: ${error.replace(/^\[ERROR\]\s*/, '').trim()}`);
    const info = decoder.getFrameInfo();
    return read({
      bytes: decoder.getDecodedBuffer(), // a view of the wasm heap, read before the decoder is deleted
      bitsAllocated: info.bitsPerSample > 8 ? 16 : 8,
      samplesPerPixel: info.componentCount,
      width: info.width,
      height: info.height,
      colourConverted: pkg === 'libjpeg-turbo-8bit' && info.componentCount === 3, // libjpeg outputs RGB
      signed: info.isSigned === true,
    });
  } finally {
    decoder.delete();
  }
}

/**
 * 8-bit DCT JPEG through libjpeg-turbo (Cornerstone's WASM build): one component stays one
 * channel; YCbCr comes out as RGB; corrupt or cut-off entropy data makes the codec throw.
 */
function decodeJpeg8<T>(frame: Uint8Array, read: FrameReader<T>): Promise<T> {
  return decodeWasm('libjpeg-turbo-8bit', frame, read);
}

/**
 * 12-bit DCT (JPEG Extended, process 4, and the retired progressive syntaxes) and lossless JPEG
 * (processes 14/15, any predictor) through libjpeg-turbo. Three-component streams come back as
 * coded; the photometric interpretation then says whether they are YBR or RGB.
 */
async function decodeJpegLibjpeg(frame: Uint8Array, sof: JpegFrameHeader, height: number, photometric?: string): Promise<DecodedFrame> {
  const { width, components, precision } = sof;
  const bytes = await decodeWithLibjpeg(frame, { width, height, components, precision, ...(photometric && { photometric }) });
  return { bytes, bitsAllocated: precision > 8 ? 16 : 8, samplesPerPixel: components, width, height, colourConverted: false, signed: false };
}

/**
 * JPEG 2000 with signed components of 8 bits or fewer: Cornerstone's OpenJPEG build writes
 * them to unsigned bytes and loses every negative value. Marking the components unsigned in a
 * copy of the SIZ segment (ITU-T T.800 A.5.1, Ssiz bit 7) makes the decoder add the level
 * shift 2^(P−1) instead, which is taken off again here: exact for lossless, and lossy overshoot
 * is clamped by the decoder at the ends of the stored range, as it should be.
 */
async function decodeJ2k<T>(frame: Uint8Array, read: FrameReader<T>): Promise<T> {
  const siz = frame.findIndex((b, i) => b === 0xff && frame[i + 1] === 0x51);
  const components = siz >= 0 ? ((frame[siz + 38] as number) << 8) | (frame[siz + 39] as number) : 0;
  const ssiz = (c: number): number => frame[siz + 40 + 3 * c] as number;
  const signedSmall = components > 0 && Array.from({ length: components }, (_, c) => ssiz(c)).every((v) => (v & 0x80) !== 0 && (v & 0x7f) < 8);
  if (!signedSmall) return decodeWasm('openjpeg', frame, read);
  const copy = new Uint8Array(frame);
  for (let c = 0; c < components; c++) copy[siz + 40 + 3 * c] = ssiz(c) & 0x7f;
  const shift = 1 << (ssiz(0) & 0x7f); // 2^(P−1), P − 1 being Ssiz's low bits
  return decodeWasm('openjpeg', copy, (decoded) => {
    const bytes = new Uint8Array(decoded.bytes.length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = ((decoded.bytes[i] as number) - shift) & 0xff;
    return read({ ...decoded, bytes, bitsAllocated: 8, signed: true });
  });
}

/** Any JPEG process (ITU-T T.81) by its frame header: 8-bit DCT through Cornerstone's libjpeg-turbo, the rest through dcmjs-codecs'. */
async function decodeJpeg<T>(frame: Uint8Array, expected: { width: number; height: number; photometric?: string }, read: FrameReader<T>): Promise<T> {
  const sof = jpegFrameHeader(frame);
  if (sof.process === 'dct' && sof.precision <= 8) {
    const rgb = sof.components === 3 && !sof.colourMarker && expected.photometric === 'RGB';
    return decodeJpeg8(rgb ? markedAsRgb(frame) : frame, read);
  }
  // A lossless stream may leave its height to a DNL marker (T.81 B.2.5); the data set's Rows say it.
  return read(await decodeJpegLibjpeg(frame, sof, sof.height || expected.height, expected.photometric));
}

/** Decodes one compressed frame with the codec its transfer syntax needs and hands it to `read`. */
export async function decodeCompressedFrame<T>(
  encoding: Exclude<PixelEncoding, 'native' | 'rle' | 'unsupported'>,
  frame: Uint8Array,
  expected: { width: number; height: number; samplesPerPixel: number; bitsAllocated: number; photometric?: string },
  read: FrameReader<T>,
): Promise<T> {
  switch (encoding) {
    case 'jpeg-baseline':
    case 'jpeg-lossless':
      return decodeJpeg(frame, expected, read);
    case 'jpeg-ls':
      return decodeWasm('charls', frame, read);
    case 'jpeg-2000':
      return decodeJ2k(frame, read);
    case 'htj2k':
      return decodeWasm('openjph', frame, read);
  }
}
