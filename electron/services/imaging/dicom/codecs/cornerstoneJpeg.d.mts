/** Cornerstone's JPEG (DCT) decoder; see cornerstoneJpeg.mjs for where it comes from. */
declare class JpegImage {
  /** Parses and decodes a whole JPEG stream; throws a string when the stream is damaged. */
  parse(data: Uint8Array): void;
  width: number;
  height: number;
  /** Colour transform (YCbCr → RGB) for 3-component images; undefined: as the stream says. */
  colorTransform?: boolean;
  components: unknown[];
  /** 8-bit samples, interleaved. */
  getData(width: number, height: number): Uint8Array;
  /** 16-bit samples of a one-component image (12-bit JPEG). */
  getData16(width: number, height: number): Uint16Array;
}
export default JpegImage;
