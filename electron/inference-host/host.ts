/**
 * The inference host: a separate process that owns ONNX Runtime and transformers.js. It takes
 * one job at a time from the main process (ORT's own thread pool uses the cores), reports
 * progress, honours cancellation between forward passes, and answers each job with one result
 * or one error written for the clinician. A native crash here costs a retry, never the app.
 */
import { BedsideError, isBedsideError } from '../services/errors';
import type { FromHost, HostError, HostJob, HostSettings, ToHost } from '../services/inference/hostProtocol';
import { analyzeImage } from './imagePipeline';
import { cancelledError, type JobContext } from './jobContext';
import { loadOcrPack, readPage, unloadOcrCharsets } from './ocrPipeline';
import { SessionCache } from './ortSessions';
import { analyzeSequenceText } from './sequencePipeline';
import { unloadSequenceResources } from './sequencePack';
import { analyzeText } from './textPipeline';
import { loadTokenizer, unloadTokenizers } from './tokenizers';

let settings: HostSettings = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  provider: 'cpu',
  cacheDir: process.env.BEDSIDE_TRANSFORMERS_CACHE ?? '',
  graphOptimizationLevel: 'all',
};
const sessions = new SessionCache(() => settings);
const cancelled = new Set<string>();
let chain: Promise<void> = Promise.resolve();

/** Electron's utilityProcess gives the child `process.parentPort` instead of `process.send`. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: FromHost): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function toHostError(e: unknown): HostError {
  if (isBedsideError(e)) return { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) };
  const text = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `The model could not finish (${text.split('\n')[0]!.slice(0, 300)}). Nothing was saved; other models keep working.` };
}

async function runJob(id: string, job: HostJob): Promise<void> {
  const ctx: JobContext = {
    progress: (fraction, message) => send({ type: 'progress', id, fraction, message }),
    checkCancelled: () => {
      if (cancelled.has(id)) throw cancelledError();
    },
  };
  try {
    ctx.checkCancelled();
    const tl = performance.now();
    if (job.kind === 'ocr') {
      const loaded = await loadOcrPack(sessions, job.pack);
      const loadMs = performance.now() - tl;
      const result = await readPage(job, loaded, ctx);
      result.provenance.timings.loadMs = Math.round(loadMs * 100) / 100;
      send({ type: 'result', id, result });
      return;
    }
    const model = await sessions.load(job.pack);
    if (job.kind === 'image') {
      const loadMs = performance.now() - tl;
      const result = await analyzeImage(job, model, ctx);
      result.provenance.timings.loadMs = Math.round(loadMs * 100) / 100;
      send({ type: 'result', id, result });
    } else if (job.pack.manifest.input.kind === 'sequence') {
      const loadMs = performance.now() - tl;
      const result = await analyzeSequenceText(job, model, ctx);
      result.provenance.timings.loadMs = Math.round(loadMs * 100) / 100;
      send({ type: 'result', id, result });
    } else {
      const tokenizer = await loadTokenizer(job.pack, settings.cacheDir);
      const loadMs = performance.now() - tl;
      const result = await analyzeText(job, model, tokenizer, ctx);
      result.provenance.timings.loadMs = Math.round(loadMs * 100) / 100;
      send({ type: 'result', id, result });
    }
  } catch (e) {
    send({ type: 'error', id, error: toHostError(e) });
  } finally {
    cancelled.delete(id);
  }
}

function onMessage(m: ToHost): void {
  switch (m.type) {
    case 'configure':
      settings = m.settings;
      return;
    case 'cancel':
      cancelled.add(m.id);
      return;
    case 'run':
      chain = chain.then(() => runJob(m.id, m.job));
      return;
    case 'stats':
      chain = chain.then(async () => {
        const mem = process.memoryUsage();
        send({ type: 'stats', id: m.id, stats: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, sessions: await sessions.describe() } });
      });
      return;
    case 'unload':
      chain = chain.then(async () => {
        await sessions.unload(m.packId);
        unloadTokenizers(m.packId);
        unloadSequenceResources(m.packId);
        unloadOcrCharsets(m.packId);
        send({ type: 'unloaded', id: m.id });
      });
      return;
  }
}

if (parentPort) {
  parentPort.on('message', (e) => onMessage(e.data as ToHost));
} else if (process.send) {
  process.on('message', (m) => onMessage(m as ToHost));
  // The parent is gone: nothing will collect results, so stop.
  process.on('disconnect', () => process.exit(0));
} else {
  console.error(new BedsideError('unavailable', 'The Bedside inference host must be started by Bedside itself.').message);
  process.exit(2);
}
send({ type: 'ready', pid: process.pid });
