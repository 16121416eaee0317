import { OnnxGraphBuilder, float, int, ints } from './onnxGraph';
import { filled, seededUniform } from './seededWeights';

/** What sits on top of the encoder, named as transformers.js names the task. */
export type BertHead = 'token-classification' | 'sequence-classification' | 'feature-extraction';

/** Shape of a BERT encoder, with the Hugging Face config.json names in mind. */
export interface BertShape {
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  readonly intermediate: number;
  readonly vocabSize: number;
  readonly maxPositions: number;
  readonly typeVocabSize: number;
  readonly numLabels: number;
  readonly layerNormEps: number;
  readonly head: BertHead;
  readonly seed: number;
}

/** bert-base-uncased's shape (Devlin et al. 2019, §3: L=12, H=768, A=12) with a 3-label NER head. */
export const BERT_BASE: BertShape = {
  layers: 12,
  hidden: 768,
  heads: 12,
  intermediate: 3072,
  vocabSize: 30522,
  maxPositions: 512,
  typeVocabSize: 2,
  numLabels: 3,
  layerNormEps: 1e-12,
  head: 'token-classification',
  seed: 20240611,
};

const INIT_STD = 0.02; // BERT's initializer_range

/**
 * Builds a BERT encoder graph in the layout transformers.js expects: int64 inputs
 * input_ids / attention_mask / token_type_ids [batch, sequence], output `logits` or
 * `last_hidden_state`. Standard opset-17 ops only, so any ONNX runtime can run it.
 */
export function buildBertGraph(shape: BertShape): OnnxGraphBuilder {
  const { hidden, heads } = shape;
  if (hidden % heads !== 0) throw new Error(`hidden ${hidden} is not divisible by heads ${heads}`);
  const headDim = hidden / heads;
  const g = new OnnxGraphBuilder('bert');
  const w = (name: string, dims: number[], std = INIT_STD): string =>
    g.lazyFloat32(name, dims, () => seededUniform(shape.seed, name, dims.reduce((a, b) => a * b, 1), std));
  const constant = (name: string, dims: number[], value: number): string =>
    g.lazyFloat32(name, dims, () => filled(dims.reduce((a, b) => a * b, 1), value));

  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const tokenTypeIds = g.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);

  // Embeddings: word + position (0..seq-1) + token type, then LayerNorm.
  const zero = g.int64('const_zero', [], [0]);
  const one = g.int64('const_one', [], [1]);
  const seqLen = g.op('Gather', [g.op('Shape', [inputIds]), one], { axis: int(0) });
  const positionIds = g.op('Range', [zero, seqLen, one]);
  const words = g.op('Gather', [w('embeddings.word_embeddings.weight', [shape.vocabSize, hidden]), inputIds]);
  const positions = g.op('Gather', [w('embeddings.position_embeddings.weight', [shape.maxPositions, hidden]), positionIds]);
  const types = g.op('Gather', [w('embeddings.token_type_embeddings.weight', [shape.typeVocabSize, hidden]), tokenTypeIds]);
  const layerNorm = (x: string, prefix: string): string =>
    g.op('LayerNormalization', [x, constant(`${prefix}.weight`, [hidden], 1), constant(`${prefix}.bias`, [hidden], 0)], {
      axis: int(-1),
      epsilon: float(shape.layerNormEps),
    });
  let x = layerNorm(g.op('Add', [g.op('Add', [words, positions]), types]), 'embeddings.LayerNorm');

  // Additive mask [batch, 1, 1, seq]: 0 where attended, a large negative where padded.
  const maskFloat = g.op('Cast', [attentionMask], { to: int(1) });
  const inverted = g.op('Sub', [constant('const_one_f', [], 1), maskFloat]);
  const additive = g.op('Mul', [inverted, constant('const_mask_value', [], -10000)]);
  const maskBias = g.op('Unsqueeze', [additive, g.int64('const_mask_axes', [2], [1, 2])]);

  const splitHeads = g.int64('const_split_heads', [4], [0, 0, heads, headDim]);
  const mergeHeads = g.int64('const_merge_heads', [3], [0, 0, hidden]);
  const scale = constant('const_attention_scale', [], 1 / Math.sqrt(headDim));
  const dense = (input: string, prefix: string, inDim: number, outDim: number): string =>
    g.op('Add', [g.op('MatMul', [input, w(`${prefix}.weight`, [inDim, outDim])]), constant(`${prefix}.bias`, [outDim], 0)]);
  const sqrtHalf = constant('const_inv_sqrt2', [], Math.SQRT1_2);
  const half = constant('const_half', [], 0.5);
  const oneF = 'const_one_f';
  const gelu = (v: string): string => // exact GELU: 0.5·x·(1 + erf(x/√2)), as in BERT
    g.op('Mul', [g.op('Mul', [v, half]), g.op('Add', [g.op('Erf', [g.op('Mul', [v, sqrtHalf])]), oneF])]);

  for (let l = 0; l < shape.layers; l++) {
    const p = `encoder.layer.${l}`;
    const toHeads = (t: string, perm: number[]): string =>
      g.op('Transpose', [g.op('Reshape', [t, splitHeads])], { perm: ints(perm) });
    const q = toHeads(dense(x, `${p}.attention.self.query`, hidden, hidden), [0, 2, 1, 3]); // [b,h,s,d]
    const k = toHeads(dense(x, `${p}.attention.self.key`, hidden, hidden), [0, 2, 3, 1]); // [b,h,d,s]
    const v = toHeads(dense(x, `${p}.attention.self.value`, hidden, hidden), [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), scale]), maskBias]);
    const probs = g.op('Softmax', [scores], { axis: int(-1) });
    const context = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: ints([0, 2, 1, 3]) }), mergeHeads]);
    const attended = dense(context, `${p}.attention.output.dense`, hidden, hidden);
    x = layerNorm(g.op('Add', [attended, x]), `${p}.attention.output.LayerNorm`);
    const inner = gelu(dense(x, `${p}.intermediate.dense`, hidden, shape.intermediate));
    const out = dense(inner, `${p}.output.dense`, shape.intermediate, hidden);
    x = layerNorm(g.op('Add', [out, x]), `${p}.output.LayerNorm`);
  }

  if (shape.head === 'feature-extraction') {
    g.op('Identity', [x], {}, 'last_hidden_state');
    g.output('last_hidden_state', 'float32', ['batch_size', 'sequence_length', hidden]);
  } else if (shape.head === 'token-classification') {
    g.op('Add', [g.op('MatMul', [x, w('classifier.weight', [hidden, shape.numLabels])]), constant('classifier.bias', [shape.numLabels], 0)], {}, 'logits');
    g.output('logits', 'float32', ['batch_size', 'sequence_length', shape.numLabels]);
  } else {
    // BERT's pooler: tanh(dense([CLS] hidden state)), then the classifier.
    const cls = g.op('Gather', [x, zero], { axis: int(1) });
    const pooled = g.op('Tanh', [dense(cls, 'pooler.dense', hidden, hidden)]);
    g.op('Add', [g.op('MatMul', [pooled, w('classifier.weight', [hidden, shape.numLabels])]), constant('classifier.bias', [shape.numLabels], 0)], {}, 'logits');
    g.output('logits', 'float32', ['batch_size', shape.numLabels]);
  }
  return g;
}
