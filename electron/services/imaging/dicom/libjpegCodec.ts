import { createRequire } from 'node:module';
import { Context, NativeCodecs, log as codecLog } from 'dcmjs-codecs';

/**
 * libjpeg-turbo 3 (8-, 12- and 16-bit, DCT and lossless processes) as built into dcmjs-codecs'
 * WebAssembly module, for the JPEG streams Cornerstone's 8-bit build cannot read: 12-bit DCT
 * (JPEG Extended .51, retired .53/.55, progressive included) and lossless (.57/.70). It is the
 * same IJG lineage dcmtk's dcmdjpeg uses, and decodes the test variants to identical values.
 *
 * libjpeg reports damaged entropy data only as a warning and goes on (a cut-off stream comes back
 * padded with grey). dcmjs-codecs passes every libjpeg message to its logger when asked to, so the
 * logger is pointed at a list and any corrupt-data warning makes the frame count as damaged.
 */

const nodeRequire = createRequire(__filename);
let ready: Promise<void> | undefined;
const messages: string[] = [];

/**
 * libjpeg's warnings about the data itself (jerror.h: JWRN_HIT_MARKER, JWRN_EXTRANEOUS_DATA,
 * JWRN_HUFF_BAD_CODE, JWRN_ARITH_BAD_CODE, JWRN_MUST_RESYNC, JWRN_JPEG_EOF, JWRN_NOT_SEQUENTIAL,
 * JWRN_BOGUS_PROGRESSION); its other messages are trace output.
 */
const DAMAGE = /Corrupt JPEG data|Premature end of JPEG file|Invalid SOS parameters|Inconsistent progression sequence/;
/**
 * Except stray bytes just before EOI (some encoders pad the stream there, inside the fragment):
 * every scan has been read by then, and dcmtk shows such files without complaint.
 */
const HARMLESS = /extraneous bytes before marker 0xd9/;

function load(): Promise<void> {
  ready ??= (async () => {
    codecLog.methodFactory = () => (...args: unknown[]) => {
      messages.push(args.map(String).join(' '));
    };
    codecLog.setLevel('info');
    await NativeCodecs.initializeAsync({ webAssemblyModulePathOrUrl: nodeRequire.resolve('dcmjs-codecs/build/dcmjs-native-codecs.wasm'), logCodecsInfo: true });
  })();
  return ready;
}

/** What the frame is declared as: sizes, and the sample precision from the JPEG frame header. */
export interface LibjpegFrame {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly precision: number;
  readonly photometric?: string;
}

/**
 * Decodes a 12-bit DCT or lossless JPEG stream into little-endian interleaved samples (8 bits
 * for precision ≤ 8, else 16), as coded: no colour conversion, no sign handling. Throws when
 * the codec fails or warns that the data is corrupt.
 */
export async function decodeWithLibjpeg(stream: Uint8Array, f: LibjpegFrame): Promise<Uint8Array> {
  await load();
  const bitsAllocated = f.precision > 8 ? 16 : 8;
  const context = new Context({
    width: f.width,
    height: f.height,
    bitsAllocated,
    bitsStored: f.precision,
    samplesPerPixel: f.components,
    pixelRepresentation: 0,
    planarConfiguration: 0,
    photometricInterpretation: f.components === 3 ? (f.photometric ?? 'RGB') : 'MONOCHROME2',
    encodedBuffer: stream,
  });
  messages.length = 0;
  let decoded: Uint8Array | undefined;
  try {
    decoded = NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: false }).getDecodedBuffer();
  } catch (e) {
    // libjpeg's fatal errors unwind through the WebAssembly frames, leaving what the decoder had
    // allocated on its heap: a fresh instance is made for the next frame, and this one is dropped.
    ready = undefined;
    throw e;
  }
  const damage = messages.find((m) => DAMAGE.test(m) && !HARMLESS.test(m));
  messages.length = 0;
  if (damage) throw new Error(`libjpeg: ${damage.replace(/^.*EmitMessage::/, '')}`);
  if (!decoded) throw new Error('libjpeg returned no image');
  return decoded;
}
