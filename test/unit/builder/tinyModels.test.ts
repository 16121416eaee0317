import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildTinyImageClassifier, tinyImageLogits } from '../../../models/builder/tinyImageClassifier';
import {
  type TinyBatch,
  TINY_NER_LABELS,
  TINY_VOCAB,
  buildTinyFeatureExtractor,
  buildTinySequenceClassifier,
  buildTinyTokenClassifier,
  tinyFeatures,
  tinySequenceLogits,
  tinyTokenLogits,
} from '../../../models/builder/tinyTextModels';

const id = (t: string): number => {
  const i = TINY_VOCAB.indexOf(t);
  if (i < 0) throw new Error(t);
  return i;
};

/** Two sequences: "patient has diabetes mellitus" and "asthma, no fever" padded, second with token type 1. */
const batch: TinyBatch = {
  inputIds: [
    ['[CLS]', 'patient', 'has', 'diabetes', 'mellitus', '[SEP]'].map(id),
    ['[CLS]', 'asthma', ',', 'no', '[SEP]', '[PAD]'].map(id),
  ],
  attentionMask: [
    [1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 0],
  ],
  tokenTypeIds: [
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 1, 1, 0],
  ],
};

function int64(rows: readonly (readonly number[])[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(rows.flat(), (v) => BigInt(v)), [rows.length, rows[0]?.length ?? 0]);
}

const feeds = (): Record<string, ort.Tensor> => ({
  input_ids: int64(batch.inputIds),
  attention_mask: int64(batch.attentionMask),
  token_type_ids: int64(batch.tokenTypeIds),
});

async function run(model: Buffer, input: Record<string, ort.Tensor>, output: string): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(model);
  const result = (await session.run(input))[output];
  if (!result) throw new Error(`no ${output}`);
  return result;
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, digits));
}

describe('tiny ONNX models produce hand-computed outputs in onnxruntime-node', () => {
  it('image classifier: logits = mean·w + b', async () => {
    const pixels = Float32Array.from({ length: 2 * 16 }, (_, i) => (i < 16 ? 0.25 : (i % 4) / 2)); // means 0.25 and 0.75
    const out = await run(buildTinyImageClassifier().encode(), { input: new ort.Tensor('float32', pixels, [2, 1, 4, 4]) }, 'logits');
    expect(out.dims).toEqual([2, 2]);
    expectClose(out.data as Float32Array, [...tinyImageLogits(pixels.subarray(0, 16)), ...tinyImageLogits(pixels.subarray(16))]);
    expectClose(out.data as Float32Array, [1, -1, -1, 1]); // by hand: −4·0.25+2, 4·0.25−2, …
  });

  it('token classifier: disease words get B-/I-Disease, padding gets only the bias', async () => {
    const out = await run(buildTinyTokenClassifier().encode(), feeds(), 'logits');
    expect(out.dims).toEqual([2, 6, 3]);
    expectClose(out.data as Float32Array, tinyTokenLogits(batch).flat(2));
    const data = out.data as Float32Array;
    const label = (b: number, s: number): string => {
      const row = Array.from(data.slice((b * 6 + s) * 3, (b * 6 + s + 1) * 3));
      return TINY_NER_LABELS[row.indexOf(Math.max(...row))] as string;
    };
    expect([0, 1, 2, 3, 4, 5].map((s) => label(0, s))).toEqual(['O', 'O', 'O', 'B-Disease', 'I-Disease', 'O']);
    expect(label(1, 1)).toBe('B-Disease');
    expectClose(data.slice((1 * 6 + 3) * 3, (1 * 6 + 4) * 3), [4 + 0.5 + 0.1, 0, 0]); // "no" with token type 1
    expectClose(data.slice((1 * 6 + 5) * 3, (1 * 6 + 6) * 3), [0.1, 0, 0]); // padding: bias only
  });

  it('sequence classifier: masked mean pool, then scale and bias', async () => {
    const out = await run(buildTinySequenceClassifier().encode(), feeds(), 'logits');
    expect(out.dims).toEqual([2, 4]);
    expectClose(out.data as Float32Array, tinySequenceLogits(batch).flat());
    // Sequence 2 by hand: 5 attended tokens, one respiratory word → 8·(1/5) − 1; cardiovascular gets
    // the token-type shift on two tokens → 8·(2·0.5/5) − 1.
    expectClose((out.data as Float32Array).slice(4), [8 * (1 / 5) - 1, 8 * (1 / 5) - 1, -1, -1]);
  });

  it('feature extractor: LayerNorm of the embeddings, zero where padded', async () => {
    const out = await run(buildTinyFeatureExtractor().encode(), feeds(), 'last_hidden_state');
    expect(out.dims).toEqual([2, 6, 4]);
    expectClose(out.data as Float32Array, tinyFeatures(batch).flat(2), 4);
    expectClose((out.data as Float32Array).slice(-4), [0, 0, 0, 0]);
  });
});
