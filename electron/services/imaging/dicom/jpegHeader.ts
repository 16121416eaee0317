/** What a JPEG stream's frame header (SOFn, ITU-T T.81 B.2.2) says about its coding. */
export interface JpegFrameHeader {
  readonly process: 'dct' | 'lossless';
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  readonly components: number;
}

/**
 * Reads the frame header of a JPEG stream. The process comes from the stream, not from the
 * transfer syntax, since some archives label lossless streams as baseline and the reverse.
 * Throws for streams without SOI or SOF, and for arithmetic or hierarchical coding (SOF5–7,
 * SOF9–15), which DICOM's JPEG syntaxes allow in name only and dcmtk does not decode either.
 */
export function jpegFrameHeader(frame: Uint8Array): JpegFrameHeader {
  if (frame[0] !== 0xff || frame[1] !== 0xd8) throw new Error('JPEG stream does not start with SOI');
  let p = 2;
  while (p + 4 <= frame.length) {
    if (frame[p] !== 0xff) throw new Error(`JPEG marker expected at byte ${p}`);
    const marker = frame[p + 1] as number;
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    const length = ((frame[p + 2] as number) << 8) | (frame[p + 3] as number);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (p + 10 > frame.length) break;
      if (marker > 0xc3) throw new Error(`JPEG coding SOF${(marker - 0xc0).toString()} (arithmetic or hierarchical) is not supported`);
      return {
        process: marker === 0xc3 ? 'lossless' : 'dct',
        precision: frame[p + 4] as number,
        height: ((frame[p + 5] as number) << 8) | (frame[p + 6] as number),
        width: ((frame[p + 7] as number) << 8) | (frame[p + 8] as number),
        components: frame[p + 9] as number,
      };
    }
    if (marker === 0xda || marker === 0xd9) break;
    p += 2 + length;
  }
  throw new Error('JPEG stream has no frame header (SOF)');
}
