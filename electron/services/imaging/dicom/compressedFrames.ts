import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { PixelEncoding } from './transferSyntaxes';

/** A decoded frame as little-endian interleaved samples, and whether colour is already RGB. */
export interface DecodedFrame {
  readonly bytes: Uint8Array;
  readonly bitsAllocated: number;
  readonly samplesPerPixel: number;
  readonly width: number;
  readonly height: number;
  /** JPEG decoders turn YCbCr into RGB themselves; the DICOM header may still say YBR. */
  readonly colourConverted: boolean;
}

type WasmModule = { JpegLSDecoder?: new () => BedsideWasmDecoder; J2KDecoder?: new () => BedsideWasmDecoder };

const nodeRequire = createRequire(__filename);
const loaded = new Map<string, Promise<WasmModule>>();

/**
 * Loads an Emscripten codec once. The .wasm is located through Node's resolver so that it
 * is found beside the package in node_modules even when this code is bundled elsewhere;
 * the codec's console chatter ([INFO] lines) is silenced.
 */
function loadWasm(pkg: 'charls' | 'openjpeg'): Promise<WasmModule> {
  let p = loaded.get(pkg);
  if (!p) {
    const wasmPath = nodeRequire.resolve(`@cornerstonejs/codec-${pkg}/decodewasm`);
    const options = { locateFile: (f: string) => (f.endsWith('.wasm') ? wasmPath : path.join(path.dirname(wasmPath), f)), print: () => {}, printErr: () => {} };
    p =
      pkg === 'charls'
        ? import('@cornerstonejs/codec-charls/decodewasmjs').then((m) => unwrapDefault(m)(options))
        : import('@cornerstonejs/codec-openjpeg/decodewasmjs').then((m) => unwrapDefault(m)(options));
    loaded.set(pkg, p);
  }
  return p;
}

/** CommonJS modules arrive as `{ default }` or as the function itself depending on the loader. */
function unwrapDefault<F>(m: { default: F }): F {
  const inner = (m as { default: F | { default: F } }).default;
  return typeof inner === 'function' ? inner : (inner as { default: F }).default;
}

async function decodeWasm(pkg: 'charls' | 'openjpeg', frame: Uint8Array): Promise<DecodedFrame> {
  const mod = await loadWasm(pkg);
  const Decoder = pkg === 'charls' ? mod.JpegLSDecoder : mod.J2KDecoder;
  if (!Decoder) throw new Error(`codec ${pkg} has no decoder class`);
  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const bytes = new Uint8Array(decoder.getDecodedBuffer()); // copy out of the wasm heap
    return {
      bytes,
      bitsAllocated: info.bitsPerSample > 8 ? 16 : 8,
      samplesPerPixel: info.componentCount,
      width: info.width,
      height: info.height,
      colourConverted: false,
    };
  } finally {
    decoder.delete();
  }
}

async function decodeJpegBaseline(frame: Uint8Array): Promise<DecodedFrame> {
  const { data, info } = await sharp(frame, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
  return {
    bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    bitsAllocated: 8,
    samplesPerPixel: info.channels,
    width: info.width,
    height: info.height,
    colourConverted: true,
  };
}

async function decodeJpegLossless(frame: Uint8Array, width: number, height: number, samplesPerPixel: number, bitsAllocated: number): Promise<DecodedFrame> {
  const { Decoder } = await import('jpeg-lossless-decoder-js');
  const copy = new Uint8Array(frame); // an ArrayBuffer of its own (dicom-parser hands out Buffer views)
  const out = new Decoder().decompress(copy.buffer, 0, copy.byteLength);
  return { bytes: new Uint8Array(out), bitsAllocated, samplesPerPixel, width, height, colourConverted: false };
}

/** Decodes one compressed frame with the codec its transfer syntax needs. */
export async function decodeCompressedFrame(
  encoding: Exclude<PixelEncoding, 'native' | 'rle' | 'unsupported'>,
  frame: Uint8Array,
  expected: { width: number; height: number; samplesPerPixel: number; bitsAllocated: number },
): Promise<DecodedFrame> {
  switch (encoding) {
    case 'jpeg-baseline':
      return decodeJpegBaseline(frame);
    case 'jpeg-lossless':
      return decodeJpegLossless(frame, expected.width, expected.height, expected.samplesPerPixel, expected.bitsAllocated);
    case 'jpeg-ls':
      return decodeWasm('charls', frame);
    case 'jpeg-2000':
      return decodeWasm('openjpeg', frame);
  }
}
