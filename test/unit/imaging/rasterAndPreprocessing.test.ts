import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  type DecodedImage,
  ImagingError,
  applyWindow,
  decodeImage,
  detectImageKind,
  renderPreview,
  toModelTensor,
} from '../../../electron/services/imaging';
import { dicomFile, haveDicom } from './sharedDicom';

/** A 16×8 horizontal grey ramp: pixel (x, y) = 16·x. */
function greyRamp(): Uint8Array {
  const px = new Uint8Array(16 * 8);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 16; x++) px[y * 16 + x] = x * 16;
  return px;
}

function syntheticImage(overrides: Partial<DecodedImage>): DecodedImage {
  return {
    source: 'dicom',
    fileName: 'synthetic.dcm',
    width: 2,
    height: 2,
    samplesPerPixel: 1,
    bitsStored: 16,
    photometric: 'MONOCHROME2',
    invert: false,
    pixels: Float32Array.from([0, 100, 200, 300]),
    range: { min: 0, max: 300 },
    window: { center: 150, width: 300 },
    windowFromFile: true,
    frameCount: 1,
    ...overrides,
  };
}

describe('PNG and JPEG through sharp', () => {
  it('decodes a greyscale PNG exactly', async () => {
    const png = await sharp(greyRamp(), { raw: { width: 16, height: 8, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    const img = await decodeImage(png, 'ramp.png');
    expect([img.source, img.width, img.height, img.samplesPerPixel, img.photometric]).toEqual(['png', 16, 8, 1, 'MONOCHROME2']);
    expect(Array.from(img.pixels)).toEqual(Array.from(greyRamp()));
  });

  it('decodes an RGB JPEG close to its source colours', async () => {
    const rgb = new Uint8Array(32 * 32 * 3).map((_, i) => [200, 40, 90][i % 3] as number);
    const jpeg = await sharp(rgb, { raw: { width: 32, height: 32, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
    const img = await decodeImage(jpeg, 'photo.jpg');
    expect([img.source, img.samplesPerPixel]).toEqual(['jpeg', 3]);
    const [r, g, b] = Array.from(img.pixels.slice(0, 3));
    expect(Math.abs((r as number) - 200) + Math.abs((g as number) - 40) + Math.abs((b as number) - 90)).toBeLessThan(12);
  });

  it('flattens PNG transparency onto black', async () => {
    const rgba = Uint8Array.from([255, 255, 255, 0, 255, 255, 255, 255]);
    const png = await sharp(rgba, { raw: { width: 2, height: 1, channels: 4 } }).png().toBuffer();
    const img = await decodeImage(png, 'alpha.png');
    expect(Array.from(img.pixels)).toEqual([0, 0, 0, 255, 255, 255]);
  });

  it('says plainly when a file is not an image', async () => {
    const err = await decodeImage(Buffer.from('Patient letter, not an image'), 'letter.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImagingError);
    expect((err as ImagingError).failure).toBe('not-an-image');
    expect((err as ImagingError).userMessage).toContain('"letter.txt"');
  });

  it('says plainly when a PNG is cut off', async () => {
    const png = await sharp(greyRamp(), { raw: { width: 16, height: 8, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    const err = await decodeImage(png.subarray(0, 40), 'cut.png').catch((e: unknown) => e);
    expect((err as ImagingError).failure).toBe('not-an-image');
    expect((err as ImagingError).userMessage).toContain('damaged or incomplete');
  });

  it('detects kinds by content, not name', () => {
    expect(detectImageKind(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'x.dcm')).toBe('png');
    expect(detectImageKind(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]), 'x.png')).toBe('jpeg');
    expect(detectImageKind(new Uint8Array(200), 'notes.txt')).toBeUndefined();
  });
});

describe('window, preview and model tensor', () => {
  it('windows linearly and inverts MONOCHROME1', () => {
    expect(Array.from(applyWindow(syntheticImage({})))).toEqual([0, 85, 170, 255]);
    expect(Array.from(applyWindow(syntheticImage({ invert: true })))).toEqual([255, 170, 85, 0]);
    expect(Array.from(applyWindow(syntheticImage({}), { center: 125, width: 250 }))).toEqual([0, 102, 204, 255]);
  });

  it('normalises (x/255 − mean)/std into NCHW, replicating grey into 3 channels', async () => {
    const flat = syntheticImage({ pixels: Float32Array.from([300, 300, 300, 300]) }); // windows to 255
    const t = await toModelTensor(flat, { width: 4, height: 3, channels: 3, mean: [0.5, 0, 1], std: [0.5, 1, 2] });
    expect(t.dims).toEqual([1, 3, 3, 4]);
    const plane = 12;
    expect(t.data[0]).toBeCloseTo(1); // (1 − 0.5)/0.5
    expect(t.data[plane]).toBeCloseTo(1); // (1 − 0)/1
    expect(t.data[2 * plane]).toBeCloseTo(0); // (1 − 1)/2
  });

  it('resizes a ramp to the model size, keeping its order', async () => {
    const png = await sharp(greyRamp(), { raw: { width: 16, height: 8, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    const img = await decodeImage(png, 'ramp.png');
    const t = await toModelTensor(img, { width: 8, height: 4, channels: 1, mean: [0], std: [1] });
    expect(t.dims).toEqual([1, 1, 4, 8]);
    const row = Array.from(t.data.slice(0, 8));
    expect(row).toEqual([...row].sort((a, b) => a - b));
    expect(row[0]).toBeLessThan(0.1);
    expect(row[7]).toBeGreaterThan(0.85);
  });

  it.skipIf(!haveDicom)('uses the DICOM window for the model tensor and for the preview', async () => {
    const mr = await decodeImage(dicomFile('MR_small.dcm'), 'MR_small.dcm');
    const t = await toModelTensor(mr, { width: 64, height: 64, channels: 1, mean: [0], std: [1] });
    const windowed = applyWindow(mr);
    for (const i of [0, 100, 2000, 4095]) expect(t.data[i]).toBeCloseTo((windowed[i] as number) / 255, 1);
    const png = await renderPreview(mr);
    expect((await sharp(png).metadata()).channels).toBe(1);
    const back = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([back.info.width, back.info.height]).toEqual([64, 64]);
    expect(Array.from(back.data)).toEqual(Array.from(windowed));
    const narrow = await sharp(await renderPreview(mr, { center: 600, width: 10 })).extractChannel(0).raw().toBuffer();
    expect(new Set(narrow).size).toBeLessThan(new Set(back.data).size);
  });

  it.skipIf(!haveDicom)('turns RGB DICOM into a 1-channel tensor for greyscale models', async () => {
    const rgb = await decodeImage(dicomFile('SC_rgb_rle.dcm'), 'SC_rgb_rle.dcm');
    const t = await toModelTensor(rgb, { width: 28, height: 28, channels: 1, mean: [0.5], std: [0.5] });
    expect(t.dims).toEqual([1, 1, 28, 28]);
    expect(t.data.every((v) => v >= -1 && v <= 1)).toBe(true);
  });
});
