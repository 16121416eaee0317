import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_NER_LABELS, TINY_TEXT_FOLDERS, TINY_TOPIC_LABELS, writeTinyTextModels } from '../../../models/builder/tinyTextModels';

import type * as TransformersModule from '@huggingface/transformers';

type Transformers = typeof TransformersModule;

let hf: Transformers | undefined;
try {
  hf = await import('@huggingface/transformers');
} catch (e) {
  console.warn(`Skipping transformers.js load test: @huggingface/transformers not importable (${String(e)})`);
}

describe.skipIf(!hf)('tiny HF-layout models load offline through transformers.js', () => {
  let root = '';
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
    writeTinyTextModels(root);
    const { env } = hf as Transformers;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${root}${path.sep}`;
    env.cacheDir = path.join(root, '.cache');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('AutoTokenizer + AutoModelForTokenClassification tag "diabetes mellitus" and "asthma"', async () => {
    const { AutoTokenizer, AutoModelForTokenClassification } = hf as Transformers;
    const tokenizer = await AutoTokenizer.from_pretrained(TINY_TEXT_FOLDERS.tokenClassification);
    const model = await AutoModelForTokenClassification.from_pretrained(TINY_TEXT_FOLDERS.tokenClassification, { dtype: 'fp32', device: 'cpu' });
    const inputs = tokenizer('Patient has Diabetes Mellitus and asthma.');
    const tokens = ['[CLS]', ...tokenizer.tokenize('Patient has Diabetes Mellitus and asthma.'), '[SEP]'];
    expect(tokens).toEqual(['[CLS]', 'patient', 'has', 'diabetes', 'mellitus', 'and', 'asthma', '.', '[SEP]']);
    expect(Array.from(inputs.input_ids.data as BigInt64Array, Number)).toEqual(tokenizer.convert_tokens_to_ids(tokens));
    const { logits } = await model(inputs);
    expect(logits.dims).toEqual([1, 9, 3]);
    const data = logits.data as Float32Array;
    const labels = tokens.map((_, s) => {
      const row = Array.from(data.slice(s * 3, s * 3 + 3));
      return TINY_NER_LABELS[row.indexOf(Math.max(...row))];
    });
    expect(labels).toEqual(['O', 'O', 'O', 'B-Disease', 'I-Disease', 'O', 'B-Disease', 'O', 'O']);
    expect((model.config as unknown as { id2label: Record<string, string> }).id2label).toEqual({ 0: 'O', 1: 'B-Disease', 2: 'I-Disease' });
  });

  it('the multi-label text-classification pipeline scores the respiratory topic', async () => {
    const { pipeline } = hf as Transformers;
    const classify = await pipeline('text-classification', TINY_TEXT_FOLDERS.sequenceClassification, { dtype: 'fp32', device: 'cpu' });
    const scores = (await classify('cough and asthma', { top_k: null })) as { label: string; score: number }[];
    expect(scores.map((s) => s.label).sort()).toEqual([...TINY_TOPIC_LABELS].sort());
    // By hand: 5 tokens, 2 respiratory → sigmoid(8·2/5 − 1) = sigmoid(2.2).
    expect(scores.find((s) => s.label === 'respiratory')?.score).toBeCloseTo(1 / (1 + Math.exp(-2.2)), 5);
  });

  it('the feature-extraction pipeline returns last_hidden_state', async () => {
    const { pipeline } = hf as Transformers;
    const extract = await pipeline('feature-extraction', TINY_TEXT_FOLDERS.featureExtraction, { dtype: 'fp32', device: 'cpu' });
    const out = await extract('chest pain');
    expect(out.dims).toEqual([1, 4, 4]);
  });
});
