/**
 * The bundled BiLSTM-CRF pack in Bedside's own runtime (onnxruntime-node, the TS tokenizer,
 * feature builders and Viterbi) gives exactly the tags PyTorch gave in the training script
 * (models/demo/ncbi-disease-bilstm-crf/reference.json: clinical sentences and devel sentences).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { sequenceFeeds } from '../../../electron/inference-host/sequencePipeline';
import { sequenceResources } from '../../../electron/inference-host/sequencePack';
import { parseManifest } from '../../../electron/services/models/manifest';
import { sentenceFeatures } from '../../../electron/services/nlp/taggerFeatures';
import { crfMarginals, viterbi, type CrfScores } from '../../../electron/services/nlp/viterbi';
import { wordTokens } from '../../../electron/services/nlp/wordTokens';
import { repoRoot } from '../../helpers/sharedData';

const packsDir = path.join(repoRoot, 'models', 'packs');
const packName = fs.existsSync(packsDir) ? fs.readdirSync(packsDir).find((n) => n.startsWith('ncbi-disease-bilstm-crf-')) : undefined;
const referenceFile = path.join(repoRoot, 'models', 'demo', 'ncbi-disease-bilstm-crf', 'reference.json');

interface Reference {
  sentences: { text: string; tokens: string[]; word_ids: number[]; feats: number[][]; emissions: number[][]; tags: string[] }[];
}

describe('BiLSTM-CRF disease tagger: Bedside vs PyTorch', () => {
  it('tokens, features, emissions and Viterbi tags match the training script on every reference sentence, batched with padding', async (ctx) => {
    if (!packName || !fs.existsSync(referenceFile)) return ctx.skip('tagger pack not built (models/training/ncbi_disease_crf/train.py, npm run pack:models -- demo)');
    const dir = path.join(packsDir, packName);
    const parsed = parseManifest(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
    if (!parsed.ok) throw new Error(parsed.reason);
    const manifest = parsed.manifest;
    if (manifest.input.kind !== 'sequence') throw new Error('not a sequence pack');
    const spec = manifest.input;
    const res = sequenceResources({ id: manifest.id, version: manifest.version, dir, manifest });
    const ref = JSON.parse(fs.readFileSync(referenceFile, 'utf8')) as Reference;
    expect(ref.sentences.length).toBeGreaterThanOrEqual(30);
    const session = await ort.InferenceSession.create(path.join(dir, spec.model), { intraOpNumThreads: 1 });
    try {
      const feats = ref.sentences.map((s) => {
        const words = wordTokens(s.text).map((t) => t.text);
        expect(words).toEqual(s.tokens);
        const f = sentenceFeatures(words, res.vocab);
        expect(f.wordIds).toEqual(s.word_ids);
        expect(f.feats).toEqual(s.feats);
        return f;
      });
      // one padded batch of all sentences: padding must not change any sentence's emissions
      const out = await session.run(sequenceFeeds(feats, spec.maxChars));
      const em = out[spec.outputName]!;
      const T = em.dims[1] as number;
      const K = res.crf.labels.length;
      const data = em.data as Float32Array;
      let maxDiff = 0;
      ref.sentences.forEach((s, b) => {
        s.emissions.forEach((row, t) => row.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - data[(b * T + t) * K + k]!)))));
        expect(viterbi(data, b * T * K, s.tokens.length, res.crf).map((k) => res.crf.labels[k])).toEqual(s.tags);
      });
      expect(maxDiff).toBeLessThan(1e-4);
    } finally {
      await session.release();
    }
  });
});

describe('CRF decoding', () => {
  // A 3-tag CRF with O -> I forbidden, and 4 tokens: small enough to enumerate every path.
  const crf: CrfScores = { labels: ['O', 'B', 'I'], transitions: [[0.2, -0.1, -1e4], [0.1, -0.5, 0.9], [0.3, 0.1, 0.4]], start: [0.1, 0.2, -1e4], end: [0.0, 0.3, -0.2] };
  const em = [0.5, 1.2, -0.3, 0.1, 0.4, 1.1, 1.5, -0.2, 0.3, 0.2, 0.9, 0.8];
  const paths: number[][] = [];
  for (let a = 0; a < 81; a++) paths.push([0, 1, 2, 3].map((t) => Math.floor(a / 3 ** t) % 3));
  const score = (p: number[]) => p.reduce((s, k, t) => s + em[t * 3 + k]! + (t === 0 ? crf.start[k]! : crf.transitions[p[t - 1]!]![k]!), 0) + crf.end[p[3]!]!;

  it('Viterbi finds the highest-scoring path of an exhaustive search', () => {
    const best = paths.reduce((a, b) => (score(b) > score(a) ? b : a));
    expect(viterbi(em, 0, 4, crf)).toEqual(best);
  });

  it('forward-backward marginals equal the exhaustive sums over paths', () => {
    const z = paths.reduce((s, p) => s + Math.exp(score(p)), 0);
    const m = crfMarginals(em, 0, 4, crf);
    for (let t = 0; t < 4; t++) {
      for (let k = 0; k < 3; k++) expect(m[t]![k]!).toBeCloseTo(paths.filter((p) => p[t] === k).reduce((s, p) => s + Math.exp(score(p)), 0) / z, 10);
      expect(m[t]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
});

describe('sequence pack files', () => {
  it('a manifest that does not list a lexicon is refused, naming it; a damaged CRF file is reported by name', (ctx) => {
    if (!packName) return ctx.skip('tagger pack not built');
    const dir = path.join(packsDir, packName);
    const raw = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const without = { ...raw, files: raw.files.filter((f) => f.path !== 'lexicon-wordnet.txt') };
    expect(parseManifest(without)).toEqual({ ok: false, reason: expect.stringContaining('lexicon-wordnet.txt is not listed in files') as unknown as string });
    const parsed = parseManifest(raw);
    if (!parsed.ok) throw new Error(parsed.reason);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
    try {
      for (const f of raw.files) {
        fs.mkdirSync(path.dirname(path.join(copy, f.path)), { recursive: true });
        if (!f.path.endsWith('.onnx')) fs.copyFileSync(path.join(dir, f.path), path.join(copy, f.path));
      }
      fs.writeFileSync(path.join(copy, 'crf.json'), JSON.stringify({ labels: ['O', 'B-Disease', 'I-Disease'], transitions: [[0, 0]], start: [0, 0, 0], end: [0, 0, 0] }));
      expect(() => sequenceResources({ id: 'damaged', version: '1.0.0', dir: copy, manifest: parsed.manifest })).toThrow(/The file crf\.json of pack damaged 1\.0\.0 cannot be read \(it needs a 3×3 transition matrix/);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
