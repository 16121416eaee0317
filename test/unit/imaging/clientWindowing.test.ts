/**
 * imaging.pixels and the viewer's client-side window: the values the main side sends (packed,
 * raw-DEFLATE) come back equal to the decoded modality values, and the viewer's window over them
 * gives the same grey levels as the main side's applyWindow (the PNG preview's mapping).
 */
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../electron/services/imaging';
import { applyWindow } from '../../../electron/services/imaging/windowLevel';
import { imagingHandlers } from '../../../electron/ipc/handlers/imaging';
import { inflateValues, windowToRgba } from '../../../renderer/src/features/images/modalityWindow';
import { dicomFile, haveDicom } from './sharedDicom';

describe.skipIf(!haveDicom)('client-side window/level over imaging.pixels', () => {
  it.each([
    ['CT_small.dcm', 0, { center: 40, width: 400 }], // int16 Hounsfield units
    ['rtdose.dcm', 4, { center: 5e6, width: 1e7 }], // 32-bit doses: float32
    ['SC_rgb_rle_2frame.dcm', 1, { center: 100, width: 120 }], // RGB, second frame
  ])('%s frame %i: values round-trip and the window matches the main side', async (name, frame, window) => {
    const bytes = dicomFile(name);
    const image = await decodeImage(bytes, name, { frame });
    const sent = await imagingHandlers().pixels({ bytesBase64: bytes.toString('base64'), fileName: name, frame }, { transport: 'cli', senderUrl: 'test' });
    expect([sent.width, sent.height, sent.frameIndex, sent.frameCount]).toEqual([image.width, image.height, frame, image.frameCount]);
    const values = await inflateValues(sent);
    expect(Array.from(values)).toEqual(Array.from(image.pixels));

    const rgba = windowToRgba({ width: sent.width, height: sent.height, samplesPerPixel: sent.samplesPerPixel, invert: sent.invert, values }, window);
    const server = applyWindow(image, window);
    const spp = image.samplesPerPixel;
    for (let p = 0; p < image.width * image.height; p++) {
      for (let c = 0; c < 3; c++) expect(rgba[p * 4 + c]).toBe(server[p * spp + (spp === 1 ? 0 : c)]);
    }
  });
});
