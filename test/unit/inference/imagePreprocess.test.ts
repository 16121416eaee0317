/**
 * The app's declared preprocessing (centre crop to a square, area reduction, 8 bits, normalise)
 * gives the same tensor as the training script's preprocess.py on the same image: the reference
 * (examples/tensor_reference.json) was written by models/training/pneumonia/make_reference.py.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaRows, prepareImage } from '../../../electron/inference-host/imagePreprocess';
import { decodeImage } from '../../../electron/services/imaging';
import type { ImageInputSpec } from '../../../electron/services/models/manifest';
import { repoRoot } from '../../helpers/sharedData';

const examples = path.join(repoRoot, 'models', 'demo', 'pneumonia-xray', 'examples');

interface Reference {
  image: string;
  mean: number;
  std: number;
  seen: number[];
  tensor: number[];
}

const spec = (mean: number, std: number): ImageInputSpec => ({
  kind: 'image',
  model: 'model.onnx',
  inputName: 'input',
  outputName: 'logits',
  width: 28,
  height: 28,
  channels: 1,
  mean: [mean],
  std: [std],
  activation: 'sigmoid',
  resize: { crop: 'center-square', filter: 'area' },
});

describe('declared preprocessing', () => {
  it('area weights: each output averages its share of the source (rows sum to 1)', () => {
    const rows = areaRows(75, 28);
    for (const r of rows) expect(r.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // 75/28 = 2.678…: output 0 covers source 0, 1 whole and 0.678 of source 2.
    expect(Array.from(rows[0]!.weights, (w) => w * (75 / 28))).toEqual([1, 1, expect.closeTo(75 / 28 - 2, 12)]);
    expect(rows[27]!.first + rows[27]!.weights.length).toBe(75);
  });

  it('matches the training script on a non-square film with black bars (97 × 75)', async () => {
    const ref = JSON.parse(fs.readFileSync(path.join(examples, 'tensor_reference.json'), 'utf8')) as Reference;
    const decoded = await decodeImage(fs.readFileSync(path.join(examples, ref.image)), ref.image);
    expect([decoded.width, decoded.height]).toEqual([97, 75]);
    const prepared = await prepareImage(decoded, spec(ref.mean, ref.std));
    expect(prepared.dims).toEqual([1, 1, 28, 28]);
    expect(Array.from(prepared.seen!.pixels)).toEqual(ref.seen);
    const diff = Math.max(...Array.from(prepared.data, (v, i) => Math.abs(v - ref.tensor[i]!)));
    expect(diff).toBeLessThan(1e-6);
  });

  it('a 28 × 28 image passes through unchanged (MedMNIST images are already reduced)', async () => {
    const file = path.join(examples, 'val000_pneumonia.png');
    const decoded = await decodeImage(fs.readFileSync(file), 'val000_pneumonia.png');
    const prepared = await prepareImage(decoded, spec(0.5, 0.25));
    expect(Array.from(prepared.seen!.pixels)).toEqual(Array.from(decoded.pixels));
    expect(prepared.data[0]).toBeCloseTo((decoded.pixels[0]! / 255 - 0.5) / 0.25, 6);
  });
});
