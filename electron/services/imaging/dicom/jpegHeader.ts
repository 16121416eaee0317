/** What a JPEG stream's frame header (SOFn, ITU-T T.81 B.2.2) says about its coding. */
export interface JpegFrameHeader {
  readonly process: 'dct' | 'lossless';
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** An APP0 JFIF or APP14 Adobe marker before the frame header tells the colour space. */
  readonly colourMarker: boolean;
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
  let colourMarker = false;
  const tagAt = (at: number, tag: string): boolean => String.fromCharCode(...frame.subarray(at, at + tag.length)) === tag;
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
        colourMarker,
      };
    }
    if ((marker === 0xe0 && tagAt(p + 4, 'JFIF')) || (marker === 0xee && tagAt(p + 4, 'Adobe'))) colourMarker = true;
    if (marker === 0xda || marker === 0xd9) break;
    p += 2 + length;
  }
  throw new Error('JPEG stream has no frame header (SOF)');
}

/**
 * The stream with an APP14 Adobe marker (transform 0: components are R, G, B) after SOI. A
 * three-component stream with neither JFIF nor Adobe marker is otherwise taken for YCbCr by
 * libjpeg; DICOM's Photometric Interpretation RGB says it is not (as dcmtk reads it).
 */
export function markedAsRgb(frame: Uint8Array): Uint8Array {
  const app14 = [0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00];
  const out = new Uint8Array(frame.length + app14.length);
  out.set(frame.subarray(0, 2), 0);
  out.set(app14, 2);
  out.set(frame.subarray(2), 2 + app14.length);
  return out;
}
