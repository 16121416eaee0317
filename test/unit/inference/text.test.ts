import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_NER_BIAS, TINY_NER_EMBEDDING_SCALE, TINY_VOCAB, tinyFeatures, tinySequenceLogits, TINY_TOPIC_LABELS } from '../../../models/builder/tinyTextModels';
import { startEngine } from './helpers/engine';
import { buildTextPack } from './helpers/packFixtures';

const engine = startEngine();

const ids = (tokens: string[]): number[] => tokens.map((t) => TINY_VOCAB.indexOf(t));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** Full input row for the tiny models: [CLS] tokens [SEP]. */
const row = (tokens: string[]): number[] => [TINY_VOCAB.indexOf('[CLS]'), ...ids(tokens), TINY_VOCAB.indexOf('[SEP]')];
const batchOf = (rows: number[][]) => ({ inputIds: rows, attentionMask: rows.map((r) => r.map(() => 1)), tokenTypeIds: rows.map((r) => r.map(() => 0)) });

beforeAll(async () => {
  for (const kind of ['ner', 'topics', 'features'] as const) await engine.registry.install(buildTextPack(engine.root, engine.keys, engine.built, kind).dir);
  // The same NER model with small overlapping windows (14 note tokens, 4 shared).
  await engine.registry.install(buildTextPack(engine.root, engine.keys, engine.built, 'ner', { maxLength: 16, stride: 4 }, { id: 'tiny-ner-windowed' }).dir);
});

describe('token classification with character offsets', () => {
  const note = 'The patient has Type 2 Diabetes mellitus, and Pneumonia.  Zzyx asthma; no fever.';

  it('finds entities with exact offsets, sub-words joined, and scores from the hand computation', async () => {
    const r = await engine.inference.analyzeText({ packId: 'tiny-ner', text: note });
    expect(r.entities!.map((e) => [e.label, e.text, e.start, e.end])).toEqual([
      ['Disease', 'Diabetes mellitus', note.indexOf('Diabetes'), note.indexOf('mellitus') + 8],
      ['Disease', 'Pneumonia', note.indexOf('Pneumonia'), note.indexOf('Pneumonia') + 9],
      ['Disease', 'asthma', note.indexOf('asthma'), note.indexOf('asthma') + 6],
    ]);
    // A disease word's logits are (0.1, 4, 0) or (0.1, 0, 4): softmax of its label.
    const s = TINY_NER_EMBEDDING_SCALE;
    const p = Math.exp(s) / (Math.exp(s) + Math.exp(TINY_NER_BIAS[0]) + 1);
    for (const e of r.entities!) expect(e.score).toBeCloseTo(p, 5);
    expect(r.entities![0]!.codes).toEqual([{ system: 'SNOMED CT', code: '64572001', display: 'Disease' }]);
    expect(r.windows).toMatchObject({ count: 1, totalTokens: 18 });
    expect(r.provenance).toMatchObject({ modelId: 'tiny-ner', provider: 'cpu' });
  });

  it('reads a long note in overlapping windows and finds the same entities as one window', async () => {
    const text = Array.from({ length: 12 }, (_, i) => `Chronic kidney disease ${i % 2 ? 'and asthma' : 'with heart failure'}.`).join(' ');
    const one = await engine.inference.analyzeText({ packId: 'tiny-ner', text });
    const many = await engine.inference.analyzeText({ packId: 'tiny-ner-windowed', text });
    expect(many.windows.count).toBeGreaterThan(5);
    expect(many.entities).toEqual(one.entities);
    expect(one.entities!.length).toBe(12 + 12);
    for (const e of many.entities!) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('reads a 1 MB note completely (windowed, not truncated), with progress', async () => {
    const sentence = 'The patient has asthma and no fever. ';
    const text = sentence.repeat(Math.ceil(1_000_000 / sentence.length));
    const r = await engine.inference.analyzeText({ packId: 'tiny-ner', text, priority: 'background' });
    const count = text.length / sentence.length;
    expect(r.entities).toHaveLength(count);
    const last = r.entities!.at(-1)!;
    expect(last.start).toBe(text.lastIndexOf('asthma'));
    expect(r.windows.count).toBe(Math.ceil((r.windows.totalTokens - 510) / (510 - 32)) + 1);
    const fractions = engine.progress.filter((p) => p.jobId === r.jobId && p.fraction !== null && p.state === 'running').map((p) => p.fraction);
    expect(fractions.length).toBeGreaterThan(10);
  }, 120_000); // ~2,000 windows: seconds on a quiet machine, far more on a busy shared one
});

describe('multi-label text classification and embeddings', () => {
  it('gives per-label sigmoid probabilities equal to the hand computation', async () => {
    const tokens = ['heart', 'failure', 'and', 'asthma'];
    const r = await engine.inference.analyzeText({ packId: 'tiny-topics', text: 'Heart failure and asthma' });
    const logits = tinySequenceLogits(batchOf([row(tokens)]))[0]!;
    TINY_TOPIC_LABELS.forEach((name, i) => {
      const label = r.labels!.find((l) => l.name === name)!;
      expect(label.probability).toBeCloseTo(sigmoid(logits[i]!), 5);
    });
    expect(r.labels!.filter((l) => l.status === 'present').map((l) => l.name)).toEqual(['cardiovascular', 'respiratory']);
  });

  it('explains the classifier with leave-one-out attributions per word', async () => {
    const text = 'Heart failure and asthma';
    const r = await engine.inference.analyzeText({ packId: 'tiny-topics', text, explain: true });
    const e = r.explanation!;
    expect(e.label).toBe('cardiovascular');
    expect(e.words.map((w) => w.text)).toEqual(['Heart', 'failure', 'and', 'asthma']);
    const full = sigmoid(tinySequenceLogits(batchOf([row(['heart', 'failure', 'and', 'asthma'])]))[0]![0]!);
    const withoutHeart = sigmoid(tinySequenceLogits(batchOf([row(['failure', 'and', 'asthma'])]))[0]![0]!);
    expect(e.words[0]!.attribution).toBeCloseTo(full - withoutHeart, 5);
    expect(e.words[2]!.attribution).toBeLessThan(0); // removing 'and' concentrates the mean: p rises
    expect(e.forwardPasses).toBe(5);
    expect(e.costMs).toBeGreaterThan(0);
  });

  it('embeds a note by mean pooling', async () => {
    const r = await engine.inference.analyzeText({ packId: 'tiny-features', text: 'no fever' });
    const vectors = tinyFeatures(batchOf([row(['no', 'fever'])]))[0]!;
    const mean = vectors[0]!.map((_, h) => vectors.reduce((a, v) => a + v[h]!, 0) / vectors.length);
    expect(r.embedding).toHaveLength(4);
    r.embedding!.forEach((v, h) => expect(v).toBeCloseTo(mean[h]!, 5));
  });
});
