/**
 * Shapes shared by the OCR pipeline. The pipeline never imports ONNX Runtime: a model is a
 * plain async function from one float32 tensor to another, so the inference host (or a test)
 * decides where and how the graph runs.
 */

/** A point in image pixels, x to the right, y down. */
export type Point = [number, number];
/** Four corners of a text region: top-left, top-right, bottom-right, bottom-left (reading order). */
export type Quad = [Point, Point, Point, Point];

/** A dense float32 tensor in row-major (NCHW) order. */
export interface OcrTensor {
  data: Float32Array;
  dims: readonly number[];
}

/** One graph with one input and one output, run somewhere (in-process session, child process…). */
export type OcrModel = (input: OcrTensor) => Promise<OcrTensor>;

/** The models and dictionary an OCR pack provides. */
export interface OcrModels {
  /** Text detection (DB): x [N,3,H,W] → probabilities [N,1,H,W]. */
  det: OcrModel;
  /** Text recognition (CTC): x [N,3,48,W] → per-step class probabilities [N,T,C]. */
  rec: OcrModel;
  /** Optional text-direction classifier: x [N,3,48,192] → [N,2] (0°, 180°). */
  cls?: OcrModel;
  /** CTC alphabet: index 0 is the blank, then the dictionary, then the space (see `charsetFromKeys`). */
  charset: readonly string[];
}

/** One recognised line of text. */
export interface OcrLine {
  text: string;
  /** Mean probability of the characters read, 0–1. */
  confidence: number;
  /** The line's corners in original image pixels (after EXIF orientation). */
  box: Quad;
}

/** Milliseconds spent in each stage of one page. */
export interface OcrTimings {
  decodeMs: number;
  detMs: number;
  postprocessMs: number;
  cropMs: number;
  clsMs: number;
  recMs: number;
  totalMs: number;
}

/** Everything `runOcr` returns for one page. */
export interface OcrResult {
  lines: OcrLine[];
  /** Size of the image the boxes refer to. */
  width: number;
  height: number;
  timings: OcrTimings;
}

/** An RGB image as interleaved 8-bit pixels. */
export interface RgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}
