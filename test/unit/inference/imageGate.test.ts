/**
 * The bundled pneumonia pack refuses what it was not trained for, with the reason, and never
 * scores it: non-chest DICOM files by their own attributes (CT, MR, US, NM, RGB secondary
 * capture from ../shared/data/dicom, and files made here), PNG/JPEG without the clinician's
 * confirmation, colour pictures, and pictures whose features lie outside the training data
 * (the Mahalanobis check in the model). Real pack, real ONNX Runtime in the host.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { dicomAgeYears } from '../../../electron/inference-host/imageGate';
import { isBedsideError } from '../../../electron/services/errors';
import { decodeImage, renderPreview } from '../../../electron/services/imaging';
import { ModelRegistry } from '../../../electron/services/models/registry';
import { repoRoot, sharedDataDir, SHARED_DATA_MISSING } from '../../helpers/sharedData';
import { tempDir } from '../../helpers/tempDir';
import { startEngine } from './helpers/engine';
import { makeDicom } from './helpers/makeDicom';

const packsDir = path.join(repoRoot, 'models', 'packs');
const packDir = fs.readdirSync(packsDir).find((n) => n.startsWith('pneumonia-xray-'))!;
const examples = path.join(repoRoot, 'models', 'demo', 'pneumonia-xray', 'examples');
const dicomDir = sharedDataDir() ? path.join(sharedDataDir()!, 'dicom') : null;

// The demo pack, trusted by the committed demo key, in a registry of its own.
const registry = new ModelRegistry({ packsDir: path.join(tempDir('bedside-gate-'), 'packs'), trustedKeyDirs: [path.join(repoRoot, 'models', 'keys', 'trusted')] });
registry.boot();
const { inference } = startEngine({ registry });

beforeAll(async () => {
  await registry.install(path.join(packsDir, packDir));
});

/** The refusal reason (details.refused), or 'scored' when the image got a score. */
async function outcome(bytes: Uint8Array, fileName: string, confirmed = false): Promise<{ result: string; message: string }> {
  try {
    const r = await inference.analyzeImage({ packId: 'pneumonia-xray', bytes, fileName, confirmed });
    return { result: 'scored', message: `${r.labels[0]!.probability}` };
  } catch (e) {
    if (isBedsideError(e) && typeof e.details?.refused === 'string') return { result: e.details.refused, message: e.message };
    throw e;
  }
}

const xray28 = (file: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(examples, file)));
async function greyPixels(file: string): Promise<Uint8Array> {
  return new Uint8Array(await sharp(path.join(examples, file)).greyscale().raw().toBuffer());
}

describe('input gating of the pneumonia pack', () => {
  it('reads DICOM Age Strings (PS3.5 AS)', () => {
    expect(dicomAgeYears('003Y')).toBe(3);
    expect(dicomAgeYears('018M')).toBe(1.5);
    expect(dicomAgeYears('076Y')).toBe(76);
    expect(dicomAgeYears('3Y')).toBeUndefined();
  });

  it('refuses CT, MR, US, NM and RGB secondary-capture DICOM files with the reason, never a score', async (ctx) => {
    if (!dicomDir) return ctx.skip(SHARED_DATA_MISSING);
    const cases: [string, RegExp][] = [
      ['CT_small.dcm', /is a CT image; this model reads only frontal chest X-ray images \(modality CR, DX\)/],
      ['J2K_pixelrep_mismatch.dcm', /is a CT image/],
      ['MR_small.dcm', /is a MR image/],
      ['examples_overlay.dcm', /is a MR image/],
      ['ExplVR_BigEnd.dcm', /is a US image/],
      ['examples_rgb_color.dcm', /is a US image/],
      ['JPEG2000.dcm', /is a NM image/],
      ['JPGExtended.dcm', /is a NM image/],
      ['SC_rgb_rle.dcm', /is a OT image/],
      ['SC_rgb_jpeg_dcmtk.dcm', /is a OT image/],
      ['GDCMJ2K_TextGBR.dcm', /does not say its modality/],
    ];
    for (const [file, reason] of cases) {
      const o = await outcome(new Uint8Array(fs.readFileSync(path.join(dicomDir, file))), file, true);
      expect(o.result, file).toBe('modality');
      expect(o.message).toMatch(reason);
      expect(o.message).toMatch(/The image was not scored\.$/);
    }
  });

  it('scores a frontal chest DX of a 3-year-old; refuses a lateral view, another body part and an adult', async () => {
    const pixels = await greyPixels('val000_pneumonia.png');
    const chest = { modality: 'DX', bodyPart: 'CHEST', viewPosition: 'AP', patientAge: '003Y' };
    const ok = await inference.analyzeImage({ packId: 'pneumonia-xray', bytes: makeDicom(pixels, 28, 28, chest), fileName: 'chest.dcm' });
    expect(ok.labels[0]).toMatchObject({ name: 'pneumonia pattern', codes: [] });
    expect(ok.suitability).toMatchObject({ demo: true, ageYears: [1, 5], dicom: { modality: 'DX', bodyPart: 'CHEST', viewPosition: 'AP', ageYears: 3 } });
    expect(ok.suitability!.ood!.distance).toBeLessThan(ok.suitability!.ood!.threshold);
    expect(ok.modelInput).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(ok.modelInput!.pixels).toEqual(Array.from(pixels));
    expect((await outcome(makeDicom(pixels, 28, 28, { ...chest, viewPosition: 'LL' }), 'lateral.dcm')).result).toBe('view');
    expect((await outcome(makeDicom(pixels, 28, 28, { ...chest, bodyPart: 'ABDOMEN' }), 'abdomen.dcm')).result).toBe('body-part');
    const adult = await outcome(makeDicom(pixels, 28, 28, { ...chest, patientAge: '078Y' }), 'adult.dcm');
    expect(adult).toMatchObject({ result: 'age', message: expect.stringMatching(/is 78 years old; this model was trained on children aged 1–5 years/) });
    expect((await outcome(makeDicom(pixels, 28, 28, { ...chest, modality: 'MR' }), 'mr.dcm')).result).toBe('modality');
  });

  it('a PNG needs the clinician to confirm a frontal chest X-ray; a colour picture is refused', async () => {
    expect((await outcome(xray28('val000_pneumonia.png'), 'val000.png')).result).toBe('not-confirmed');
    expect((await outcome(xray28('val000_pneumonia.png'), 'val000.png', true)).result).toBe('scored');
    const grey = await greyPixels('val003_normal.png');
    const rgb = Buffer.alloc(28 * 28 * 3);
    grey.forEach((v, i) => rgb.set([v, Math.round(v * 0.6), 255 - v], i * 3));
    const colour = await sharp(rgb, { raw: { width: 28, height: 28, channels: 3 } }).png().toBuffer();
    expect((await outcome(colour, 'photo.png', true)).result).toBe('colour');
  });

  it('the out-of-distribution check refuses non-chest pictures confirmed as chest X-rays; the val examples pass', async (ctx) => {
    if (!dicomDir) return ctx.skip(SHARED_DATA_MISSING);
    // Greyscale non-chest images from the shared DICOM files, rendered as a PNG export would be.
    const files = ['CT_small.dcm', 'MR_small.dcm', 'examples_overlay.dcm', 'J2K_pixelrep_mismatch.dcm', 'JPEG2000.dcm', 'liver_1frame.dcm', 'rtdose_1frame.dcm', '693_J2KI.dcm'];
    const made: [string, Buffer][] = [];
    for (const f of files) made.push([f, await renderPreview(await decodeImage(new Uint8Array(fs.readFileSync(path.join(dicomDir, f))), f))]);
    // Pictures made here: flat grey, noise, a gradient, a checkerboard.
    const synth = (name: string, fn: (x: number, y: number) => number): [string, Promise<Buffer>] => {
      const b = Buffer.alloc(64 * 64);
      for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) b[y * 64 + x] = Math.max(0, Math.min(255, Math.round(fn(x, y))));
      return [name, sharp(b, { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer()];
    };
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 255;
    for (const [n, p] of [synth('grey.png', () => 128), synth('noise.png', rand), synth('gradient.png', (x) => x * 4), synth('checker.png', (x, y) => (((x >> 3) + (y >> 3)) % 2 ? 230 : 20))]) made.push([n, await p]);
    const outcomes: Record<string, string> = {};
    for (const [name, png] of made) outcomes[name] = (await outcome(png, name, true)).result;
    const refused = Object.values(outcomes).filter((o) => o === 'out-of-distribution').length;
    console.log(`OOD refusals of non-chest pictures: ${refused}/${made.length}`, outcomes);
    expect(refused / made.length).toBeGreaterThanOrEqual(0.75);
    for (const f of ['val000_pneumonia.png', 'val001_pneumonia.png', 'val003_normal.png', 'val007_normal.png']) expect((await outcome(xray28(f), f, true)).result, f).toBe('scored');
  });
});
