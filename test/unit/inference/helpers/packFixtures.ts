/**
 * Signed test packs around the builder's tiny models (outputs computable by hand): an image
 * classifier and three BERT-layout text models, signed with a key made for the test run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TINY_IMAGE_LABELS, buildTinyImageClassifier } from '../../../../models/builder/tinyImageClassifier';
import { TINY_NER_LABELS, TINY_TOPIC_LABELS, writeTinyTextModels } from '../../../../models/builder/tinyTextModels';
import type { PackManifestInput } from '../../../../electron/services/models/manifest';
import { buildPack, type BuiltPack } from '../../../../electron/services/models/packager';
import { generateSigningKeyPair } from '../../../../electron/services/models/signing';

/** A key pair with its public key written to a trusted-keys folder. */
export interface TestKeys {
  privateKeyPem: string;
  trustedDir: string;
}

/** Makes a signing key and its trusted folder under `root`. */
export function makeKeys(root: string, name = 'test'): TestKeys {
  const { publicKeyPem, privateKeyPem } = generateSigningKeyPair();
  const trustedDir = path.join(root, `${name}-trusted`);
  fs.mkdirSync(trustedDir, { recursive: true });
  fs.writeFileSync(path.join(trustedDir, `${name}.pub`), publicKeyPem);
  return { privateKeyPem, trustedDir };
}

const CARD = {
  intendedUse: 'Tests only.',
  trainingData: 'None: weights set by hand.',
  metrics: [{ name: 'accuracy', value: 1, split: 'test' }],
  limits: 'Not a clinical model.',
  license: 'Apache-2.0',
  credits: 'Bedside engineers',
};

/** The tiny models written by the builder into `root/models`. */
export function tinyModels(root: string): string {
  const dir = path.join(root, 'models');
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    buildTinyImageClassifier().save(path.join(dir, 'tiny-image-classifier.onnx'));
    writeTinyTextModels(dir);
  }
  return dir;
}

/** Manifest of the tiny image classifier (1 channel, size × size, mean 0 std 1). */
export function imageManifest(overrides: Partial<PackManifestInput> = {}, input: Record<string, unknown> = {}): Omit<PackManifestInput, 'files'> {
  return {
    formatVersion: 1,
    id: 'tiny-xray',
    version: '1.0.0',
    name: 'Tiny X-ray classifier',
    task: 'image-classification',
    input: { kind: 'image', model: 'model.onnx', inputName: 'input', outputName: 'logits', width: 8, height: 8, channels: 1, mean: [0], std: [1], activation: 'softmax', ...input } as PackManifestInput['input'],
    labels: TINY_IMAGE_LABELS.map((name, index) => ({ index, name, codes: name === 'pneumonia' ? [{ system: 'SNOMED CT' as const, code: '233604007', display: 'Pneumonia' }] : [], threshold: 0.5, uncertainBand: [0.4, 0.6] as [number, number] })),
    calibration: { temperature: 1.5 },
    modelCard: CARD,
    ...overrides,
  };
}

/** Builds the image pack (model copied to model.onnx). */
export function buildImagePack(root: string, keys: TestKeys, out: string, overrides: Partial<PackManifestInput> = {}, input: Record<string, unknown> = {}): BuiltPack {
  const src = path.join(root, 'image-src');
  fs.mkdirSync(src, { recursive: true });
  fs.copyFileSync(path.join(tinyModels(root), 'tiny-image-classifier.onnx'), path.join(src, 'model.onnx'));
  return buildPack({ sourceDir: src, include: ['model.onnx'], manifest: imageManifest(overrides, input) }, out, keys.privateKeyPem, { archive: true });
}

const HF_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

/** Builds a text pack around one of the tiny BERT folders. */
export function buildTextPack(
  root: string,
  keys: TestKeys,
  out: string,
  kind: 'ner' | 'topics' | 'features',
  input: { maxLength?: number; stride?: number } = {},
  overrides: Partial<PackManifestInput> = {},
): BuiltPack {
  const folder = path.join(tinyModels(root), `tiny-bert-${kind}`);
  const task = kind === 'ner' ? 'token-classification' : kind === 'topics' ? 'text-classification' : 'feature-extraction';
  const labels =
    kind === 'ner'
      ? TINY_NER_LABELS.map((name, index) => ({ index, name, threshold: 0.5, codes: name === 'O' ? [] : [{ system: 'SNOMED CT' as const, code: '64572001', display: 'Disease' }] }))
      : kind === 'topics'
        ? TINY_TOPIC_LABELS.map((name, index) => ({ index, name, threshold: 0.5, codes: [] }))
        : [];
  return buildPack(
    {
      sourceDir: folder,
      include: [...HF_FILES, 'onnx/model.onnx'],
      manifest: {
        formatVersion: 1,
        id: `tiny-${kind}`,
        version: '1.0.0',
        name: `Tiny ${kind}`,
        task,
        input: {
          kind: 'text',
          model: 'onnx/model.onnx',
          tokenizerFiles: ['tokenizer.json', 'tokenizer_config.json'],
          maxLength: input.maxLength ?? 512,
          stride: input.stride ?? 32,
          outputName: kind === 'features' ? 'last_hidden_state' : 'logits',
          activation: 'sigmoid',
        },
        labels,
        calibration: { temperature: 1 },
        modelCard: CARD,
        ...overrides,
      },
    },
    out,
    keys.privateKeyPem,
  );
}
