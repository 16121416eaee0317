import path from 'node:path';
import { type HfBertFolder, BERT_SPECIAL_TOKENS, writeHfBertFolder } from './hfLayout';
import { OnnxGraphBuilder, float, int } from './onnxGraph';
import { seededUniform } from './seededWeights';

/**
 * Tiny BERT-layout text models whose outputs a test can compute by hand. Each embeds
 * tokens as E[input_id] + T[token_type_id], zeroes padded positions with attention_mask,
 * then applies a head with chosen weights. They load through transformers.js like a real
 * BERT (model_type 'bert', same inputs and output names) but have no attention layers.
 */

/** The shared lower-case WordPiece vocabulary (ids are array indices). */
export const TINY_VOCAB: readonly string[] = [
  ...BERT_SPECIAL_TOKENS,
  'the', 'patient', 'has', 'type', '2', 'diabetes', 'mellitus', 'and', 'asthma', 'no', 'fever',
  'with', 'chronic', 'kidney', 'disease', '##s', '.', ',', 'cough', 'heart', 'failure', 'pain', 'chest',
  'denies', 'history', 'of', 'pneum', '##onia',
];

/** Token-classification labels, in logit order. */
export const TINY_NER_LABELS = ['O', 'B-Disease', 'I-Disease'] as const;

/** Which NER label each disease word's embedding points at; every other token points at O. */
export const TINY_NER_WORD_LABELS: Readonly<Record<string, (typeof TINY_NER_LABELS)[number]>> = {
  diabetes: 'B-Disease',
  mellitus: 'I-Disease',
  asthma: 'B-Disease',
  chronic: 'B-Disease',
  kidney: 'I-Disease',
  disease: 'I-Disease',
  heart: 'B-Disease',
  failure: 'I-Disease',
  pneum: 'B-Disease',
  '##onia': 'I-Disease',
};

/** Sequence (multi-label) classification labels, in logit order. */
export const TINY_TOPIC_LABELS = ['cardiovascular', 'respiratory', 'endocrine', 'renal'] as const;

const TOPIC_OF: Readonly<Record<string, (typeof TINY_TOPIC_LABELS)[number]>> = {
  heart: 'cardiovascular',
  failure: 'cardiovascular',
  chest: 'cardiovascular',
  asthma: 'respiratory',
  cough: 'respiratory',
  pneum: 'respiratory',
  diabetes: 'endocrine',
  mellitus: 'endocrine',
  kidney: 'renal',
};

/** Embedding height of a NER word (logit margin before the head). */
export const TINY_NER_EMBEDDING_SCALE = 4;
/** Token-type row 1 adds this to the O logit, so token_type_ids visibly matter. */
export const TINY_TOKEN_TYPE_SHIFT = 0.5;
/** NER classifier bias, added after the identity weight. */
export const TINY_NER_BIAS = [0.1, 0, 0] as const;
/** Topic head: logits = TOPIC_SCALE · mean-pooled embedding + TOPIC_BIAS. */
export const TINY_TOPIC_SCALE = 8;
/** Topic head bias (every label), so a sentence without topic words scores sigmoid(−1). */
export const TINY_TOPIC_BIAS = -1;
/** Hidden size of the feature-extraction model. */
export const TINY_FEATURE_HIDDEN = 4;
const FEATURE_SEED = 7;

type Table = { readonly rows: number; readonly cols: number; readonly data: Float32Array };

/** Word embedding table of the NER model: TINY_NER_EMBEDDING_SCALE × one-hot(label). */
export function tinyNerEmbedding(): Table {
  const cols = TINY_NER_LABELS.length;
  const data = new Float32Array(TINY_VOCAB.length * cols);
  TINY_VOCAB.forEach((token, id) => {
    const label = TINY_NER_WORD_LABELS[token] ?? 'O';
    data[id * cols + TINY_NER_LABELS.indexOf(label)] = TINY_NER_EMBEDDING_SCALE;
  });
  return { rows: TINY_VOCAB.length, cols, data };
}

/** Word embedding table of the topic model: one-hot(topic) for topic words, zero otherwise. */
export function tinyTopicEmbedding(): Table {
  const cols = TINY_TOPIC_LABELS.length;
  const data = new Float32Array(TINY_VOCAB.length * cols);
  TINY_VOCAB.forEach((token, id) => {
    const topic = TOPIC_OF[token];
    if (topic) data[id * cols + TINY_TOPIC_LABELS.indexOf(topic)] = 1;
  });
  return { rows: TINY_VOCAB.length, cols, data };
}

/** Word embedding table of the feature-extraction model (seeded, deterministic). */
export function tinyFeatureEmbedding(): Table {
  const cols = TINY_FEATURE_HIDDEN;
  return { rows: TINY_VOCAB.length, cols, data: seededUniform(FEATURE_SEED, 'word_embeddings', TINY_VOCAB.length * cols, 1) };
}

/** Token-type table shared by all three: row 0 zero, row 1 adds TINY_TOKEN_TYPE_SHIFT to column 0. */
export function tinyTokenTypeEmbedding(cols: number): Table {
  const data = new Float32Array(2 * cols);
  data[cols] = TINY_TOKEN_TYPE_SHIFT;
  return { rows: 2, cols, data };
}

/** Adds the inputs and the masked embedding sum; returns the [batch, seq, hidden] tensor. */
function maskedEmbeddings(g: OnnxGraphBuilder, words: Table): string {
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  const types = g.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);
  const typeTable = tinyTokenTypeEmbedding(words.cols);
  const wordEmb = g.op('Gather', [g.float32('embeddings.word_embeddings.weight', [words.rows, words.cols], words.data), ids]);
  const typeEmb = g.op('Gather', [g.float32('embeddings.token_type_embeddings.weight', [2, words.cols], typeTable.data), types]);
  const maskF = g.op('Unsqueeze', [g.op('Cast', [mask], { to: int(1) }), g.int64('mask_axis', [1], [-1])]);
  return g.op('Mul', [g.op('Add', [wordEmb, typeEmb]), maskF]);
}

function identity(n: number, scale: number): Float32Array {
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = scale;
  return m;
}

/** A model input batch as plain arrays (one row per sequence). */
export interface TinyBatch {
  readonly inputIds: readonly (readonly number[])[];
  readonly attentionMask: readonly (readonly number[])[];
  readonly tokenTypeIds: readonly (readonly number[])[];
}

function embedRow(words: Table, batch: TinyBatch, b: number, s: number): number[] {
  const types = tinyTokenTypeEmbedding(words.cols);
  const id = batch.inputIds[b]?.[s] ?? 0;
  const tt = batch.tokenTypeIds[b]?.[s] ?? 0;
  const m = batch.attentionMask[b]?.[s] ?? 0;
  return Array.from({ length: words.cols }, (_, c) => ((words.data[id * words.cols + c] ?? 0) + (types.data[tt * words.cols + c] ?? 0)) * m);
}

/** Token classifier: logits = maskedEmbedding @ I + bias → `logits` [batch, seq, 3]. */
export function buildTinyTokenClassifier(): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder('tiny_token_classifier');
  const n = TINY_NER_LABELS.length;
  const h = maskedEmbeddings(g, tinyNerEmbedding());
  const weight = g.float32('classifier.weight', [n, n], identity(n, 1));
  g.op('Add', [g.op('MatMul', [h, weight]), g.float32('classifier.bias', [n], Float32Array.from(TINY_NER_BIAS))], {}, 'logits');
  g.output('logits', 'float32', ['batch_size', 'sequence_length', n]);
  return g;
}

/** The token classifier's logits computed in plain JS: [batch][seq][label]. */
export function tinyTokenLogits(batch: TinyBatch): number[][][] {
  const words = tinyNerEmbedding();
  return batch.inputIds.map((row, b) =>
    row.map((_, s) => embedRow(words, batch, b, s).map((v, c) => v + (TINY_NER_BIAS[c] as number))),
  );
}

/** Multi-label topic classifier: masked mean pool → TOPIC_SCALE·x + TOPIC_BIAS → `logits` [batch, 4]. */
export function buildTinySequenceClassifier(): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder('tiny_sequence_classifier');
  const n = TINY_TOPIC_LABELS.length;
  const h = maskedEmbeddings(g, tinyTopicEmbedding());
  const axis = g.int64('pool_axis', [1], [1]);
  const summed = g.op('ReduceSum', [h, axis], { keepdims: int(0) }); // [batch, hidden]
  const count = g.op('ReduceSum', [g.op('Cast', ['attention_mask'], { to: int(1) }), axis], { keepdims: int(1) }); // [batch, 1]
  const pooled = g.op('Div', [summed, count]);
  const weight = g.float32('classifier.weight', [n, n], identity(n, TINY_TOPIC_SCALE));
  const bias = g.float32('classifier.bias', [n], new Float32Array(n).fill(TINY_TOPIC_BIAS));
  g.op('Add', [g.op('MatMul', [pooled, weight]), bias], {}, 'logits');
  g.output('logits', 'float32', ['batch_size', n]);
  return g;
}

/** The topic classifier's logits computed in plain JS: [batch][label]. */
export function tinySequenceLogits(batch: TinyBatch): number[][] {
  const words = tinyTopicEmbedding();
  return batch.inputIds.map((row, b) => {
    const sum = new Array<number>(words.cols).fill(0);
    row.forEach((_, s) => embedRow(words, batch, b, s).forEach((v, c) => (sum[c] = (sum[c] ?? 0) + v)));
    const count = (batch.attentionMask[b] ?? []).reduce((a, m) => a + m, 0);
    return sum.map((v) => (TINY_TOPIC_SCALE * v) / count + TINY_TOPIC_BIAS);
  });
}

const FEATURE_LN_EPS = 1e-12;

/** Feature extractor: LayerNorm(E[id] + T[tt]) · mask → `last_hidden_state` [batch, seq, 4]. */
export function buildTinyFeatureExtractor(): OnnxGraphBuilder {
  const g = new OnnxGraphBuilder('tiny_feature_extractor');
  const n = TINY_FEATURE_HIDDEN;
  const h = maskedEmbeddings(g, tinyFeatureEmbedding());
  const gamma = g.float32('embeddings.LayerNorm.weight', [n], new Float32Array(n).fill(1));
  const beta = g.float32('embeddings.LayerNorm.bias', [n], new Float32Array(n));
  const normed = g.op('LayerNormalization', [h, gamma, beta], { axis: int(-1), epsilon: float(FEATURE_LN_EPS) });
  const maskF = g.op('Unsqueeze', [g.op('Cast', ['attention_mask'], { to: int(1) }), 'mask_axis']);
  g.op('Mul', [normed, maskF], {}, 'last_hidden_state');
  g.output('last_hidden_state', 'float32', ['batch_size', 'sequence_length', n]);
  return g;
}

/** The feature extractor's output computed in plain JS: [batch][seq][hidden]. */
export function tinyFeatures(batch: TinyBatch): number[][][] {
  const words = tinyFeatureEmbedding();
  return batch.inputIds.map((row, b) =>
    row.map((_, s) => {
      const m = batch.attentionMask[b]?.[s] ?? 0;
      const unmasked = embedRow(words, { ...batch, attentionMask: batch.inputIds.map((r) => r.map(() => 1)) }, b, s);
      const mean = unmasked.reduce((a, v) => a + v, 0) / unmasked.length;
      const variance = unmasked.reduce((a, v) => a + (v - mean) ** 2, 0) / unmasked.length;
      return unmasked.map((v) => ((v - mean) / Math.sqrt(variance + FEATURE_LN_EPS)) * m);
    }),
  );
}

const TINY_FOLDER_BASE = { vocab: TINY_VOCAB, layers: 0, heads: 1, maxPositions: 512, modelMaxLength: 512 } as const;

/** Folder names of the tiny text models, under the output root. */
export const TINY_TEXT_FOLDERS = {
  tokenClassification: 'tiny-bert-ner',
  sequenceClassification: 'tiny-bert-topics',
  featureExtraction: 'tiny-bert-features',
} as const;

/** Writes the three tiny text models as Hugging Face folders under `root`. */
export function writeTinyTextModels(root: string): Record<keyof typeof TINY_TEXT_FOLDERS, string> {
  const ner: HfBertFolder = { ...TINY_FOLDER_BASE, architecture: 'BertForTokenClassification', labels: TINY_NER_LABELS, hidden: 3, intermediate: 3 };
  const topics: HfBertFolder = {
    ...TINY_FOLDER_BASE,
    architecture: 'BertForSequenceClassification',
    labels: TINY_TOPIC_LABELS,
    problemType: 'multi_label_classification',
    hidden: 4,
    intermediate: 4,
  };
  const features: HfBertFolder = { ...TINY_FOLDER_BASE, architecture: 'BertModel', hidden: TINY_FEATURE_HIDDEN, intermediate: TINY_FEATURE_HIDDEN };
  const out = {
    tokenClassification: path.join(root, TINY_TEXT_FOLDERS.tokenClassification),
    sequenceClassification: path.join(root, TINY_TEXT_FOLDERS.sequenceClassification),
    featureExtraction: path.join(root, TINY_TEXT_FOLDERS.featureExtraction),
  };
  writeHfBertFolder(out.tokenClassification, ner, buildTinyTokenClassifier());
  writeHfBertFolder(out.sequenceClassification, topics, buildTinySequenceClassifier());
  writeHfBertFolder(out.featureExtraction, features, buildTinyFeatureExtractor());
  return out;
}
