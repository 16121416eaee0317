import { describe, expect, it } from 'vitest';
import { BedsideError } from '../../../electron/services/errors';
import { type DecodedImage, ImagingError, decodeImage } from '../../../electron/services/imaging';
import { dicomFile, haveDicom } from './sharedDicom';

const decode = (name: string): Promise<DecodedImage> => decodeImage(dicomFile(name), name);

function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return s / a.length;
}

describe.skipIf(!haveDicom)('DICOM decoding (pydicom test files)', () => {
  it('reads CT_small: 128×128 signed 16-bit with the rescale intercept applied', async () => {
    const ct = await decode('CT_small.dcm');
    expect([ct.width, ct.height, ct.samplesPerPixel, ct.bitsStored]).toEqual([128, 128, 1, 16]);
    // pydicom's own test: pixel_array[0][:3] == [175, 180, 166]; RescaleIntercept −1024 → HU.
    expect(Array.from(ct.pixels.slice(0, 3))).toEqual([175 - 1024, 180 - 1024, 166 - 1024]);
    expect(ct.modality).toBe('CT');
    expect(ct.windowFromFile).toBe(false);
  });

  it('reads the window centre/width from MR_small', async () => {
    const mr = await decode('MR_small.dcm');
    expect(mr.window).toEqual({ center: 600, width: 1600 });
    expect(mr.windowFromFile).toBe(true);
    expect(mr.photometric).toBe('MONOCHROME2');
  });

  it.each([
    'MR_small_implicit.dcm',
    'MR_small_bigendian.dcm',
    'MR_small_expb.dcm',
    'MR_small_padded.dcm',
    'MR_small_RLE.dcm',
    'MR_small_jpeg_ls_lossless.dcm',
    'MR_small_jp2klossless.dcm',
  ])('%s decodes to exactly the pixels of MR_small.dcm', async (name) => {
    const [reference, variant] = await Promise.all([decode('MR_small.dcm'), decode(name)]);
    expect([variant.width, variant.height]).toEqual([64, 64]);
    expect(meanAbsDiff(variant.pixels, reference.pixels)).toBe(0);
  });

  it('reads a file with no preamble or meta header (no_meta.dcm = CT_small.dcm)', async () => {
    const [reference, bare] = await Promise.all([decode('CT_small.dcm'), decode('no_meta.dcm')]);
    expect(meanAbsDiff(bare.pixels, reference.pixels)).toBe(0);
  });

  it('inflates deflated files (image_dfl.dcm)', async () => {
    const img = await decode('image_dfl.dcm');
    expect([img.width, img.height, img.bitsStored, img.transferSyntax]).toEqual([512, 512, 8, '1.2.840.10008.1.2.1.99']);
    expect(Math.max(...img.pixels.slice(0, 4096))).toBeGreaterThan(0);
  });

  it.each([
    ['SC_rgb_jpeg_gdcm.dcm', 0], // JPEG lossless
    ['SC_rgb_gdcm_KY.dcm', 0], // JPEG 2000
    ['SC_rgb_dcmtk_+eb+cr.dcm', 2], // JPEG baseline, RGB
    ['SC_rgb_dcmtk_+eb+cy+n1.dcm', 4], // JPEG baseline, YBR_FULL, lowest quality
    ['SC_rgb_dcmtk_+eb+cy+s2.dcm', 2], // JPEG baseline, YBR_FULL_422
    ['SC_ybr_full_422_uncompressed.dcm', 2], // uncompressed YBR_FULL_422
    ['SC_rgb_jls_lossy_line.dcm', 2], // JPEG-LS near-lossless
  ])('%s decodes to the RGB of SC_rgb_rle.dcm (mean error ≤ %i)', async (name, tolerance) => {
    const [reference, variant] = await Promise.all([decode('SC_rgb_rle.dcm'), decode(name)]);
    expect(variant.samplesPerPixel).toBe(3);
    expect(meanAbsDiff(variant.pixels, reference.pixels)).toBeLessThanOrEqual(tolerance);
    expect(Array.from(reference.pixels.slice(0, 3))).toEqual([255, 0, 0]); // the test image's red band
  });

  it('un-swaps 8-bit RGB stored as OW in a big-endian file', async () => {
    const [little, big] = await Promise.all([decode('SC_rgb_small_odd.dcm'), decode('SC_rgb_small_odd_big_endian.dcm')]);
    expect(Array.from(big.pixels)).toEqual(Array.from(little.pixels));
  });

  it('decodes the first frame of multi-frame files by default, and says how many there are', async () => {
    const img = await decode('SC_rgb_rle_2frame.dcm');
    expect(img.frameCount).toBe(2);
    expect(img.frameIndex).toBe(0);
    expect(img.pixels.length).toBe(100 * 100 * 3);
  });

  it('reaches every frame, and refuses one past the last with the frame count', async () => {
    const bytes = dicomFile('SC_rgb_rle_2frame.dcm');
    const second = await decodeImage(bytes, 'two.dcm', { frame: 1 });
    expect(second.frameIndex).toBe(1);
    // pydicom's test: frame 2 is frame 1 with every value inverted (255 − v).
    const first = await decodeImage(bytes, 'two.dcm');
    expect(Array.from(second.pixels.slice(0, 3))).toEqual(Array.from(first.pixels.slice(0, 3)).map((v) => 255 - v));
    await expect(decodeImage(bytes, 'two.dcm', { frame: 2 })).rejects.toMatchObject({ failure: 'dicom-no-such-frame' });
  });

  it('inflates a deflated file passed as a plain Uint8Array', async () => {
    const b = dicomFile('image_dfl.dcm');
    const img = await decodeImage(new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)), 'image_dfl.dcm');
    expect(img.transferSyntax).toBe('1.2.840.10008.1.2.1.99');
  });

  it('maps palette colour through its tables', async () => {
    const img = await decode('examples_palette.dcm');
    expect(img.samplesPerPixel).toBe(3);
    expect(img.photometric).toBe('PALETTE COLOR');
  });
});

async function failure(name: string, bytes: Buffer = dicomFile(name)): Promise<ImagingError> {
  try {
    await decodeImage(bytes, name);
  } catch (e) {
    expect(e).toBeInstanceOf(ImagingError);
    expect(e).toBeInstanceOf(BedsideError);
    const err = e as ImagingError;
    expect(err.userMessage).toContain(`"${name}"`);
    expect(err.userMessage).toContain('Nothing was imported');
    return err;
  }
  throw new Error(`${name} decoded without error`);
}

describe.skipIf(!haveDicom)('DICOM files Bedside refuses, with a message for the clinician', () => {
  it.each(['MR_truncated.dcm', 'rtplan_truncated.dcm'])('%s is reported as incomplete', async (name) => {
    const err = await failure(name);
    expect([err.code, err.failure]).toEqual(['corrupt', 'dicom-truncated']);
    expect(err.userMessage).toMatch(/incomplete/);
  });

  it.each([
    ['rtplan.dcm', 'radiotherapy plan'],
    ['reportsi.dcm', 'structured report'],
    ['waveform_ecg.dcm', 'ECG'],
  ])('%s is reported as holding no image (%s)', async (name, what) => {
    const err = await failure(name);
    expect(err.failure).toBe('dicom-no-pixel-data');
    expect(err.userMessage).toContain(what);
  });

  it('names the transfer syntax it cannot read', async () => {
    // MR_small_RLE.dcm with its transfer syntax UID changed to an unknown one of equal length.
    const bytes = Buffer.from(dicomFile('MR_small_RLE.dcm'));
    const at = bytes.indexOf('1.2.840.10008.1.2.5');
    bytes.write('1.2.840.10008.1.2.9', at, 'latin1');
    const err = await failure('MR_small_RLE.dcm', bytes);
    expect(err.failure).toBe('dicom-unsupported-transfer-syntax');
    expect(err.userMessage).toContain('1.2.840.10008.1.2.9');
    expect(err.userMessage).toContain('Export it uncompressed from the PACS');
  });

  it('reports damaged compressed data', async () => {
    const err = await failure('JPEG2000-embedded-sequence-delimiter.dcm');
    expect(err.failure).toBe('dicom-pixel-data-damaged');
  });

  it('reports a DICOM file cut off inside its pixel data', async () => {
    const full = dicomFile('MR_small.dcm');
    const err = await failure('MR_small.dcm', full.subarray(0, full.length - 1000));
    expect(['dicom-truncated', 'dicom-pixel-data-damaged']).toContain(err.failure);
  });
});
