import { OnnxGraphBuilder, float, int, ints } from './onnxGraph';
import { filled, seededUniform } from './seededWeights';

/** Shape of a DenseNet (Huang et al. 2017, Table 1), torchvision's parameter names in mind. */
export interface DenseNetShape {
  readonly blocks: readonly number[];
  readonly growthRate: number;
  readonly initFeatures: number;
  readonly bottleneckWidth: number;
  readonly numClasses: number;
  readonly channels: number;
  readonly imageSize: number;
  readonly seed: number;
}

/** DenseNet-121: blocks 6/12/24/16, growth 32, 64 initial features, 224×224 RGB, 14 labels (CheXNet-style). */
export const DENSENET_121: DenseNetShape = {
  blocks: [6, 12, 24, 16],
  growthRate: 32,
  initFeatures: 64,
  bottleneckWidth: 4,
  numClasses: 14,
  channels: 3,
  imageSize: 224,
  seed: 20240612,
};

const BN_EPS = 1e-5;

/**
 * Builds a DenseNet graph: input `input` [N, C, size, size] float32 → `logits` [N, classes].
 * BatchNormalization stays a separate node (as an unfused export has it); ORT fuses it.
 */
export function buildDenseNetGraph(shape: DenseNetShape): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder('densenet');
  const input = g.input('input', 'float32', ['batch', shape.channels, shape.imageSize, shape.imageSize]);
  // He initialisation keeps activations finite through 121 layers of random weights.
  const conv = (x: string, name: string, inC: number, outC: number, k: number, stride: number, pad: number): string => {
    const fanIn = inC * k * k;
    const weight = g.lazyFloat32(`${name}.weight`, [outC, inC, k, k], () =>
      seededUniform(shape.seed, name, outC * fanIn, Math.sqrt(2 / fanIn)),
    );
    return g.op('Conv', [x, weight], {
      kernel_shape: ints([k, k]),
      strides: ints([stride, stride]),
      pads: ints([pad, pad, pad, pad]),
    });
  };
  const batchNorm = (x: string, name: string, c: number): string =>
    g.op(
      'BatchNormalization',
      [
        x,
        g.lazyFloat32(`${name}.weight`, [c], () => filled(c, 1)),
        g.lazyFloat32(`${name}.bias`, [c], () => seededUniform(shape.seed, `${name}.bias`, c, 0.01)),
        g.lazyFloat32(`${name}.running_mean`, [c], () => filled(c, 0)),
        g.lazyFloat32(`${name}.running_var`, [c], () => filled(c, 1)),
      ],
      { epsilon: float(BN_EPS) },
    );
  const bnRelu = (x: string, name: string, c: number): string => g.op('Relu', [batchNorm(x, name, c)]);

  let x = conv(input, 'features.conv0', shape.channels, shape.initFeatures, 7, 2, 3);
  x = bnRelu(x, 'features.norm0', shape.initFeatures);
  x = g.op('MaxPool', [x], { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) });
  let channels = shape.initFeatures;
  const width = shape.bottleneckWidth * shape.growthRate;

  shape.blocks.forEach((layers, b) => {
    for (let l = 0; l < layers; l++) {
      const p = `features.denseblock${b + 1}.denselayer${l + 1}`;
      const bottleneck = conv(bnRelu(x, `${p}.norm1`, channels), `${p}.conv1`, channels, width, 1, 1, 0);
      const fresh = conv(bnRelu(bottleneck, `${p}.norm2`, width), `${p}.conv2`, width, shape.growthRate, 3, 1, 1);
      x = g.op('Concat', [x, fresh], { axis: int(1) });
      channels += shape.growthRate;
    }
    if (b < shape.blocks.length - 1) {
      const p = `features.transition${b + 1}`;
      const half = Math.floor(channels / 2);
      x = conv(bnRelu(x, `${p}.norm`, channels), `${p}.conv`, channels, half, 1, 1, 0);
      x = g.op('AveragePool', [x], { kernel_shape: ints([2, 2]), strides: ints([2, 2]) });
      channels = half;
    }
  });

  x = bnRelu(x, 'features.norm5', channels);
  const pooled = g.op('Flatten', [g.op('GlobalAveragePool', [x])], { axis: int(1) });
  const weight = g.lazyFloat32('classifier.weight', [shape.numClasses, channels], () =>
    seededUniform(shape.seed, 'classifier.weight', shape.numClasses * channels, 1 / Math.sqrt(channels)),
  );
  const bias = g.lazyFloat32('classifier.bias', [shape.numClasses], () => filled(shape.numClasses, 0));
  g.op('Gemm', [pooled, weight, bias], { transB: int(1) }, 'logits');
  g.output('logits', 'float32', ['batch', shape.numClasses]);
  return g;
}
