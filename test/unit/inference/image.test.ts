import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_IMAGE_BIASES, TINY_IMAGE_WEIGHTS } from '../../../models/builder/tinyImageClassifier';
import { isBedsideError } from '../../../electron/services/errors';
import { SHARED_DATA_MISSING, sharedDataDir } from '../../helpers/sharedData';
import { startEngine } from './helpers/engine';
import { buildImagePack } from './helpers/packFixtures';

/** Softmax(logits / T) for the tiny classifier on a uniform image of normalised value m. */
function expected(m: number, t: number): number[] {
  const logits = TINY_IMAGE_WEIGHTS.map((w, i) => (m * w + (TINY_IMAGE_BIASES[i] as number)) / t);
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - max));
  return e.map((v) => v / e.reduce((a, b) => a + b, 0));
}

async function grayPng(value: number, size = 16): Promise<Buffer> {
  return sharp(Buffer.alloc(size * size, value), { raw: { width: size, height: size, channels: 1 } }).png().toBuffer();
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isBedsideError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a failure');
}

const engine = startEngine();

beforeAll(async () => {
  await engine.registry.install(buildImagePack(engine.root, engine.keys, engine.built).dir);
});

describe('image pipeline (real ONNX Runtime in the host)', () => {
  it('classifies a PNG: calibrated probabilities equal the hand computation, with provenance', async () => {
    const png = await grayPng(204);
    const r = await engine.inference.analyzeImage({ packId: 'tiny-xray', bytes: png, fileName: 'chest.png' });
    const [pNormal, pPneumonia] = expected(204 / 255, 1.5);
    expect(r.labels[0]!.probability).toBeCloseTo(pNormal!, 5);
    expect(r.labels[1]!.probability).toBeCloseTo(pPneumonia!, 5);
    // 0.8 → logits (-1.2, 1.2)/1.5 → p(pneumonia) = 0.832: above the band, so present.
    expect(r.labels[1]).toMatchObject({ name: 'pneumonia', status: 'present', codes: [{ system: 'SNOMED CT', code: '233604007' }] });
    expect(r.labels[0]!.status).toBe('absent');
    expect(r.provenance).toMatchObject({ modelId: 'tiny-xray', modelVersion: '1.0.0', provider: 'cpu', requestedProvider: 'cpu', attempts: 1 });
    expect(r.provenance.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.provenance.inputSha256).toBe(crypto.createHash('sha256').update(png).digest('hex'));
    for (const k of ['preprocessMs', 'runMs', 'postprocessMs'] as const) expect(r.provenance.timings[k]).toBeGreaterThanOrEqual(0);
    expect(engine.progress.filter((p) => p.jobId === r.jobId).map((p) => p.state)).toEqual(['queued', 'running', 'done']);
  });

  it('answers "uncertain" inside the band rather than forcing a yes or no', async () => {
    // Mean 0.5 → logits (0, 0) → 0.5 each: inside [0.4, 0.6].
    const png = await grayPng(128);
    const r = await engine.inference.analyzeImage({ packId: 'tiny-xray', bytes: png, fileName: 'x.png' });
    expect(r.labels.map((l) => l.status)).toEqual(['uncertain', 'uncertain']);
  });

  it('explains with an occlusion map whose values match the hand computation', async () => {
    const png = await grayPng(204);
    const r = await engine.inference.analyzeImage({ packId: 'tiny-xray', bytes: png, fileName: 'x.png', explain: { patch: 4, stride: 2 } });
    const e = r.explanation!;
    expect(e).toMatchObject({ kind: 'occlusion', label: 'pneumonia', width: 8, height: 8, patch: 4, stride: 2, forwardPasses: 9, imageWidth: 16, imageHeight: 16 });
    // Each patch zeroes 16 of 64 pixels: mean falls from m to 0.75 m.
    const m = 204 / 255;
    const drop = expected(m, 1.5)[1]! - expected(0.75 * m, 1.5)[1]!;
    for (const v of e.values) expect(v).toBeCloseTo(drop, 5);
    expect(e.costMs).toBeGreaterThan(0);
  });

  it('refuses a file that is not an image, naming it, and keeps working', async () => {
    const f = await failure(engine.inference.analyzeImage({ packId: 'tiny-xray', bytes: Buffer.from('hello, this is a note'), fileName: 'note.txt' }));
    expect(f.code).toBe('invalid-input');
    expect(f.message).toMatch(/note\.txt/);
    const ok = await engine.inference.analyzeImage({ packId: 'tiny-xray', bytes: await grayPng(10), fileName: 'ok.png' });
    expect(ok.labels[0]!.status).toBe('present');
  });

  it('refuses a truncated DICOM with a clear error', async (ctx) => {
    const dir = sharedDataDir();
    if (!dir) return ctx.skip(SHARED_DATA_MISSING);
    const bytes = fs.readFileSync(path.join(dir, 'dicom', 'MR_truncated.dcm'));
    const f = await failure(engine.inference.analyzeImage({ packId: 'tiny-xray', bytes, fileName: 'MR_truncated.dcm' }));
    expect(f.code).toBe('corrupt');
    expect(f.message).toMatch(/MR_truncated\.dcm/);
    const mr = await engine.inference.analyzeImage({ packId: 'tiny-xray', bytes: fs.readFileSync(path.join(dir, 'dicom', 'MR_small.dcm')), fileName: 'MR_small.dcm' });
    expect(mr.image).toMatchObject({ width: 64, height: 64, source: 'dicom' });
  });

  it('refuses a model whose inputs do not match its manifest, naming the pack, while others keep working', async () => {
    await engine.registry.install(buildImagePack(engine.root, engine.keys, engine.built, { id: 'wrong-channels' }, { channels: 3, mean: [0, 0, 0], std: [1, 1, 1] }).dir);
    const f = await failure(engine.inference.analyzeImage({ packId: 'wrong-channels', bytes: await grayPng(50), fileName: 'x.png' }));
    expect(f.code).toBe('unsupported');
    expect(f.message).toMatch(/wrong-channels 1\.0\.0 does not match its manifest: the channel count is 1 in the model but 3 in the manifest/);
    const three = buildImagePack(engine.root, engine.keys, engine.built, {
      id: 'wrong-labels',
      labels: ['a', 'b', 'c'].map((name, index) => ({ index, name, threshold: 0.5, codes: [] })),
    });
    await engine.registry.install(three.dir);
    const g = await failure(engine.inference.analyzeImage({ packId: 'wrong-labels', bytes: await grayPng(50), fileName: 'x.png' }));
    expect(g.message).toMatch(/the number of labels is 2 in the model but 3 in the manifest/);
    expect((await engine.inference.analyzeImage({ packId: 'tiny-xray', bytes: await grayPng(50), fileName: 'x.png' })).labels).toHaveLength(2);
  });

  it('refuses an unknown pack and a text pack given an image', async () => {
    expect((await failure(engine.inference.analyzeImage({ packId: 'nope', bytes: await grayPng(5), fileName: 'x.png' }))).code).toBe('not-found');
  });
});
