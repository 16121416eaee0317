/**
 * OCR in the host: an OCR pack's detector, recogniser and (optional) direction classifier are
 * loaded as three sessions of the host's SessionCache (same provider choice, thread settings,
 * checks and provenance as every other model) and run through the pure pipeline in
 * services/ocr (`runOcr`), with cancellation checked before each forward pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { BedsideError } from '../services/errors';
import type { OcrInputSpec } from '../services/models/manifest';
import type { HostJob, HostOcrResult, PackRef } from '../services/inference/hostProtocol';
import { charsetFromKeys, ocrModelFromSession, runOcr, type OcrModel, type OcrModels, type OcrOptions } from '../services/ocr';
import { since, type JobContext } from './jobContext';
import type { LoadedModel, SessionCache } from './ortSessions';
import { hostProvenance } from './provenance';

type OcrJob = Extract<HostJob, { kind: 'ocr' }>;

/** The loaded graphs of one OCR pack version. */
export interface LoadedOcrPack {
  det: LoadedModel;
  rec: LoadedModel;
  cls?: LoadedModel;
  charset: readonly string[];
}

const charsets = new Map<string, readonly string[]>();

function specOf(pack: PackRef): OcrInputSpec {
  const input = pack.manifest.input;
  if (input.kind !== 'ocr') throw new BedsideError('invalid-input', `Model pack ${pack.id} is not an OCR pack.`);
  return input;
}

/** Loads (or reuses) the pack's three sessions and its dictionary. */
export async function loadOcrPack(sessions: SessionCache, pack: PackRef): Promise<LoadedOcrPack> {
  const spec = specOf(pack);
  const det = await sessions.load(pack, spec.model);
  const rec = await sessions.load(pack, spec.recognizer.model);
  const cls = spec.classifier ? await sessions.load(pack, spec.classifier.model) : undefined;
  const key = `${pack.id}@${pack.version}`;
  let charset = charsets.get(key);
  if (!charset) {
    const file = path.join(pack.dir, ...spec.recognizer.keys.split('/'));
    if (!fs.existsSync(file)) throw new BedsideError('corrupt', `The dictionary ${spec.recognizer.keys} of pack ${pack.id} ${pack.version} is missing. Reinstall the pack; other models keep working.`);
    charset = charsetFromKeys(fs.readFileSync(file, 'utf8'));
    charsets.set(key, charset);
  }
  return { det, rec, ...(cls ? { cls } : {}), charset };
}

/** Forgets cached dictionaries (of one pack id, or all) when sessions are unloaded. */
export function unloadOcrCharsets(packId?: string): void {
  for (const key of [...charsets.keys()]) if (!packId || key.startsWith(`${packId}@`)) charsets.delete(key);
}

/** An OcrModel over a loaded session that checks for cancellation before each forward pass. */
function asOcrModel(model: LoadedModel, inputName: string, outputName: string, ctx: JobContext): OcrModel {
  const session = { inputNames: [inputName], outputNames: [outputName], run: (feeds: Record<string, ort.Tensor>) => model.run(feeds) };
  const run = ocrModelFromSession(session, ort.Tensor);
  return async (x) => {
    ctx.checkCancelled();
    return run(x);
  };
}

const round = (v: number): number => Math.round(v * 100) / 100;

/** Reads one page end to end. */
export async function readPage(job: OcrJob, loaded: LoadedOcrPack, ctx: JobContext): Promise<HostOcrResult> {
  const { manifest } = job.pack;
  const spec = specOf(job.pack);
  const models: OcrModels = {
    det: asOcrModel(loaded.det, spec.inputName, spec.outputName, ctx),
    rec: asOcrModel(loaded.rec, spec.recognizer.inputName, spec.recognizer.outputName, ctx),
    ...(loaded.cls && spec.classifier ? { cls: asOcrModel(loaded.cls, spec.classifier.inputName, spec.classifier.outputName, ctx) } : {}),
    charset: loaded.charset,
  };
  const options: OcrOptions = {
    det: { limitSideLen: spec.limitSideLen, upscale: spec.upscale },
    db: spec.db,
    recBatchSize: spec.recognizer.batchSize,
    dropScore: spec.recognizer.dropScore,
    useCls: spec.classifier !== undefined,
    clsThreshold: spec.classifier?.threshold ?? 0.9,
    clsBatchSize: spec.classifier?.batchSize ?? 6,
  };
  ctx.progress(0, 'Reading the page');
  const t0 = performance.now();
  const result = await runOcr(models, job.bytes, options);
  const totalMs = since(t0);
  const t = result.timings;
  const stages = { decodeMs: round(t.decodeMs), detMs: round(t.detMs), postprocessMs: round(t.postprocessMs), cropMs: round(t.cropMs), clsMs: round(t.clsMs), recMs: round(t.recMs) };
  const preprocessMs = stages.decodeMs;
  const runMs = round(t.detMs + t.clsMs + t.recMs);
  const postprocessMs = round(Math.max(0, totalMs - preprocessMs - runMs));
  // The provider: the first graph that fell back to the CPU names it, else the detector's.
  const graphs = [loaded.det, loaded.rec, ...(loaded.cls ? [loaded.cls] : [])];
  const fell = graphs.find((g) => g.fallbackReason !== undefined) ?? loaded.det;
  const sha = (rel: string): string => manifest.files.find((f) => f.path === rel)?.sha256 ?? '';
  return {
    task: 'ocr',
    lines: result.lines.map((l) => ({ text: l.text, confidence: Math.round(l.confidence * 1e4) / 1e4, box: l.box.map(([x, y]) => [round(x), round(y)]) as HostOcrResult['lines'][number]['box'] })),
    text: result.lines.map((l) => l.text).join('\n'),
    page: { width: result.width, height: result.height },
    stages,
    models: [
      { role: 'detector', path: spec.model, sha256: sha(spec.model) },
      { role: 'recognizer', path: spec.recognizer.model, sha256: sha(spec.recognizer.model) },
      ...(spec.classifier ? [{ role: 'classifier' as const, path: spec.classifier.model, sha256: sha(spec.classifier.model) }] : []),
    ],
    provenance: hostProvenance(manifest, loaded.det, fell, job.bytes, { preprocessMs, runMs, postprocessMs }),
  };
}
