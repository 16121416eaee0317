/** OCR for printed text with PaddleOCR v4 models: pure pipeline pieces and the page orchestrator. */
export type { OcrLine, OcrModel, OcrModels, OcrResult, OcrTensor, OcrTimings, Point, Quad, RgbImage } from './types';
export { charsetFromKeys } from './charset';
export { ctcGreedyDecode, type CtcDecoded } from './ctc';
export { decodePage, MAX_PAGE_PIXELS } from './image';
export { detPreprocess, detPreprocessPage, detTargetSize, rgbToDetTensor, DEFAULT_DET_PREPROCESS, type DetInput, type DetPreprocessOptions } from './detPreprocess';
export { dbPostprocess, DEFAULT_DB, type DbOptions, type DetectedBox } from './dbPostprocess';
export { cropQuad, rotate180 } from './crop';
export { linesToTensor, REC_HEIGHT } from './recPreprocess';
export { runOcr, recognise, classifyUpsideDown, sortReadingOrder, DEFAULT_OCR_OPTIONS, type OcrOptions } from './runOcr';
export { ocrModelFromSession, type OrtSessionLike, type OrtTensorConstructor } from './ortAdapter';
