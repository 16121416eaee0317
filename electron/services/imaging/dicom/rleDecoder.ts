/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, each
 * segment PackBits-encoded. Segments hold one byte plane each, most significant byte
 * first for each sample. Returns the frame as interleaved little-endian samples, the
 * layout the native unpacker reads.
 */
export function decodeRleFrame(frame: Uint8Array, width: number, height: number, samplesPerPixel: number, bitsAllocated: number): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.byteLength < 64) throw new Error('RLE frame shorter than its header');
  const segmentCount = view.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  if (segmentCount !== samplesPerPixel * bytesPerSample) {
    throw new Error(`RLE header has ${segmentCount} segments, expected ${samplesPerPixel * bytesPerSample}`);
  }
  const pixels = width * height;
  const out = new Uint8Array(pixels * samplesPerPixel * bytesPerSample);
  const stride = samplesPerPixel * bytesPerSample;
  for (let s = 0; s < segmentCount; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segmentCount ? view.getUint32(8 + 4 * s, true) : frame.byteLength;
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segment 0 is the MSB
    unpackBits(frame.subarray(start, end), out, sample * bytesPerSample + byteInSample, stride, pixels);
  }
  return out;
}

/**
 * PackBits: n in 0..127 copies n+1 literal bytes; n in −127..−1 repeats the next byte 1−n times.
 * Writes `length` bytes to out[base], out[base + stride], … (one byte plane, interleaved in place).
 */
function unpackBits(segment: Uint8Array, out: Uint8Array, base: number, stride: number, length: number): void {
  let i = 0;
  let o = 0;
  while (o < length && i < segment.length) {
    const n = ((segment[i++] as number) << 24) >> 24;
    if (n >= 0) {
      const count = Math.min(n + 1, length - o, segment.length - i);
      if (stride === 1) out.set(segment.subarray(i, i + count), base + o);
      else for (let k = 0; k < count; k++) out[base + (o + k) * stride] = segment[i + k] as number;
      i += n + 1;
      o += count;
    } else if (n !== -128) {
      const count = Math.min(1 - n, length - o);
      const value = segment[i++] as number;
      if (stride === 1) out.fill(value, base + o, base + o + count);
      else for (let k = 0; k < count; k++) out[base + (o + k) * stride] = value;
      o += count;
    }
  }
  if (o < length) throw new Error(`RLE segment ended after ${o} of ${length} bytes`);
}
