/** A window (VOI) in the image's own units: centre and width, as DICOM (0028,1050/1051) gives them. */
export interface WindowLevel {
  readonly center: number;
  readonly width: number;
}

/** A Modality or VOI lookup table (PS3.3 C.11.1/C.11.2): entry i is the output for input first + i. */
export interface LookupTable {
  readonly first: number;
  /** Bits per output entry (LUT Descriptor value 3). */
  readonly bits: number;
  readonly data: Float32Array;
  readonly explanation?: string;
}

/** Where the image came from. */
export type ImageSource = 'dicom' | 'png' | 'jpeg';

/**
 * One decoded frame (the first unless another was asked for). `pixels` holds `samplesPerPixel`
 * interleaved samples per pixel: greyscale values in modality units (CT: Hounsfield, after the
 * Modality LUT or RescaleSlope/RescaleIntercept), or RGB 0..2^bits−1 (YBR and palette already
 * converted to RGB).
 */
export interface DecodedImage {
  readonly source: ImageSource;
  readonly fileName: string;
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: 1 | 3;
  readonly bitsStored: number;
  /** Photometric interpretation as stored in the file (PNG/JPEG: MONOCHROME2 or RGB). */
  readonly photometric: string;
  /** True for MONOCHROME1, where low values are white: display and model input invert it. */
  readonly invert: boolean;
  readonly pixels: Float32Array;
  /** The window stored in the file, or one spanning the pixel range when it has none. */
  readonly window: WindowLevel;
  /** Whether `window` came from the file (DICOM VOI) rather than the pixel range. */
  readonly windowFromFile: boolean;
  readonly frameCount: number;
  /** DICOM transfer syntax UID, when a DICOM file. */
  readonly transferSyntax?: string;
  readonly modality?: string;
  /** Which frame `pixels` holds (0-based); absent means 0. */
  readonly frameIndex?: number;
  /** The VOI LUT from the file (0028,3010), shown instead of `window` when the file's own VOI is used. */
  readonly voiLut?: LookupTable;
  /** The modality values the stored bits can express (BitsStored, PixelRepresentation, modality transform). */
  readonly valueRange?: { readonly min: number; readonly max: number };
  /** The smallest and largest value in `pixels` (found while decoding; the viewer's slider bounds). */
  readonly range: { readonly min: number; readonly max: number };
  /** Stored samples are signed (PixelRepresentation 1). */
  readonly signed?: boolean;
}

/** Options for decoding: which frame of a multi-frame file. */
export interface DecodeOptions {
  /** 0-based frame index; default 0. */
  readonly frame?: number;
}

/** How a model wants its image: size, channels and per-channel normalisation. */
export interface ModelImageSpec {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  /** Per channel (or one value for all), applied as (x/255 − mean) / std. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Window to apply instead of the image's own (DICOM only meaningfully). */
  readonly window?: WindowLevel;
}

/** A model input tensor in NCHW order, batch of one. */
export interface ModelTensor {
  readonly data: Float32Array;
  readonly dims: readonly [1, number, number, number];
}
