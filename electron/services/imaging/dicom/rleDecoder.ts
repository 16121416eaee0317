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
  for (let s = 0; s < segmentCount; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segmentCount ? view.getUint32(8 + 4 * s, true) : frame.byteLength;
    const plane = unpackBits(frame.subarray(start, end), pixels);
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segment 0 is the MSB
    const stride = samplesPerPixel * bytesPerSample;
    const base = sample * bytesPerSample + byteInSample;
    for (let p = 0; p < pixels; p++) out[p * stride + base] = plane[p] as number;
  }
  return out;
}

/** PackBits: n in 0..127 copies n+1 literal bytes; n in −127..−1 repeats the next byte 1−n times. */
function unpackBits(segment: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let i = 0;
  let o = 0;
  while (o < length && i < segment.length) {
    const n = ((segment[i++] as number) << 24) >> 24;
    if (n >= 0) {
      const count = Math.min(n + 1, length - o, segment.length - i);
      out.set(segment.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n !== -128) {
      const count = Math.min(1 - n, length - o);
      out.fill(segment[i++] as number, o, o + count);
      o += count;
    }
  }
  if (o < length) throw new Error(`RLE segment ended after ${o} of ${length} bytes`);
  return out;
}
