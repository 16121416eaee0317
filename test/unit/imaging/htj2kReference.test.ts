/**
 * HTJ2K (PS3.5 .201/.202/.203), which neither dcmtk nor GDCM reads, against an independent
 * decoder: known images are encoded with OpenJPH (inside dcmjs-codecs' transcoder), Bedside decodes
 * them with Cornerstone's OpenJPH build, and OpenJPEG 2.5's opj_decompress (Debian libopenjp2-tools,
 * a separate implementation of ITU-T T.814) decodes the same codestream as the reference.
 * Lossless must be equal; lossy (irreversible 9/7) within 1 stored unit, the decoders' rounding.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import * as dicomParser from 'dicom-parser';
import { NativeCodecs, Transcoder, constants } from 'dcmjs-codecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../../electron/services/imaging';
import { haveDcmtk, haveOpenJpeg, tempDir } from './dcmtkReference';
import { dicomDir, haveDicom } from './sharedDicom';

if (!haveOpenJpeg) console.warn('Skipping the HTJ2K reference tests: OpenJPEG is not installed (apt-get install libopenjp2-tools; scripts/install.sh does this).');

const dir = haveOpenJpeg && haveDcmtk && haveDicom ? tempDir() : '';
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const { TransferSyntax } = constants;
const CASES = [
  { label: 'lossless, signed 16-bit MR', source: 'MR_small.dcm', syntax: TransferSyntax.HtJpeg2000Lossless, tolerance: 0 },
  { label: 'lossless, CT with a rescale (Hounsfield)', source: 'CT_small.dcm', syntax: TransferSyntax.HtJpeg2000Lossless, tolerance: 0 },
  { label: 'lossless RPCL, signed 16-bit MR', source: 'MR_small.dcm', syntax: TransferSyntax.HtJpeg2000LosslessRpcl, tolerance: 0 },
  { label: 'lossless, 8-bit RGB', source: 'SC_rgb_rle.dcm', syntax: TransferSyntax.HtJpeg2000Lossless, tolerance: 0 },
  { label: 'lossy, 12-bit', source: 'JPGExtended.dcm', syntax: TransferSyntax.HtJpeg2000Lossy, tolerance: 1 },
] as const;

/** The file re-encoded in `syntax` by dcmjs-codecs (from dcmtk's uncompressed copy). */
function encodeHtj2k(source: string, syntax: string, out: string): Buffer {
  const plain = path.join(dir, `plain-${source}`);
  const decompress = source.includes('_rle') ? ['dcmdrle'] : source.startsWith('JPG') ? ['dcmdjpeg'] : ['dcmconv', '+te'];
  execFileSync(decompress[0]!, [...decompress.slice(1), path.join(dicomDir, source), plain]);
  const bytes = fs.readFileSync(plain);
  const transcoder = new Transcoder(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  transcoder.transcode(syntax);
  const file = Buffer.from(transcoder.getDicomPart10());
  fs.writeFileSync(out, file);
  return file;
}

/** OpenJPEG's decoding of the file's codestream: stored values, interleaved like Bedside's. */
function openJpegDecode(file: Buffer, name: string): { values: number[]; slope: number; intercept: number } {
  const ds = dicomParser.parseDicom(file);
  const el = ds.elements['x7fe00010']!;
  const codestream = path.join(dir, `${name}.j2c`);
  fs.writeFileSync(codestream, dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments!.length));
  const raw = path.join(dir, `${name}.rawl`);
  execFileSync('opj_decompress', ['-i', codestream, '-o', raw], { stdio: 'ignore' });
  const bytes = fs.readFileSync(raw);
  const components = ds.uint16('x00280002') ?? 1;
  const wide = (ds.uint16('x00280100') ?? 16) > 8;
  const signed = ds.uint16('x00280103') === 1;
  const count = bytes.length / (wide ? 2 : 1);
  const plane = count / components;
  const values = new Array<number>(count);
  // .rawl is one component after another, little-endian, signed where the component is.
  for (let i = 0; i < count; i++) {
    const v = wide ? (signed ? bytes.readInt16LE(i * 2) : bytes.readUInt16LE(i * 2)) : signed ? bytes.readInt8(i) : bytes[i]!;
    values[(i % plane) * components + Math.floor(i / plane)] = v;
  }
  return { values, slope: Number(ds.string('x00281053') ?? 1), intercept: Number(ds.string('x00281052') ?? 0) };
}

describe.skipIf(!dir)('HTJ2K against OpenJPEG', () => {
  beforeAll(async () => {
    // The transcoder's dcmjs (its CommonJS build) chatters about private tags: silence it.
    const { log } = createRequire(__filename)('dcmjs') as { log: { setLevel(l: string): void; getLogger(n: string): { setLevel(l: string): void } } };
    log.setLevel('silent');
    log.getLogger('validation.dcmjs').setLevel('silent');
    await NativeCodecs.initializeAsync({ webAssemblyModulePathOrUrl: require.resolve('dcmjs-codecs/build/dcmjs-native-codecs.wasm') });
  });

  it.each(CASES.map((c, i) => [c.label, c, i] as const))('%s', async (_label, c, i) => {
    const file = encodeHtj2k(c.source, c.syntax, path.join(dir, `ht-${i}.dcm`));
    const img = await decodeImage(file, `ht-${i}.dcm`);
    expect(img.transferSyntax).toBe(c.syntax);
    const ref = openJpegDecode(file, `ht-${i}`);
    expect(img.pixels.length).toBe(ref.values.length);
    let max = 0;
    for (let k = 0; k < ref.values.length; k++) {
      const expected = img.samplesPerPixel === 1 ? ref.values[k]! * ref.slope + ref.intercept : ref.values[k]!;
      max = Math.max(max, Math.abs(img.pixels[k]! - expected));
    }
    expect(max).toBeLessThanOrEqual(Math.max(0.5, c.tolerance * ref.slope));
  });
});
