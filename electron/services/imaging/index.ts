// Public surface of image decoding and preprocessing (plain Node; no Electron).
export { decodeImage, detectImageKind } from './decodeImage';
export { ImagingError, type ImagingFailure } from './imagingError';
export { renderPreview } from './renderPreview';
export { normalisationTable, toModelTensor } from './toModelTensor';
export type { DecodeOptions, DecodedImage, ImageSource, LookupTable, ModelImageSpec, ModelTensor, WindowLevel } from './types';
export { applyWindow } from './windowLevel';
