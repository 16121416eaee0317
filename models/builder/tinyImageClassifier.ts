import { OnnxGraphBuilder, int } from './onnxGraph';

/** Labels of the tiny chest X-ray classifier, in logit order. */
export const TINY_IMAGE_LABELS = ['normal', 'pneumonia'] as const;
/** Gemm weights: logit_l = mean(pixels) · WEIGHTS[l] + BIASES[l]. */
export const TINY_IMAGE_WEIGHTS = [-4, 4] as const;
/** Gemm biases, see TINY_IMAGE_WEIGHTS. */
export const TINY_IMAGE_BIASES = [2, -2] as const;

/**
 * A classifier whose logits can be computed by hand: `input` [N,1,H,W] → GlobalAveragePool
 * → Flatten → Gemm → `logits` [N,2], so logits = mean·w + b (pneumonia wins when mean > 0.5).
 */
export function buildTinyImageClassifier(): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder('tiny_image_classifier');
  const input = g.input('input', 'float32', ['batch', 1, 'height', 'width']);
  const pooled = g.op('Flatten', [g.op('GlobalAveragePool', [input])], { axis: int(1) });
  const weight = g.float32('classifier.weight', [2, 1], Float32Array.from(TINY_IMAGE_WEIGHTS));
  const bias = g.float32('classifier.bias', [2], Float32Array.from(TINY_IMAGE_BIASES));
  g.op('Gemm', [pooled, weight, bias], { transB: int(1) }, 'logits');
  g.output('logits', 'float32', ['batch', 2]);
  return g;
}

/** The logits the tiny image classifier must produce for one image, computed in plain JS. */
export function tinyImageLogits(pixels: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) sum += pixels[i] as number;
  const mean = sum / pixels.length;
  return TINY_IMAGE_WEIGHTS.map((w, l) => mean * w + (TINY_IMAGE_BIASES[l] as number));
}
