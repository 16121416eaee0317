/**
 * Every file in ../shared/data/dicom either decodes to what dcmtk (GDCM for JPEG 2000) decodes,
 * within 0.5 modality units, or is refused with a message that names the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DecodedImage, ImagingError, decodeImage } from '../../../electron/services/imaging';
import { DCMTK_MISSING, haveDcmtk, maxAbsDiff, referenceDecode } from './dcmtkReference';
import { dicomDir, haveDicom } from './sharedDicom';

if (!haveDcmtk) console.warn(`Skipping the dcmtk comparison of the shared DICOM files: ${DCMTK_MISSING}.`);

/** Refusals and the words their message must contain. */
const REASON_WORDS: Record<string, RegExp> = {
  'dicom-no-pixel-data': /holds no image/,
  'dicom-truncated': /incomplete or damaged/,
  'dicom-pixel-data-damaged': /damaged/,
  'dicom-unsupported-transfer-syntax': /cannot read/,
  'dicom-unsupported-pixel-format': /cannot display/,
};

/**
 * Files where dcmtk is not the reference, and why:
 * - rtdose_expb*.dcm: 32-bit samples in a big-endian OW element; dcmtk swaps them as 16-bit words,
 *   pydicom and Bedside as 32-bit values; they equal the little-endian twin rtdose*.dcm exactly.
 * - no_meta.dcm: a bare data set after a stray byte, which dcmtk does not read; it is CT_small.dcm.
 * - YBR_FULL / YBR_FULL_422 colour: Bedside's YBR → RGB rounds where dcmtk truncates (±1 of 255).
 */
const TWIN: Record<string, string> = { 'rtdose_expb.dcm': 'rtdose.dcm', 'rtdose_expb_1frame.dcm': 'rtdose_1frame.dcm', 'no_meta.dcm': 'CT_small.dcm' };

const files = haveDicom ? fs.readdirSync(dicomDir).filter((f) => f.endsWith('.dcm')).sort() : [];

/** Colour of more than 8 bits: dcmtk's PPM is 8-bit, so compare the top 8 bits. */
function asReferenceScale(img: DecodedImage): ArrayLike<number> {
  if (img.samplesPerPixel !== 3 || img.bitsStored <= 8 || img.photometric === 'PALETTE COLOR') return img.pixels;
  const shift = 2 ** (img.bitsStored - 8);
  return Float64Array.from(img.pixels, (v) => Math.floor(v / shift));
}

describe.skipIf(!haveDicom || !haveDcmtk)('shared DICOM files against dcmtk', () => {
  it.each(files)('%s matches dcmtk or is refused with its reason', async (name) => {
    const file = path.join(dicomDir, name);
    let img: DecodedImage;
    try {
      img = await decodeImage(fs.readFileSync(file), name);
    } catch (e) {
      expect(e).toBeInstanceOf(ImagingError);
      const err = e as ImagingError;
      expect(Object.keys(REASON_WORDS)).toContain(err.failure);
      expect(err.userMessage).toMatch(REASON_WORDS[err.failure]!);
      expect(err.userMessage).toContain(name);
      return;
    }
    const twin = TWIN[name];
    if (twin) {
      const reference = await decodeImage(fs.readFileSync(path.join(dicomDir, twin)), twin);
      expect(maxAbsDiff(img.pixels, reference.pixels)).toBe(0);
      return;
    }
    const ref = referenceDecode(file);
    expect(ref, `no reference decoder for ${name}`).toBeDefined();
    expect([img.height, img.width, img.samplesPerPixel]).toEqual([ref!.rows, ref!.columns, ref!.samplesPerPixel]);
    const colourConverted = img.samplesPerPixel === 3 && (img.bitsStored > 8 || img.photometric.startsWith('YBR_FULL'));
    const tolerance = colourConverted ? 1 : 0.5;
    expect(maxAbsDiff(asReferenceScale(img), ref!.values)).toBeLessThanOrEqual(tolerance);
  });
});
