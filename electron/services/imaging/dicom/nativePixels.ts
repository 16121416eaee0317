/** How one frame's samples are laid out in the file. */
export interface PixelLayout {
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
  /** 1 = colour-by-plane (RRR…GGG…BBB…), 0 = colour-by-pixel (RGBRGB…). */
  readonly planar: boolean;
  readonly bigEndian: boolean;
}

/** Bytes one frame occupies (1-bit frames are packed, as segmentations store them). */
export function frameByteLength(l: PixelLayout): number {
  const samples = l.width * l.height * l.samplesPerPixel;
  return l.bitsAllocated === 1 ? Math.ceil(samples / 8) : samples * (l.bitsAllocated / 8);
}

/** A 16-bit view of little-endian bytes (copied when the offset is odd). */
function words(bytes: Uint8Array, count: number, signed: boolean): Uint16Array | Int16Array {
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : new Uint8Array(bytes.subarray(0, count * 2)); // a copy (Buffer.slice would not be)
  return signed ? new Int16Array(aligned.buffer, aligned.byteOffset, count) : new Uint16Array(aligned.buffer, aligned.byteOffset, count);
}

/** A linear map applied to every sample in the same pass (the greyscale rescale; identity for colour). */
export interface Rescale {
  readonly slope: number;
  readonly intercept: number;
}

export const IDENTITY: Rescale = { slope: 1, intercept: 0 };

type IntegerSamples = Uint8Array | Int8Array | Uint16Array | Int16Array;

/** Float samples and the smallest and largest of them. */
export interface MappedSamples {
  readonly pixels: Float32Array;
  readonly min: number;
  readonly max: number;
}

/** How each integer sample is fixed before the rescale. */
type SampleFix = { kind: 'none' } | { kind: 'mask'; bitsStored: number; signed: boolean } | { kind: 'clamp'; lo: number; hi: number };

/**
 * One pass from integer samples (8- or 16-bit containers) to float output: BitsStored masking
 * with sign extension (`mask`), or clamping to [lo, hi] (`clamp`), then `v · slope + intercept`,
 * noting the range on the way. Every stage used to be its own pass over a 16 MB array; on a
 * 4-megapixel frame each pass costs as much as a codec's slower steps, so they are fused here,
 * in 32-bit integer arithmetic (containers are at most 16 bits).
 */
function mapSamples(src: IntegerSamples, count: number, fix: SampleFix, r: Rescale): MappedSamples {
  const out = new Float32Array(count);
  const { slope, intercept } = r;
  let lo = 2147483647;
  let hi = -2147483648;
  if (fix.kind === 'clamp') {
    const min = fix.lo;
    const max = fix.hi;
    for (let i = 0; i < count; i++) {
      const s = src[i] as number;
      const v = s < min ? min : s > max ? max : s;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      out[i] = v * slope + intercept;
    }
  } else {
    const bits = fix.kind === 'mask' ? Math.min(fix.bitsStored, 31) : 31;
    const mask = fix.kind === 'mask' ? 2 ** bits - 1 : -1;
    const shift = fix.kind === 'mask' && fix.signed ? 32 - bits : 0;
    for (let i = 0; i < count; i++) {
      const v = (((src[i] as number) & mask) << shift) >> shift;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      out[i] = v * slope + intercept;
    }
  }
  if (count === 0) return { pixels: out, min: 0, max: 0 };
  const a = lo * slope + intercept;
  const b = hi * slope + intercept;
  return { pixels: out, min: Math.fround(Math.min(a, b)), max: Math.fround(Math.max(a, b)) };
}

/** The range of float samples (the rare layouts that are read sample by sample). */
export function withRange(pixels: Float32Array): MappedSamples {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return pixels.length ? { pixels, min, max } : { pixels, min: 0, max: 0 };
}

/** Rescales in place (the rare layouts that are read sample by sample). */
function rescaleInPlace(out: Float32Array, r: Rescale): Float32Array {
  if (r.slope !== 1 || r.intercept !== 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * r.slope + r.intercept;
  return out;
}

/**
 * Reads one uncompressed frame into interleaved float samples: masks to BitsStored,
 * sign-extends when PixelRepresentation is 1, reorders planar colour and applies `rescale`.
 */
export function unpackNativeFrame(bytes: Uint8Array, l: PixelLayout, rescale: Rescale = IDENTITY): MappedSamples {
  const count = l.width * l.height * l.samplesPerPixel;
  const interleaved = !l.planar || l.samplesPerPixel === 1;
  // Fast path, one pass: 8-bit, and little-endian 16-bit.
  if (interleaved && (l.bitsAllocated === 8 || (l.bitsAllocated === 16 && !l.bigEndian))) {
    const whole = l.signed && l.bitsStored === l.bitsAllocated;
    const src = l.bitsAllocated === 8 ? (whole ? new Int8Array(bytes.buffer, bytes.byteOffset, count) : bytes) : words(bytes, count, whole);
    const fix = whole || (l.bitsStored >= l.bitsAllocated && !l.signed) ? ({ kind: 'none' } as const) : ({ kind: 'mask', bitsStored: l.bitsStored, signed: l.signed } as const);
    return mapSamples(src, count, fix, rescale);
  }
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = !l.bigEndian;
  const mask = l.bitsStored >= 32 ? 0xffffffff : 2 ** l.bitsStored - 1;
  const signBit = 2 ** (l.bitsStored - 1);
  const read = (i: number): number => {
    switch (l.bitsAllocated) {
      case 1:
        return ((bytes[i >> 3] as number) >> (i & 7)) & 1;
      case 8:
        return bytes[i] as number;
      case 16:
        return view.getUint16(i * 2, little);
      case 32:
        return view.getUint32(i * 4, little);
      default:
        throw new Error(`BitsAllocated ${l.bitsAllocated}`);
    }
  };
  const pixels = l.width * l.height;
  for (let i = 0; i < count; i++) {
    let v = l.bitsAllocated === 1 ? read(i) : (read(i) & mask) >>> 0;
    if (l.signed && l.bitsAllocated > 1 && v >= signBit) v -= 2 * signBit;
    // Planar: sample s of pixel p sits at s·pixels + p; write it interleaved.
    const target = l.planar && l.samplesPerPixel > 1 ? (i % pixels) * l.samplesPerPixel + Math.floor(i / pixels) : i;
    out[target] = v;
  }
  return withRange(rescaleInPlace(out, rescale));
}

/** The stored values BitsStored and PixelRepresentation allow (PS3.5 §8.1.1). */
export function storedRange(bitsStored: number, signed: boolean): { min: number; max: number } {
  return signed ? { min: -(2 ** (bitsStored - 1)), max: 2 ** (bitsStored - 1) - 1 } : { min: 0, max: 2 ** bitsStored - 1 };
}

/** How a codec's output is to be read into stored values. */
export interface CodecOutput {
  readonly bitsAllocated: number;
  /** The codec says its samples are signed (two's complement). */
  readonly codecSigned: boolean;
  readonly bitsStored: number;
  /** PixelRepresentation 1. */
  readonly signed: boolean;
  /** Lossy coding: overshoot beyond the stored range is clamped rather than masked. */
  readonly lossy: boolean;
}

/**
 * Reads a codec's little-endian interleaved samples into stored values, then `rescale`, in
 * one pass. Signed codec output and lossy output are clamped to the stored range (a lossy
 * 255 + 3 stays 255, not 2); unsigned lossless output is masked to BitsStored and
 * sign-extended when the data set says signed, as for uncompressed data (JPEG lossless and
 * JPEG-LS code the stored bit pattern).
 */
export function unpackCodecFrame(bytes: Uint8Array, count: number, o: CodecOutput, rescale: Rescale = IDENTITY): MappedSamples {
  const wide = o.bitsAllocated > 8;
  if (bytes.byteLength < count * (wide ? 2 : 1)) throw new Error(`decoded ${bytes.byteLength} bytes for ${count} samples`);
  const src = wide ? words(bytes, count, o.codecSigned) : o.codecSigned ? new Int8Array(bytes.buffer, bytes.byteOffset, count) : bytes;
  const containerBits = wide ? 16 : 8;
  if (o.codecSigned || (o.lossy && !o.signed)) {
    // Unsigned output that fills the stored range exactly (8-bit JPEG in 8 bits stored) cannot overshoot.
    if (!o.codecSigned && o.bitsStored >= containerBits) return mapSamples(src, count, { kind: 'none' }, rescale);
    const { min, max } = storedRange(o.bitsStored, o.signed);
    return mapSamples(src, count, { kind: 'clamp', lo: min, hi: max }, rescale);
  }
  const needsMask = o.bitsStored < containerBits || o.signed;
  return mapSamples(src, count, needsMask ? { kind: 'mask', bitsStored: o.bitsStored, signed: o.signed } : { kind: 'none' }, rescale);
}

/** Expands uncompressed YBR_FULL_422 (Y1 Y2 Cb Cr per two pixels) to full YBR samples. */
export function expandYbr422(bytes: Uint8Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p += 2) {
    const b = p * 2;
    const cb = bytes[b + 2] as number;
    const cr = bytes[b + 3] as number;
    for (let k = 0; k < 2 && p + k < width * height; k++) {
      out[(p + k) * 3] = bytes[b + k] as number;
      out[(p + k) * 3 + 1] = cb;
      out[(p + k) * 3 + 2] = cr;
    }
  }
  return out;
}

/** YBR_FULL → RGB in place (PS3.3 C.7.6.3.1.2, full-range ITU-R BT.601 coefficients). */
export function ybrFullToRgb(samples: Float32Array, maxValue: number): void {
  const mid = (maxValue + 1) / 2;
  const clamp = (v: number): number => Math.min(maxValue, Math.max(0, Math.round(v)));
  for (let i = 0; i + 2 < samples.length; i += 3) {
    const y = samples[i] as number;
    const cb = (samples[i + 1] as number) - mid;
    const cr = (samples[i + 2] as number) - mid;
    samples[i] = clamp(y + 1.402 * cr);
    samples[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    samples[i + 2] = clamp(y + 1.772 * cb);
  }
}
