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

/** Masks to BitsStored and sign-extends in place (PixelRepresentation 1), unless nothing needs it. */
function maskAndSign(out: Float32Array, bitsStored: number, bitsAllocated: number, signed: boolean): void {
  if (bitsStored >= bitsAllocated && !signed) return;
  const mask = bitsStored >= 32 ? 0xffffffff : 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  for (let i = 0; i < out.length; i++) {
    let v = ((out[i] as number) & mask) >>> 0;
    if (signed && v >= signBit) v -= 2 * signBit;
    out[i] = v;
  }
}

/**
 * Reads one uncompressed frame into interleaved float samples: masks to BitsStored,
 * sign-extends when PixelRepresentation is 1, and reorders planar colour.
 */
export function unpackNativeFrame(bytes: Uint8Array, l: PixelLayout): Float32Array {
  const count = l.width * l.height * l.samplesPerPixel;
  const interleaved = !l.planar || l.samplesPerPixel === 1;
  // Fast paths (native typed-array copies): 8-bit, and little-endian 16-bit.
  if (interleaved && (l.bitsAllocated === 8 || (l.bitsAllocated === 16 && !l.bigEndian))) {
    const out = new Float32Array(count);
    const whole = l.signed && l.bitsStored === l.bitsAllocated;
    if (l.bitsAllocated === 8) out.set(whole ? new Int8Array(bytes.buffer, bytes.byteOffset, count) : bytes.subarray(0, count));
    else out.set(words(bytes, count, whole));
    if (!whole) maskAndSign(out, l.bitsStored, l.bitsAllocated, l.signed);
    return out;
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
  return out;
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
 * Reads a codec's little-endian interleaved samples into stored values. Signed codec output
 * and lossy output are clamped to the stored range (a lossy 255 + 3 stays 255, not 2);
 * unsigned lossless output is masked to BitsStored and sign-extended when the data set says
 * signed, as for uncompressed data (JPEG lossless and JPEG-LS code the stored bit pattern).
 */
export function unpackCodecFrame(bytes: Uint8Array, count: number, o: CodecOutput): Float32Array {
  const wide = o.bitsAllocated > 8;
  if (bytes.byteLength < count * (wide ? 2 : 1)) throw new Error(`decoded ${bytes.byteLength} bytes for ${count} samples`);
  const out = new Float32Array(count);
  if (wide) out.set(words(bytes, count, o.codecSigned));
  else out.set(o.codecSigned ? new Int8Array(bytes.buffer, bytes.byteOffset, count) : bytes.subarray(0, count));
  const containerBits = wide ? 16 : 8;
  if (o.codecSigned || (o.lossy && !o.signed)) {
    // Unsigned output that fills the stored range exactly (8-bit JPEG in 8 bits stored) cannot overshoot.
    if (!o.codecSigned && o.bitsStored >= containerBits) return out;
    const { min, max } = storedRange(o.bitsStored, o.signed);
    for (let i = 0; i < count; i++) {
      const v = out[i] as number;
      if (v < min) out[i] = min;
      else if (v > max) out[i] = max;
    }
  } else maskAndSign(out, o.bitsStored, o.bitsAllocated, o.signed);
  return out;
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
