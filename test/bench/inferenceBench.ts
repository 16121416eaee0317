/**
 * Inference benchmark: the app's full path (queue, host round trip, preprocessing, run,
 * postprocessing) against a bare session.run on the same model and input, for BERT-base at
 * 128 tokens and DenseNet-121 at 224×224; throughput at batch 1/8/32 with achieved GFLOP/s as
 * a fraction of a 1024³ MatMul's measured in the same run; host memory over model file size.
 * Models are the builder's architecture-faithful graphs, cached in os.tmpdir().
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { BERT_BASE, buildBertGraph, type BertShape } from '../../models/builder/bertGraph';
import { DENSENET_121, buildDenseNetGraph, type DenseNetShape } from '../../models/builder/densenetGraph';
import { writeHfBertFolder } from '../../models/builder/hfLayout';
import { OnnxGraphBuilder } from '../../models/builder/onnxGraph';
import { TINY_VOCAB } from '../../models/builder/tinyTextModels';
import { forkHostLauncher } from '../../electron/services/inference/hostLauncher';
import { InferenceService } from '../../electron/services/inference/inferenceService';
import { defaultIntraOpThreads } from '../../electron/services/inference/threads';
import { buildPack } from '../../electron/services/models/packager';
import { ModelRegistry } from '../../electron/services/models/registry';
import { generateSigningKeyPair } from '../../electron/services/models/signing';

const CACHE = path.join(os.tmpdir(), 'bedside-bench-models');
const THREADS = defaultIntraOpThreads();
const SEQ = 128;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const log = (m: string): void => void process.stderr.write(`${m}\n`);

/** FLOPs of one BERT sequence (matmuls and attention; element-wise ops ignored). */
export function bertFlops(shape: BertShape, seq: number): number {
  const { hidden: h, intermediate: i, layers } = shape;
  const perLayer = 8 * seq * h * h + 4 * seq * seq * h + 4 * seq * h * i;
  return layers * perLayer + 2 * seq * h * shape.numLabels;
}

/** FLOPs of one DenseNet image (convolutions and the classifier), following the builder's layout. */
export function denseNetFlops(shape: DenseNetShape): number {
  let size = shape.imageSize;
  const conv = (cin: number, cout: number, k: number, out: number): number => 2 * cin * cout * k * k * out * out;
  size = Math.floor((size + 6 - 7) / 2) + 1;
  let flops = conv(shape.channels, shape.initFeatures, 7, size);
  size = Math.floor((size + 2 - 3) / 2) + 1;
  let c = shape.initFeatures;
  const width = shape.bottleneckWidth * shape.growthRate;
  shape.blocks.forEach((layers, b) => {
    for (let l = 0; l < layers; l++) {
      flops += conv(c, width, 1, size) + conv(width, shape.growthRate, 3, size);
      c += shape.growthRate;
    }
    if (b < shape.blocks.length - 1) {
      flops += conv(c, Math.floor(c / 2), 1, size);
      c = Math.floor(c / 2);
      size = Math.floor(size / 2);
    }
  });
  return flops + 2 * c * shape.numClasses;
}

function ensureModels(): { bertDir: string; densenet: string; matmul: string } {
  fs.mkdirSync(CACHE, { recursive: true });
  const bertDir = path.join(CACHE, 'bert-base-ner');
  if (!fs.existsSync(path.join(bertDir, 'onnx', 'model.onnx'))) {
    log('writing BERT-base (440 MB, once)…');
    const vocab = [...TINY_VOCAB];
    for (let i = vocab.length; i < BERT_BASE.vocabSize; i++) vocab.push(`tok${i}`);
    writeHfBertFolder(
      bertDir,
      { architecture: 'BertForTokenClassification', vocab, labels: ['O', 'B-Disease', 'I-Disease'], hidden: 768, layers: 12, heads: 12, intermediate: 3072, maxPositions: 512, modelMaxLength: 512 },
      buildBertGraph(BERT_BASE),
    );
  }
  const densenet = path.join(CACHE, 'densenet121.onnx');
  if (!fs.existsSync(densenet)) {
    log('writing DenseNet-121 (32 MB, once)…');
    buildDenseNetGraph(DENSENET_121).save(densenet);
  }
  const matmul = path.join(CACHE, 'matmul1024.onnx');
  if (!fs.existsSync(matmul)) {
    const g = new OnnxGraphBuilder('matmul');
    g.op('MatMul', [g.input('a', 'float32', [1024, 1024]), g.input('b', 'float32', [1024, 1024])], {}, 'c');
    g.output('c', 'float32', [1024, 1024]);
    g.save(matmul);
  }
  return { bertDir, densenet, matmul };
}

const CARD = { intendedUse: 'Benchmark only.', trainingData: 'Random weights.', metrics: [], limits: 'Not a model.', license: 'n/a', credits: 'Bedside builder' };

function packs(models: { bertDir: string; densenet: string }, key: string): { bert: string; densenet: string } {
  const out = path.join(CACHE, 'packs');
  const bert = path.join(out, 'bench-bert-1.0.0');
  const densenet = path.join(out, 'bench-densenet-1.0.0');
  if (!fs.existsSync(path.join(bert, 'signature.json')) || !fs.existsSync(path.join(densenet, 'signature.json'))) fs.rmSync(out, { recursive: true, force: true });
  else return { bert, densenet };
  log('packing and signing the benchmark models…');
  buildPack(
    {
      sourceDir: models.bertDir,
      include: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'],
      manifest: {
        formatVersion: 1, id: 'bench-bert', version: '1.0.0', name: 'BERT-base (random weights)', task: 'token-classification',
        input: { kind: 'text', model: 'onnx/model.onnx', tokenizerFiles: ['tokenizer.json', 'tokenizer_config.json'], maxLength: SEQ, stride: 16, outputName: 'logits', activation: 'softmax' },
        labels: ['O', 'B-Disease', 'I-Disease'].map((name, index) => ({ index, name, threshold: 0.5, codes: [] })),
        modelCard: CARD,
      },
    },
    out,
    key,
  );
  const dnDir = path.join(CACHE, 'densenet-src');
  fs.mkdirSync(dnDir, { recursive: true });
  fs.copyFileSync(models.densenet, path.join(dnDir, 'model.onnx'));
  buildPack(
    {
      sourceDir: dnDir,
      include: ['model.onnx'],
      manifest: {
        formatVersion: 1, id: 'bench-densenet', version: '1.0.0', name: 'DenseNet-121 (random weights)', task: 'image-classification',
        input: { kind: 'image', model: 'model.onnx', inputName: 'input', outputName: 'logits', width: 224, height: 224, channels: 3, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], activation: 'sigmoid' },
        labels: Array.from({ length: 14 }, (_, index) => ({ index, name: `finding-${index}`, threshold: 0.5, codes: [] })),
        modelCard: CARD,
      },
    },
    out,
    key,
  );
  return { bert, densenet };
}

function bareOptions(): ort.InferenceSession.SessionOptions {
  // The same options the host uses (electron/inference-host/ortSessions.ts), so only the path differs.
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: THREADS,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

function bertFeeds(batch: number): Record<string, ort.Tensor> {
  const n = batch * SEQ;
  const ids = new BigInt64Array(n);
  for (let i = 0; i < n; i++) ids[i] = BigInt(i % SEQ === 0 ? 2 : i % SEQ === SEQ - 1 ? 3 : 5 + (i % 20));
  return {
    input_ids: new ort.Tensor('int64', ids, [batch, SEQ]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [batch, SEQ]),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(n), [batch, SEQ]),
  };
}

function imageFeeds(batch: number): Record<string, ort.Tensor> {
  const data = new Float32Array(batch * 3 * 224 * 224);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i) * 2;
  return { input: new ort.Tensor('float32', data, [batch, 3, 224, 224]) };
}

async function timeRuns(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** A 1024³ MatMul through ORT with the app's session options; `gflops()` measures it now. */
async function matmulProbe(file: string): Promise<{ gflops: (runs?: number) => Promise<number>; release: () => Promise<void> }> {
  const s = await ort.InferenceSession.create(file, bareOptions());
  const a = new Float32Array(1024 * 1024).map((_, i) => Math.sin(i));
  const feeds = { a: new ort.Tensor('float32', a, [1024, 1024]), b: new ort.Tensor('float32', a, [1024, 1024]) };
  await timeRuns(() => s.run(feeds), 3);
  return {
    gflops: async (runs = 9) => (2 * 1024 ** 3) / (median(await timeRuns(() => s.run(feeds), runs)) / 1000) / 1e9,
    release: () => s.release(),
  };
}

interface Row {
  model: string;
  batch: number;
  msPerRun: number;
  itemsPerS: number;
  gflops: number;
}

/** Runs every measurement; returns the BENCH object and prints the table. */
export async function runInferenceBench(hostScript: string): Promise<Record<string, number | string>> {
  const models = ensureModels();
  // A benchmark-only key, kept beside the cached packs it signed.
  const keyDir = path.join(CACHE, 'keys');
  const keyFile = path.join(CACHE, 'bench.key');
  if (!fs.existsSync(keyFile) || !fs.existsSync(path.join(keyDir, 'bench.pub'))) {
    const { publicKeyPem, privateKeyPem } = generateSigningKeyPair();
    fs.mkdirSync(keyDir, { recursive: true });
    fs.writeFileSync(path.join(keyDir, 'bench.pub'), publicKeyPem);
    fs.writeFileSync(keyFile, privateKeyPem);
    fs.rmSync(path.join(CACHE, 'packs'), { recursive: true, force: true });
  }
  const built = packs(models, fs.readFileSync(keyFile, 'utf8'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-bench-'));
  const rows: Row[] = [];
  type Timings = { queueMs: number; preprocessMs: number; runMs: number; postprocessMs: number };
  const dnTimings: Timings[] = [];
  const bertTimings: Timings[] = [];
  const breakdown = (t: Timings[], appMs: number): string => {
    const m = (k: keyof Timings): number => median(t.slice(-16).map((x) => x[k]));
    const inHost = m('preprocessMs') + m('runMs') + m('postprocessMs') + m('queueMs');
    return `preprocess ${m('preprocessMs').toFixed(1)}, run ${m('runMs').toFixed(1)}, postprocess ${m('postprocessMs').toFixed(1)}, queue ${m('queueMs').toFixed(1)}, transport and the rest ${(appMs - inHost).toFixed(1)} ms`;
  };
  const results: Record<string, number | string> = { threads: THREADS, cpus: os.cpus().length };
  try {
    const probe = await matmulProbe(models.matmul);
    const peak1 = await probe.gflops(15);
    log(`MatMul 1024³ peak: ${peak1.toFixed(1)} GFLOP/s`);

    const service = (name: string): { registry: ModelRegistry; inference: InferenceService } => {
      const registry = new ModelRegistry({ packsDir: path.join(work, name), trustedKeyDirs: [keyDir] });
      registry.boot();
      const inference = new InferenceService({ registry, hostScript, provider: 'cpu', cacheDir: path.join(work, 'cache'), launcher: forkHostLauncher, intraOpNumThreads: THREADS });
      return { registry, inference };
    };

    // DenseNet-121, 224×224.
    {
      const { registry, inference } = service('dn');
      await registry.install(built.densenet);
      const rgb = Buffer.alloc(224 * 224 * 3);
      for (let i = 0; i < rgb.length; i++) rgb[i] = (i * 7) % 251;
      const png = await sharp(rgb, { raw: { width: 224, height: 224, channels: 3 } }).png().toBuffer();
      const baseline = (await inference.hostStats()).rssBytes;
      const app = async (): Promise<unknown> => {
        const r = await inference.analyzeImage({ packId: 'bench-densenet', bytes: png, fileName: 'bench.png' });
        dnTimings.push(r.provenance.timings);
        return r;
      };
      await app();
      const loaded = (await inference.hostStats()).rssBytes;
      const bare = await ort.InferenceSession.create(models.densenet, bareOptions());
      const f1 = imageFeeds(1);
      const bareRun = (): Promise<unknown> => bare.run(f1);
      await timeRuns(bareRun, 3);
      await timeRuns(app, 2);
      const appT: number[] = [];
      const bareT: number[] = [];
      for (let i = 0; i < 24; i++) {
        appT.push(...(await timeRuns(app, 1)));
        bareT.push(...(await timeRuns(bareRun, 1)));
      }
      // Median of adjacent pairs' ratios: each pair shares the shared machine's load at that moment.
      results.overhead_ratio_densenet224 = median(appT.map((a, i) => a / (bareT[i] as number)));
      results.densenet_app_ms = median(appT);
      results.densenet_bare_ms = median(bareT);
      const size = fs.statSync(models.densenet).size;
      results.host_rss_over_model_size_densenet = loaded / size;
      results.host_rss_delta_over_model_size_densenet = (loaded - baseline) / size;
      const flops = denseNetFlops(DENSENET_121);
      for (const b of [1, 8, 32]) {
        const feeds = imageFeeds(b);
        await bare.run(feeds);
        const ms = median(await timeRuns(() => bare.run(feeds), b === 32 ? 2 : 3));
        rows.push({ model: 'DenseNet-121 224²', batch: b, msPerRun: ms, itemsPerS: (b * 1000) / ms, gflops: (b * flops) / (ms / 1000) / 1e9 });
      }
      await bare.release();
      inference.shutdown();
      log('DenseNet-121 done');
    }

    // BERT-base, 128 tokens (126 note tokens + [CLS] + [SEP]).
    {
      const { registry, inference } = service('bert');
      await registry.install(built.bert);
      const words = ['the', 'patient', 'has', 'asthma', 'and', 'no', 'fever', 'with', 'chest', 'pain'];
      const note = Array.from({ length: SEQ - 2 }, (_, i) => words[i % words.length]).join(' ');
      const baseline = (await inference.hostStats()).rssBytes;
      const app = async (): Promise<unknown> => {
        const r = await inference.analyzeText({ packId: 'bench-bert', text: note });
        bertTimings.push(r.provenance.timings);
        if (r.windows.count !== 1 || r.windows.totalTokens !== SEQ - 2) throw new Error(`note is ${r.windows.totalTokens} tokens`);
        return r;
      };
      await app();
      const loaded = (await inference.hostStats()).rssBytes;
      const bare = await ort.InferenceSession.create(path.join(models.bertDir, 'onnx', 'model.onnx'), bareOptions());
      const f1 = bertFeeds(1);
      const bareRun = (): Promise<unknown> => bare.run(f1);
      await timeRuns(bareRun, 2);
      await timeRuns(app, 1);
      const appT: number[] = [];
      const bareT: number[] = [];
      for (let i = 0; i < 16; i++) {
        appT.push(...(await timeRuns(app, 1)));
        bareT.push(...(await timeRuns(bareRun, 1)));
      }
      results.overhead_ratio_bert128 = median(appT.map((a, i) => a / (bareT[i] as number)));
      results.bert_app_ms = median(appT);
      results.bert_bare_ms = median(bareT);
      const size = fs.statSync(path.join(models.bertDir, 'onnx', 'model.onnx')).size;
      results.host_rss_over_model_size = loaded / size;
      results.host_rss_delta_over_model_size_bert = (loaded - baseline) / size;
      const flops = bertFlops(BERT_BASE, SEQ);
      // This machine is shared: pair each BERT run with a MatMul peak measured right before it.
      const paired: number[] = [];
      for (let i = 0; i < 5; i++) {
        const peakNow = await probe.gflops();
        const [ms] = await timeRuns(bareRun, 1);
        paired.push(flops / ((ms as number) / 1000) / 1e9 / peakNow);
      }
      results.gflops_fraction_of_peak_paired = median(paired);
      for (const b of [1, 8, 32]) {
        const feeds = bertFeeds(b);
        if (b > 1) await bare.run(feeds);
        const ms = b === 1 ? median(bareT) : median(await timeRuns(() => bare.run(feeds), 2));
        rows.push({ model: 'BERT-base 128 tok', batch: b, msPerRun: ms, itemsPerS: (b * 1000) / ms, gflops: (b * flops) / (ms / 1000) / 1e9 });
      }
      await bare.release();
      inference.shutdown();
      log('BERT-base done');
    }

    const peak2 = await probe.gflops(15);
    await probe.release();
    const peak = Math.max(peak1, peak2);
    results.matmul_peak_gflops = peak;
    const bertRows = rows.filter((r) => r.model.startsWith('BERT'));
    results.gflops_fraction_of_peak = Number(results.gflops_fraction_of_peak_paired);
    results.gflops_fraction_of_peak_bert_b1_vs_best_peak = bertRows[0]!.gflops / peak;
    results.gflops_fraction_of_peak_bert_best_batch = Math.max(...bertRows.map((r) => r.gflops)) / peak;
    results.gflops_fraction_of_peak_densenet_b1 = rows[0]!.gflops / peak;

    const pad = (s: string | number, n: number): string => String(s).padStart(n);
    console.log(`\nInference benchmark (${os.cpus().length} CPUs, ORT intra-op threads ${THREADS}, inter-op 1, graph optimisation 'all')`);
    console.log(`MatMul 1024³ peak: ${peak.toFixed(1)} GFLOP/s (start ${peak1.toFixed(1)}, end ${peak2.toFixed(1)})\n`);
    console.log(`${'model'.padEnd(20)}${pad('batch', 6)}${pad('ms/run', 10)}${pad('items/s', 10)}${pad('GFLOP/s', 10)}${pad('of peak', 9)}`);
    for (const r of rows) console.log(`${r.model.padEnd(20)}${pad(r.batch, 6)}${pad(r.msPerRun.toFixed(1), 10)}${pad(r.itemsPerS.toFixed(2), 10)}${pad(r.gflops.toFixed(1), 10)}${pad(((r.gflops / peak) * 100).toFixed(0) + '%', 9)}`);
    console.log(`\nBERT-base 128, batch 1, GFLOP/s over the MatMul peak measured just before each run (median of 5): ${Number(results.gflops_fraction_of_peak).toFixed(2)} (target ≥ 0.5)`);
    console.log('\nfull app path vs bare session.run, batch 1 (latencies: medians; ratio: median of adjacent pairs):');
    console.log(`  BERT-base 128:    app ${Number(results.bert_app_ms).toFixed(1)} ms, bare ${Number(results.bert_bare_ms).toFixed(1)} ms, ratio ${Number(results.overhead_ratio_bert128).toFixed(3)} (target ≤ 1.10)`);
    console.log(`  DenseNet-121 224: app ${Number(results.densenet_app_ms).toFixed(1)} ms, bare ${Number(results.densenet_bare_ms).toFixed(1)} ms, ratio ${Number(results.overhead_ratio_densenet224).toFixed(3)} (target ≤ 1.10)`);
    // The same ratio from one process's clock: the app's extra work over its own run time.
    const runOf = (t: Timings[]): number => median(t.slice(-16).map((x) => x.runMs));
    results.overhead_ratio_bert128_in_host = Number(results.bert_app_ms) / runOf(bertTimings);
    results.overhead_ratio_densenet224_in_host = Number(results.densenet_app_ms) / runOf(dnTimings);
    // Decode, resize and normalise in the host (one sharp pass for a PNG), per image.
    results.densenet_preprocess_ms = median(dnTimings.slice(-16).map((x) => x.preprocessMs));
    console.log(`  app latency over the host's own run time: BERT ${Number(results.overhead_ratio_bert128_in_host).toFixed(3)}, DenseNet ${Number(results.overhead_ratio_densenet224_in_host).toFixed(3)} (immune to the two processes' run times drifting apart)`);
    console.log(`  BERT-base app path:    ${breakdown(bertTimings, Number(results.bert_app_ms))}`);
    console.log(`  DenseNet-121 app path: ${breakdown(dnTimings, Number(results.densenet_app_ms))}`);
    console.log('host RSS with the model loaded / model file size:');
    console.log(`  BERT-base: ${Number(results.host_rss_over_model_size).toFixed(2)} (growth over the idle host: ${Number(results.host_rss_delta_over_model_size_bert).toFixed(2)})`);
    console.log(`  DenseNet-121: ${Number(results.host_rss_over_model_size_densenet).toFixed(2)} (growth: ${Number(results.host_rss_delta_over_model_size_densenet).toFixed(2)})`);
    return results;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
