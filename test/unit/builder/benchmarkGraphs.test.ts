import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { BERT_BASE, type BertShape, buildBertGraph } from '../../../models/builder/bertGraph';
import { DENSENET_121, buildDenseNetGraph } from '../../../models/builder/densenetGraph';

// The full BERT-base / DenseNet-121 graphs are written and run by the CLI (models/builder/README.md);
// here the same builders run at reduced size so the code path is exercised in well under a second.
const SMALL_BERT: BertShape = { ...BERT_BASE, layers: 2, hidden: 32, heads: 4, intermediate: 64, vocabSize: 50, maxPositions: 16 };

function int64(rows: readonly (readonly number[])[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(rows.flat(), (v) => BigInt(v)), [rows.length, rows[0]?.length ?? 0]);
}

async function runBert(session: ort.InferenceSession, ids: number[][], mask: number[][]): Promise<Float32Array> {
  const out = await session.run({ input_ids: int64(ids), attention_mask: int64(mask), token_type_ids: int64(ids.map((r) => r.map(() => 0))) });
  return (out.logits ?? out.last_hidden_state)?.data as Float32Array;
}

describe('BERT builder (2-layer config of the BERT-base code path)', () => {
  it('runs, and padding does not change the logits of real tokens (the attention mask works)', async () => {
    const session = await ort.InferenceSession.create(buildBertGraph(SMALL_BERT).encode());
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    const short = await runBert(session, [[2, 7, 9, 3]], [[1, 1, 1, 1]]);
    const padded = await runBert(session, [[2, 7, 9, 3, 0, 0]], [[1, 1, 1, 1, 0, 0]]);
    expect(short.length).toBe(4 * 3);
    expect(short.every(Number.isFinite)).toBe(true);
    short.forEach((v, i) => expect(padded[i]).toBeCloseTo(v, 5));
    // Unmasked padding must change them, else the test above proves nothing.
    const unmasked = await runBert(session, [[2, 7, 9, 3, 0, 0]], [[1, 1, 1, 1, 1, 1]]);
    expect(short.some((v, i) => Math.abs(v - (unmasked[i] as number)) > 1e-4)).toBe(true);
  });

  it('writes identical bytes on every build (seeded weights), the same through save() and encode()', () => {
    const a = buildBertGraph(SMALL_BERT).encode();
    const b = buildBertGraph(SMALL_BERT).encode();
    expect(a.equals(b)).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
    const file = path.join(dir, 'bert.onnx');
    expect(buildBertGraph(SMALL_BERT).save(file)).toBe(a.length);
    expect(fs.readFileSync(file).equals(a)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it('sequence-classification and feature-extraction heads have the transformers.js output names', async () => {
    const cls = await ort.InferenceSession.create(buildBertGraph({ ...SMALL_BERT, head: 'sequence-classification' }).encode());
    expect(cls.outputNames).toEqual(['logits']);
    expect((await runBert(cls, [[2, 5, 3]], [[1, 1, 1]])).length).toBe(3);
    const fe = await ort.InferenceSession.create(buildBertGraph({ ...SMALL_BERT, head: 'feature-extraction' }).encode());
    expect(fe.outputNames).toEqual(['last_hidden_state']);
    expect((await runBert(fe, [[2, 5, 3]], [[1, 1, 1]])).length).toBe(3 * 32);
  });

  it('BERT-base declares 110 M parameters without building them', () => {
    const params = buildBertGraph(BERT_BASE).weightBytes / 4;
    expect(params).toBeGreaterThan(108e6); // bert-base-uncased: 109.5 M with pooler; ours has a 3-label head, no pooler
    expect(params).toBeLessThan(110e6);
  });
});

describe('DenseNet builder (reduced blocks of the DenseNet-121 code path)', () => {
  it('runs a 2-block, growth-8 DenseNet on 32×32 and gives finite logits', async () => {
    const shape = { ...DENSENET_121, blocks: [2, 3], growthRate: 8, initFeatures: 16, numClasses: 3, imageSize: 32 };
    const session = await ort.InferenceSession.create(buildDenseNetGraph(shape).encode());
    const input = new ort.Tensor('float32', Float32Array.from({ length: 2 * 3 * 32 * 32 }, (_, i) => Math.sin(i / 7)), [2, 3, 32, 32]);
    const logits = (await session.run({ input })).logits;
    expect(logits?.dims).toEqual([2, 3]);
    expect((logits?.data as Float32Array).every(Number.isFinite)).toBe(true);
  });

  it("DenseNet-121 with a 1000-class head has torchvision's 7.98 M parameters plus BN running statistics", () => {
    const g = buildDenseNetGraph({ ...DENSENET_121, numClasses: 1000 });
    // torchvision counts 7,978,856 parameters; the BN running mean/variance (buffers there) add ~0.08 M here.
    const params = g.weightBytes / 4;
    expect(params).toBeGreaterThan(7.98e6);
    expect(params).toBeLessThan(8.1e6);
  });
});
