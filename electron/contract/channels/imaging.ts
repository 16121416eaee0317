/** Imaging channels: a viewable PNG of an image file (DICOM above all), windowed on the main side. */
import { z } from 'zod';
import { channel } from '../define';
import { MAX_IMAGE_BYTES } from './inference';

/** A window (VOI) in the image's own units: centre and width (DICOM 0028,1050/1051). */
export const windowLevelSchema = z.strictObject({
  center: z.number().finite().min(-1e7).max(1e7),
  width: z.number().finite().min(1e-6).max(1e7),
});
export type WindowLevelInput = z.infer<typeof windowLevelSchema>;

export const imagePreviewSchema = z.object({
  /** The rendered PNG (8-bit, greyscale or RGB), base64. */
  pngBase64: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  source: z.enum(['dicom', 'png', 'jpeg']),
  modality: z.string().optional(),
  /** The window this PNG was rendered with. */
  window: z.object({ center: z.number(), width: z.number() }),
  /** The image's own window: the file's VOI when it has one (windowFromFile), else the pixel range. */
  defaultWindow: z.object({ center: z.number(), width: z.number() }),
  windowFromFile: z.boolean(),
  /** Smallest and largest stored value (modality units), the bounds of the window sliders. */
  range: z.object({ min: z.number(), max: z.number() }),
  /** Frames in the file and the one rendered (0-based). */
  frameCount: z.number().int().optional(),
  frameIndex: z.number().int().optional(),
});
export type ImagePreview = z.infer<typeof imagePreviewSchema>;

/** 0-based frame of a multi-frame file (at most DICOM's 2^31 − 1 frames; the decoder refuses frames past the last). */
const frameSchema = z.number().int().min(0).max(2 ** 31 - 1);

export const imagePixelsSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  samplesPerPixel: z.union([z.literal(1), z.literal(3)]),
  source: z.enum(['dicom', 'png', 'jpeg']),
  modality: z.string().optional(),
  photometric: z.string(),
  /** MONOCHROME1: low values are white. */
  invert: z.boolean(),
  frameCount: z.number().int(),
  frameIndex: z.number().int(),
  /** The image's own window (the file's VOI, else the value range) and whether it came from the file. */
  defaultWindow: z.object({ center: z.number(), width: z.number() }),
  windowFromFile: z.boolean(),
  range: z.object({ min: z.number(), max: z.number() }),
  /**
   * The file's VOI LUT (0028,3010; PS3.3 C.11.2.1.1) when it gives one instead of a window: shown
   * while the window is `defaultWindow`. Entry i is the output for value first + i, out of 2^bits − 1.
   */
  voiLut: z.object({ first: z.number().int(), bits: z.number().int().min(1).max(16), data: z.array(z.number()).max(65536) }).optional(),
  /**
   * The frame's values (modality units for greyscale; RGB interleaved for colour), little-endian,
   * compressed with raw DEFLATE (RFC 1951), base64: int16 when every value is a whole number
   * that fits, else float32.
   */
  valuesBase64: z.string(),
  valueType: z.enum(['int16', 'float32']),
});
export type ImagePixels = z.infer<typeof imagePixelsSchema>;

export const imagingChannels = {
  preview: channel({
    summary: 'Renders an image file (DICOM, PNG or JPEG) as a PNG for the viewer, with an optional window/level',
    maxRequestBytes: Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024,
    input: z.strictObject({
      /** The file's bytes in base64. */
      bytesBase64: z.string().min(1).max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4),
      fileName: z.string().max(255).default('image'),
      /** Window in modality units (CT: Hounsfield); absent: the image's own. */
      window: windowLevelSchema.optional(),
      frame: frameSchema.optional(),
    }),
    output: imagePreviewSchema,
  }),
  pixels: channel({
    summary: 'Decodes one frame of an image file to its modality values, compressed, so that the viewer windows it without asking again',
    maxRequestBytes: Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024,
    input: z.strictObject({
      bytesBase64: z.string().min(1).max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4),
      fileName: z.string().max(255).default('image'),
      frame: frameSchema.optional(),
    }),
    output: imagePixelsSchema,
  }),
};
