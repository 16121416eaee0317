/**
 * Adapts an ONNX Runtime session to the pipeline's `OcrModel` without importing ONNX Runtime
 * here (the inference host owns it): pass the session and the runtime's `Tensor` class.
 */
import type { OcrModel } from './types';

/** The part of onnxruntime's InferenceSession the adapter uses. */
export interface OrtSessionLike<T> {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, T>): Promise<Record<string, { data: unknown; dims: readonly number[] }>>;
}

/** The part of onnxruntime's Tensor constructor the adapter uses. */
export type OrtTensorConstructor<T> = new (type: 'float32', data: Float32Array, dims: readonly number[]) => T;

/** Wraps a single-input, single-output float32 session as an `OcrModel`. */
export function ocrModelFromSession<T>(session: OrtSessionLike<T>, Tensor: OrtTensorConstructor<T>): OcrModel {
  const input = session.inputNames[0];
  const output = session.outputNames[0];
  if (input === undefined || output === undefined) throw new Error('OCR model session has no input or output');
  return async (x) => {
    const result = await session.run({ [input]: new Tensor('float32', x.data, x.dims) });
    const y = result[output];
    if (!y || !(y.data instanceof Float32Array)) throw new Error(`OCR model output ${output} is not float32`);
    return { data: y.data, dims: [...y.dims] };
  };
}
