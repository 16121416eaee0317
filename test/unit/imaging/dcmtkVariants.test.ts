/**
 * Known images re-encoded in every transfer syntax dcmtk (and GDCM for JPEG 2000) writes, then
 * decoded by dcmtk/GDCM and by Bedside: equal for lossless syntaxes, within the codec's tolerance
 * for lossy ones. Also: an 8-bit greyscale JPEG stays one channel with its rescale and window,
 * and a damaged JPEG stream is reported, not shown.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as dicomParser from 'dicom-parser';
import { NativeCodecs } from 'dcmjs-codecs';
import { ImagingError, decodeImage } from '../../../electron/services/imaging';
import { decodeWithLibjpeg } from '../../../electron/services/imaging/dicom/libjpegCodec';
import { applyWindow } from '../../../electron/services/imaging/windowLevel';
import { imagingHandlers } from '../../../electron/ipc/handlers/imaging';
import { inflateValues, windowToRgba } from '../../../renderer/src/features/images/modalityWindow';
import { DCMTK_MISSING, haveDcmtk, haveGdcm, haveOpenJpeg, maxAbsDiff, referenceDecode, tempDir } from './dcmtkReference';
import { dicomDir, haveDicom } from './sharedDicom';

if (!haveDcmtk) console.warn(`Skipping the dcmtk variant tests: ${DCMTK_MISSING}.`);

const dir = haveDcmtk && haveDicom ? tempDir() : '';
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Source images: 8-bit grey with a CT rescale and window added (and as signed 8-bit), 12-bit grey, signed 16-bit MR, 8-bit RGB. */
function source(name: Variant['source']): string {
  const out = path.join(dir, `${name}.dcm`);
  if (fs.existsSync(out)) return out;
  const d = (f: string): string => path.join(dicomDir, f);
  if (name === 'grey8') {
    execFileSync('dcmconv', ['+te', d('image_dfl.dcm'), out]);
    addCtRescale(out);
  } else if (name === 'grey12') execFileSync('dcmdjpeg', [d('JPGExtended.dcm'), out]);
  else if (name === 'mr16') execFileSync('dcmconv', ['+te', d('MR_small.dcm'), out]);
  else if (name === 'ct16') execFileSync('dcmconv', ['+te', d('CT_small.dcm'), out]);
  else if (name === 'grey8s') {
    // The same bytes read as two's complement: half the image is negative.
    execFileSync('dcmconv', ['+te', d('image_dfl.dcm'), out]);
    execFileSync('dcmodify', ['-nb', '-m', '(0028,0103)=1', out]);
  }
  else execFileSync('dcmdrle', [d('SC_rgb_rle.dcm'), out]);
  return out;
}

/**
 * A CT-like rescale (slope 2, intercept −1024) and window 40/400, so that an 8-bit JPEG must still
 * come out in modality units. Set again after dcmcjpeg, whose lossy mode rewrites them.
 */
function addCtRescale(file: string): void {
  execFileSync('dcmodify', ['-nb', '-i', '(0028,1052)=-1024', '-i', '(0028,1053)=2', '-i', '(0028,1050)=40', '-i', '(0028,1051)=400', '-i', '(0008,0060)=CT', file]);
}

interface Variant {
  readonly label: string;
  readonly source: 'grey8' | 'grey8s' | 'grey12' | 'mr16' | 'ct16' | 'rgb8';
  readonly tool: string;
  readonly args: readonly string[];
  readonly syntax: string;
  /** Largest difference from the reference decoder allowed (stored units × slope). */
  readonly tolerance: number;
}

const V = (label: string, src: Variant['source'], tool: string, args: string[], syntax: string, tolerance = 0): Variant => ({ label, source: src, tool, args, syntax, tolerance });

// Lossy syntaxes are compared with dcmtk's decoding of the same lossy file: libjpeg-turbo and
// dcmtk's libijg8 agree exactly for 8 bits (grey and YBR colour), CharLS builds agree for near-lossless,
// OpenJPEG builds (GDCM's and Cornerstone's) for lossy JPEG 2000, libjpeg-turbo's 12-bit DCT (through
// dcmjs-codecs) and dcmtk's libijg12 for 12-bit.
const VARIANTS: Variant[] = [
  V('implicit VR', 'mr16', 'dcmconv', ['+ti'], '1.2.840.10008.1.2'),
  V('big endian', 'mr16', 'dcmconv', ['+tb'], '1.2.840.10008.1.2.2'),
  V('deflated', 'grey8', 'dcmconv', ['+td'], '1.2.840.10008.1.2.1.99'),
  V('RLE 16-bit signed', 'mr16', 'dcmcrle', [], '1.2.840.10008.1.2.5'),
  V('RLE RGB', 'rgb8', 'dcmcrle', [], '1.2.840.10008.1.2.5'),
  V('JPEG baseline grey (8-bit)', 'grey8', 'dcmcjpeg', ['+eb'], '1.2.840.10008.1.2.4.50'),
  V('JPEG baseline RGB as YBR', 'rgb8', 'dcmcjpeg', ['+eb'], '1.2.840.10008.1.2.4.50'),
  V('JPEG extended 12-bit', 'grey12', 'dcmcjpeg', ['+ee'], '1.2.840.10008.1.2.4.51'),
  V('JPEG spectral selection 12-bit (retired)', 'grey12', 'dcmcjpeg', ['+es'], '1.2.840.10008.1.2.4.53'),
  V('JPEG progressive 8-bit (retired)', 'grey8', 'dcmcjpeg', ['+ep'], '1.2.840.10008.1.2.4.55'),
  V('JPEG progressive 12-bit with successive approximation (retired)', 'grey12', 'dcmcjpeg', ['+ep'], '1.2.840.10008.1.2.4.55'),
  V('JPEG lossless 16-bit signed', 'mr16', 'dcmcjpeg', ['+el'], '1.2.840.10008.1.2.4.57'),
  V('JPEG lossless SV1 16-bit signed', 'mr16', 'dcmcjpeg', ['+e1'], '1.2.840.10008.1.2.4.70'),
  V('JPEG lossless CT (Hounsfield)', 'ct16', 'dcmcjpeg', ['+el'], '1.2.840.10008.1.2.4.57'),
  V('JPEG lossless SV1 CT (Hounsfield)', 'ct16', 'dcmcjpeg', ['+e1'], '1.2.840.10008.1.2.4.70'),
  V('JPEG-LS lossless CT (Hounsfield)', 'ct16', 'dcmcjpls', ['+el'], '1.2.840.10008.1.2.4.80'),
  V('JPEG lossless SV1 12-bit', 'grey12', 'dcmcjpeg', ['+e1'], '1.2.840.10008.1.2.4.70'),
  V('JPEG lossless SV1 8-bit (CT rescale)', 'grey8', 'dcmcjpeg', ['+e1'], '1.2.840.10008.1.2.4.70'),
  V('JPEG lossless 8-bit signed', 'grey8s', 'dcmcjpeg', ['+el'], '1.2.840.10008.1.2.4.57'),
  V('JPEG lossless SV1 RGB', 'rgb8', 'dcmcjpeg', ['+e1'], '1.2.840.10008.1.2.4.70'),
  V('JPEG-LS lossless 16-bit signed', 'mr16', 'dcmcjpls', ['+el'], '1.2.840.10008.1.2.4.80'),
  V('JPEG-LS lossless RGB', 'rgb8', 'dcmcjpls', ['+el'], '1.2.840.10008.1.2.4.80'),
  V('JPEG-LS near-lossless 12-bit', 'grey12', 'dcmcjpls', ['+en'], '1.2.840.10008.1.2.4.81'),
  V('JPEG 2000 lossless 16-bit signed', 'mr16', 'gdcmconv', ['--j2k'], '1.2.840.10008.1.2.4.90'),
  V('JPEG 2000 lossless RGB', 'rgb8', 'gdcmconv', ['--j2k'], '1.2.840.10008.1.2.4.90'),
  V('JPEG 2000 lossy 8-bit', 'grey8', 'gdcmconv', ['--j2k', '--lossy', '-q', '30'], '1.2.840.10008.1.2.4.91', 0),
  V('JPEG 2000 lossless signed 8-bit', 'grey8s', 'gdcmconv', ['--j2k'], '1.2.840.10008.1.2.4.90'),
  V('JPEG 2000 lossy signed 8-bit', 'grey8s', 'gdcmconv', ['--j2k', '--lossy', '-q', '30'], '1.2.840.10008.1.2.4.91', 0),
  V('RLE signed 8-bit', 'grey8s', 'dcmcrle', [], '1.2.840.10008.1.2.5'),
];

function encode(v: Variant, index: number): string {
  const out = path.join(dir, `variant-${index}.dcm`);
  const src = source(v.source);
  execFileSync(v.tool, [...v.args, src, out]);
  if (v.source === 'grey8') addCtRescale(out);
  return out;
}

describe.skipIf(!haveDcmtk || !haveDicom)('variants made with dcmtk, decoded by dcmtk and by Bedside', () => {
  it.each(VARIANTS.map((v, i) => [v.label, v, i] as const))('%s', async (_label, v, i) => {
    if (v.tool === 'gdcmconv' && !haveGdcm) return; // JPEG 2000 needs GDCM; dcmtk has no JPEG 2000 codec
    const file = encode(v, i);
    const img = await decodeImage(fs.readFileSync(file), path.basename(file));
    expect(img.transferSyntax).toBe(v.syntax);
    const ref = referenceDecode(file);
    expect(ref).toBeDefined();
    expect([img.height, img.width, img.samplesPerPixel]).toEqual([ref!.rows, ref!.columns, ref!.samplesPerPixel]);
    const tolerance = v.tolerance * (v.source === 'grey8' ? 2 : 1); // grey8 carries RescaleSlope 2
    expect(maxAbsDiff(img.pixels, ref!.values)).toBeLessThanOrEqual(Math.max(0.5, tolerance));
  });

  it('keeps an 8-bit greyscale JPEG one channel, in modality units with the file window', async () => {
    const file = encode(VARIANTS[5]!, 100);
    const img = await decodeImage(fs.readFileSync(file), 'ct-jpeg.dcm');
    expect(img.samplesPerPixel).toBe(1);
    expect(img.window).toEqual({ center: 40, width: 400 });
    expect(img.windowFromFile).toBe(true);
    expect(img.valueRange).toEqual({ min: -1024, max: 255 * 2 - 1024 });
    expect(img.pixels.reduce((m, v) => Math.min(m, v), Infinity)).toBeGreaterThanOrEqual(-1024);
  });

  it('applies a Modality LUT Sequence exactly as dcmtk does', async () => {
    // image_dfl.dcm with a non-linear Modality LUT (PS3.3 C.11.1): entry i = 65535·(i/255)².
    const file = path.join(dir, 'modality-lut.dcm');
    execFileSync('dcmconv', ['+te', source('grey8'), file]);
    execFileSync('dcmodify', ['-nb', '-e', '(0028,1052)', '-e', '(0028,1053)', file]);
    // dcmodify reads OW values as hexadecimal words.
    const lut = Array.from({ length: 256 }, (_, i) => Math.round(65535 * (i / 255) ** 2).toString(16).padStart(4, '0'));
    execFileSync('dcmodify', ['-nb', '-i', '(0028,3000)[0].(0028,3002)=256\\0\\16', '-i', '(0028,3000)[0].(0028,3004)=US', '-i', `(0028,3000)[0].(0028,3006)=${lut.join('\\')}`, file]);
    const img = await decodeImage(fs.readFileSync(file), 'modality-lut.dcm');
    // dcm2pnm with the modality LUT and no VOI maps the LUT's output range (here exactly 0..65535)
    // onto a 16-bit PGM: the PGM's numbers are dcmtk's modality values.
    const pgm = execFileSync('dcm2pnm', ['+M', '-W', '+opw', file], { encoding: 'latin1', maxBuffer: 64 << 20 });
    const numbers = pgm.split(/\s+/).slice(4).filter(Boolean).map(Number);
    expect(numbers.length).toBe(img.width * img.height);
    expect(maxAbsDiff(img.pixels, numbers)).toBeLessThanOrEqual(0.5);
    expect(img.valueRange).toEqual({ min: 0, max: 65535 });
  });

  it.each([
    ['JPEG lossless', 'with an offset table', 'dcmcjpeg', ['+e1']],
    ['JPEG lossless', 'without an offset table', 'dcmcjpeg', ['+e1', '-ot']],
    ['JPEG-LS', 'with an offset table', 'dcmcjpls', []],
    ['JPEG-LS', 'without an offset table', 'dcmcjpls', ['-ot']],
  ] as const)('%s, two frames in 1 KiB fragments %s: each frame equals dcmtk', async (_kind, _table, tool, args) => {
    const src = path.join(dir, 'rgb2frame.dcm');
    if (!fs.existsSync(src)) execFileSync('dcmdrle', [path.join(dicomDir, 'SC_rgb_rle_2frame.dcm'), src]);
    const file = path.join(dir, `fragments-${tool}-${args.join('')}.dcm`);
    execFileSync(tool, [...args, '--fragment-size', '1', src, file]);
    for (const frame of [0, 1]) {
      const img = await decodeImage(fs.readFileSync(file), path.basename(file), { frame });
      expect(img.frameCount).toBe(2);
      const ref = referenceDecode(file, frame)!;
      expect(maxAbsDiff(img.pixels, ref.values)).toBe(0);
    }
  });

  it("takes each frame's rescale and window from an enhanced multi-frame image's functional groups (PS3.3 C.7.6.16)", async () => {
    // rtdose.dcm (15 frames) with a Shared Functional Groups item (Pixel Value Transformation: slope 2,
    // intercept −5; Frame VOI LUT: 100/50) and a Per-frame item for frame 2 (slope 3, intercept 7).
    // A top-level intercept of 1000 is there too: the functional groups take precedence.
    const file = path.join(dir, 'functional-groups.dcm');
    execFileSync('dcmconv', ['+te', path.join(dicomDir, 'rtdose.dcm'), file]);
    const fg = ['(5200,9229)[0].(0028,9145)[0].(0028,1053)=2', '(5200,9229)[0].(0028,9145)[0].(0028,1052)=-5', '(5200,9229)[0].(0028,9132)[0].(0028,1050)=100'];
    fg.push('(5200,9229)[0].(0028,9132)[0].(0028,1051)=50', '(5200,9230)[0].(0020,9111)[0].(0020,9157)=1', '(5200,9230)[1].(0028,9145)[0].(0028,1053)=3');
    fg.push('(5200,9230)[1].(0028,9145)[0].(0028,1052)=7', '(0028,1052)=1000', '(0028,1053)=1');
    execFileSync('dcmodify', ['-nb', ...fg.flatMap((f) => ['-i', f]), file]);
    const stored = (frame: number) => {
      // dcmtk's stored values: the reference applies the top-level rescale (intercept 1000), taken off here.
      const ref = referenceDecode(file, frame)!;
      return Array.from(ref.values, (v) => v - 1000);
    };
    const frame1 = await decodeImage(fs.readFileSync(file), 'functional-groups.dcm', { frame: 0 });
    expect(maxAbsDiff(frame1.pixels, stored(0).map((v) => v * 2 - 5))).toBeLessThanOrEqual(0.5);
    expect(frame1.window).toEqual({ center: 100, width: 50 });
    const frame2 = await decodeImage(fs.readFileSync(file), 'functional-groups.dcm', { frame: 1 });
    expect(maxAbsDiff(frame2.pixels, stored(1).map((v) => v * 3 + 7))).toBeLessThanOrEqual(0.5);
    expect(frame2.window).toEqual({ center: 100, width: 50 });
  });

  it('reports a JPEG 2000 frame with one damaged tile of 64 as damaged, naming what OpenJPEG found', async () => {
    if (!haveGdcm || !haveOpenJpeg) return; // GDCM writes the DICOM wrapper, OpenJPEG's opj_compress the tiled stream
    // The 12-bit source's stored values, coded by opj_compress in 64 × 64 tiles, in the fragment
    // of a JPEG 2000 file that gdcmconv wrote from the same source.
    const src = source('grey12');
    const rawDir = path.join(dir, 'tiles-raw');
    fs.mkdirSync(rawDir, { recursive: true });
    execFileSync('dcmdump', ['-q', '+W', rawDir, src], { stdio: 'ignore' });
    const raw = fs.readdirSync(rawDir).filter((f) => f.endsWith('.raw')).sort().at(-1)!;
    const ds0 = dicomParser.parseDicom(fs.readFileSync(src));
    const [rows, columns] = [ds0.uint16('x00280010')!, ds0.uint16('x00280011')!];
    const rawl = path.join(dir, 'tiles.rawl');
    fs.copyFileSync(path.join(rawDir, raw), rawl);
    const codestream = path.join(dir, 'tiles.j2k');
    execFileSync('opj_compress', ['-i', rawl, '-o', codestream, '-F', `${columns},${rows},1,12,u`, '-t', '64,64'], { stdio: 'ignore' });
    const wrapper = path.join(dir, 'tiles-wrapper.dcm');
    execFileSync('gdcmconv', ['--j2k', src, wrapper]);
    const bytes = fs.readFileSync(wrapper);
    const fragment = dicomParser.parseDicom(bytes).elements['x7fe00010']!.fragments![0]!;
    let stream = fs.readFileSync(codestream);
    if (stream.length % 2) stream = Buffer.concat([stream, Buffer.from([0])]);
    const item = Buffer.alloc(8);
    item.writeUInt16LE(0xfffe, 0);
    item.writeUInt16LE(0xe000, 2);
    item.writeUInt32LE(stream.length, 4);
    const tiled = Buffer.concat([bytes.subarray(0, fragment.position - 8), item, stream, bytes.subarray(fragment.position + fragment.length)]);

    const whole = await decodeImage(tiled, 'tiles.dcm');
    expect(maxAbsDiff(whole.pixels, referenceDecode(src)!.values)).toBeLessThanOrEqual(0.5);
    // Tile 5's packet data overwritten (after its SOT and SOD markers).
    const sots: number[] = [];
    for (let i = tiled.indexOf(Buffer.from([0xff, 0x90, 0x00, 0x0a])); i >= 0; i = tiled.indexOf(Buffer.from([0xff, 0x90, 0x00, 0x0a]), i + 4)) sots.push(i);
    expect(sots.length).toBe((rows / 64) * (columns / 64));
    const damaged = Buffer.from(tiled);
    damaged.fill(0xff, sots[4]! + 14, sots[5]! - 2);
    const err = await decodeImage(damaged, 'tiles-damaged.dcm').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as ImagingError).failure).toBe('dicom-pixel-data-damaged');
    expect(String((err as ImagingError).details?.detail)).toMatch(/^openjpeg: /);
  });

  it('shows a VOI LUT Sequence as dcmtk does, on the main side and in the viewer', async () => {
    // image_dfl.dcm without rescale or window, with a non-linear VOI LUT (PS3.3 C.11.2.1.1):
    // 200 entries from value 20, entry i = 65535·√(i/199); below 20 takes the first, above 219 the last.
    const file = path.join(dir, 'voi-lut.dcm');
    execFileSync('dcmconv', ['+te', source('grey8'), file]);
    execFileSync('dcmodify', ['-nb', '-e', '(0028,1052)', '-e', '(0028,1053)', '-e', '(0028,1050)', '-e', '(0028,1051)', file]);
    const lut = Array.from({ length: 200 }, (_, i) => Math.round(65535 * Math.sqrt(i / 199)).toString(16).padStart(4, '0'));
    execFileSync('dcmodify', ['-nb', '-i', '(0028,3010)[0].(0028,3002)=200\\20\\16', '-i', `(0028,3010)[0].(0028,3006)=${lut.join('\\')}`, file]);
    const bytes = fs.readFileSync(file);
    const img = await decodeImage(bytes, 'voi-lut.dcm');
    expect(img.voiLut?.data.length).toBe(200);
    expect(img.windowFromFile).toBe(true);
    // dcm2pnm +Wl 1: the file's first VOI LUT, written as an 8-bit ASCII PGM.
    const pgm = execFileSync('dcm2pnm', ['+Wl', '1', '+opb', file], { encoding: 'latin1', maxBuffer: 64 << 20 });
    const reference = pgm.split(/\s+/).slice(4).filter(Boolean).map(Number);
    const shown = applyWindow(img);
    expect(reference.length).toBe(shown.length);
    expect(maxAbsDiff(shown, reference)).toBeLessThanOrEqual(1);
    // The viewer, from imaging.pixels, while the window is the file's own.
    const sent = await imagingHandlers().pixels({ bytesBase64: bytes.toString('base64'), fileName: 'voi-lut.dcm' }, { transport: 'cli', senderUrl: 'test' });
    const frame = { width: sent.width, height: sent.height, samplesPerPixel: sent.samplesPerPixel, invert: sent.invert, values: await inflateValues(sent) };
    const rgba = windowToRgba(frame, sent.defaultWindow, sent.voiLut);
    expect(Array.from(shown, (_, p) => rgba[p * 4])).toEqual(Array.from(shown));
    // Another window is linear again.
    expect(Array.from(applyWindow(img, { center: 100, width: 50 }))).not.toEqual(Array.from(shown));
  });

  it.each([
    ['8-bit baseline', 'overwritten', 'JPEG baseline grey (8-bit)'],
    ['12-bit extended', 'overwritten', 'JPEG extended 12-bit'],
    ['12-bit extended', 'cut off', 'JPEG extended 12-bit'],
    ['lossless', 'overwritten', 'JPEG lossless SV1 12-bit'],
    ['lossless', 'cut off', 'JPEG lossless SV1 12-bit'],
  ])('reports a %s JPEG stream %s as damaged (libjpeg only warns; the warning counts)', async (_kind, damage, label) => {
    const index = VARIANTS.findIndex((v) => v.label === label);
    const file = encode(VARIANTS[index]!, 101 + index);
    const bytes = Buffer.from(fs.readFileSync(file));
    const sos = bytes.indexOf(Buffer.from([0xff, 0xda]));
    if (damage === 'overwritten') bytes.fill(0xff, sos + 400, sos + 464); // 64 bytes of the entropy-coded data
    else {
      // The stream ends (EOI) 400 bytes into the scan; the rest of the fragment is zeros.
      const eoi = bytes.lastIndexOf(Buffer.from([0xff, 0xd9]));
      bytes.fill(0, sos + 400, eoi + 2);
      bytes.set([0xff, 0xd9], sos + 400);
    }
    const err = await decodeImage(bytes, 'damaged.dcm').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImagingError);
    expect((err as ImagingError).failure).toBe('dicom-pixel-data-damaged');
  });

  it('does not keep the memory a failed libjpeg decode leaves behind (a fresh codec instance after a fatal error)', async () => {
    const index = VARIANTS.findIndex((v) => v.label === 'JPEG extended 12-bit');
    const ds = dicomParser.parseDicom(fs.readFileSync(encode(VARIANTS[index]!, 121)));
    const el = ds.elements['x7fe00010']!;
    const stream = new Uint8Array(dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments!.length));
    const frame = { width: ds.uint16('x00280011')!, height: ds.uint16('x00280010')!, components: 1, precision: 12 };
    const garbled = new Uint8Array(stream);
    for (let i = 1000; i < 1400; i++) garbled[i] = (i * 37) & 0xff; // a bogus marker: libjpeg's error_exit
    const codec = (): { wasmMemory: { buffer: ArrayBuffer } } => (NativeCodecs as unknown as { wasmApi: { wasmMemory: { buffer: ArrayBuffer } } }).wasmApi;
    await decodeWithLibjpeg(garbled, frame).catch(() => undefined);
    await decodeWithLibjpeg(stream, frame); // on a fresh instance
    const before = codec();
    const heap = before.wasmMemory.buffer.byteLength;
    await expect(decodeWithLibjpeg(garbled, frame)).rejects.toThrow();
    await decodeWithLibjpeg(stream, frame);
    // Kept, the failed instance grew by a frame per failure and, after some dozens, hung.
    expect(codec()).not.toBe(before);
    expect(codec().wasmMemory.buffer.byteLength).toBe(heap);
  });

  it('shows a 12-bit JPEG whose encoder left stray bytes just before EOI (libjpeg warns, the image is whole)', async () => {
    const index = VARIANTS.findIndex((v) => v.label === 'JPEG extended 12-bit');
    const ds = dicomParser.parseDicom(fs.readFileSync(encode(VARIANTS[index]!, 120)));
    const el = ds.elements['x7fe00010']!;
    const stream = new Uint8Array(dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments!.length));
    const eoi = stream.lastIndexOf(0xd9) - 1;
    const padded = new Uint8Array([...stream.subarray(0, eoi), 0x00, 0x00, 0xff, 0xd9]);
    const frame = { width: ds.uint16('x00280011')!, height: ds.uint16('x00280010')!, components: 1, precision: 12 };
    const clean = await decodeWithLibjpeg(stream, frame);
    const withStrayBytes = await decodeWithLibjpeg(padded, frame);
    expect(Buffer.compare(Buffer.from(withStrayBytes), Buffer.from(clean))).toBe(0);
  });
});
