/**
 * Text pipelines in the host: token classification with character offsets (our own offset
 * mapping and BIO grouping), multi-label classification (per-label sigmoid, temperature,
 * thresholds) and embeddings (mean pooling). Long notes are read in overlapping windows and
 * merged; nothing is silently truncated.
 */
import { BedsideError } from '../services/errors';
import type { PackManifest, TextInputSpec } from '../services/models/manifest';
import type { HostJob, HostTextResult } from '../services/inference/hostProtocol';
import type { Entity } from '../contract/channels/inference';
import { assertMentions } from '../services/nlp/assertMentions';
import { groupEntities, type TaggedToken } from './bioGrouping';
import { activate, labelResults, labelStatus, softmax } from './calibration';
import { since, type JobContext } from './jobContext';
import type { LoadedModel } from './ortSessions';
import { hostProvenance } from './provenance';
import { bertFeeds } from './textBatches';
import { alignTokens, type TokenSpan } from './tokenAlignment';
import { ownerWindows, planWindows, type TokenWindow } from './textWindows';
import type { NoteTokenizer } from './tokenizers';
import { leaveOneOut } from './textExplain';

type TextJob = Extract<HostJob, { kind: 'text' }>;

/** The note, tokenised and cut into windows. */
export interface PreparedNote {
  ids: number[];
  spans: TokenSpan[];
  windows: TokenWindow[];
}

/** Runs the model over every window in batches; returns each window's output rows. */
export async function runWindows(
  model: LoadedModel,
  tokenizer: NoteTokenizer,
  note: PreparedNote,
  spec: TextInputSpec,
  batch: number,
  ctx: JobContext,
  timing: { runMs: number; buildMs: number },
): Promise<{ data: Float32Array; length: number; width: number }[]> {
  const results: { data: Float32Array; length: number; width: number }[] = [];
  for (let i = 0; i < note.windows.length; i += batch) {
    ctx.checkCancelled();
    const group = note.windows.slice(i, i + batch);
    const tb = performance.now();
    const { feeds, length } = bertFeeds(group.map((w) => note.ids.slice(w.start, w.end)), tokenizer, model.session.inputNames);
    timing.buildMs += performance.now() - tb;
    const tr = performance.now();
    const out = await model.run(feeds);
    timing.runMs += performance.now() - tr;
    const tensor = out[spec.outputName]!;
    const data = tensor.data as Float32Array;
    const width = tensor.dims.at(-1) as number;
    const per = data.length / group.length;
    group.forEach((_, k) => results.push({ data: data.slice(k * per, (k + 1) * per), length, width }));
    ctx.progress((i + group.length) / note.windows.length, `Read ${Math.min(i + group.length, note.windows.length)} of ${note.windows.length} parts of the note`);
  }
  return results;
}

function entitiesFrom(text: string, note: PreparedNote, outputs: { data: Float32Array; width: number }[], manifest: PackManifest): Entity[] {
  const owner = ownerWindows(note.ids.length, note.windows);
  const tagged: TaggedToken[] = [];
  for (let t = 0; t < note.ids.length; t++) {
    const wi = owner[t] as number;
    const w = note.windows[wi]!;
    const out = outputs[wi]!;
    const pos = 1 + t - w.start; // +1 for [CLS]
    const probs = softmax(out.data.subarray(pos * out.width, (pos + 1) * out.width), manifest.calibration.temperature);
    let best = 0;
    for (let c = 1; c < probs.length; c++) if ((probs[c] as number) > (probs[best] as number)) best = c;
    const span = note.spans[t]!;
    tagged.push({ start: span.start, end: span.end, continuation: span.continuation, label: manifest.labels[best]?.name ?? 'O', score: probs[best] as number });
  }
  const out: Entity[] = [];
  for (const g of groupEntities(tagged)) {
    const label = manifest.labels.find((l) => l.name === `B-${g.type}`) ?? manifest.labels.find((l) => l.name === g.firstLabel);
    const status = label ? labelStatus(g.score, label) : 'present';
    if (status === 'absent') continue;
    out.push({ label: g.type, start: g.start, end: g.end, text: text.slice(g.start, g.end), score: g.score, status, codes: label?.codes ?? [] });
  }
  return out;
}

/** Runs one text job end to end. */
export async function analyzeText(job: TextJob, model: LoadedModel, tokenizer: NoteTokenizer, ctx: JobContext): Promise<HostTextResult> {
  const { manifest } = job.pack;
  const spec = manifest.input as TextInputSpec;
  const task = manifest.task;
  if (task !== 'text-classification' && task !== 'token-classification' && task !== 'feature-extraction') {
    throw new BedsideError('unsupported', `Pack ${manifest.id} is for ${task}, not for notes.`);
  }
  const t0 = performance.now();
  const encoded = tokenizer.encode(job.text);
  const note: PreparedNote = {
    ids: encoded.ids,
    spans: alignTokens(job.text, encoded.tokens, tokenizer.unkToken),
    windows: planWindows(encoded.ids.length, spec.maxLength, spec.stride),
  };
  const timing = { runMs: 0, buildMs: 0 };
  const tokenizeMs = since(t0);
  ctx.checkCancelled();
  const outputs = await runWindows(model, tokenizer, note, spec, job.batch, ctx, timing);

  const t2 = performance.now();
  const result: HostTextResult = {
    task,
    windows: { count: note.windows.length, windowTokens: spec.maxLength, strideTokens: spec.stride, totalTokens: note.ids.length },
    provenance: hostProvenance(manifest, model, model, job.text, { preprocessMs: 0, runMs: 0, postprocessMs: 0 }),
  };
  if (task === 'token-classification') {
    const entities = entitiesFrom(job.text, note, outputs, manifest);
    // ConText assertions for the BERT path too: negated or family mentions are shown as such.
    const assertions = assertMentions(job.text, entities);
    result.entities = entities.map((e, i) => ({ ...e, assertion: assertions[i]! }));
  } else if (task === 'text-classification') {
    const perWindow = outputs.map((o) => activate(o.data, spec.activation, manifest.calibration.temperature));
    // A finding mentioned anywhere in the note counts: the note's probability is the highest window's.
    const doc = manifest.labels.map((l) => Math.max(...perWindow.map((p) => p[l.index] ?? 0)));
    result.labels = labelResults(doc, manifest.labels);
  } else {
    result.embedding = meanPool(note, outputs);
  }
  const postprocessMs = since(t2);

  if (job.explain && task === 'text-classification' && result.labels) {
    const top = result.labels.reduce((a, b) => (b.probability > a.probability ? b : a));
    result.explanation = await leaveOneOut(job.text, note, model, tokenizer, spec, manifest, top, job.batch, ctx);
  }
  const preprocessMs = Math.round((tokenizeMs + timing.buildMs) * 100) / 100;
  const runMs = Math.round(timing.runMs * 100) / 100;
  result.provenance.timings = { queueMs: 0, loadMs: 0, preprocessMs, runMs, postprocessMs, totalMs: preprocessMs + runMs + postprocessMs };
  return result;
}

/** Mean of the attended token vectors ([CLS] and [SEP] included, as sentence-transformers pools), weighted across windows by length. */
function meanPool(note: PreparedNote, outputs: { data: Float32Array; width: number }[]): number[] {
  const hidden = outputs[0]?.width ?? 0;
  const sum = new Float64Array(hidden);
  let count = 0;
  outputs.forEach((o, wi) => {
    const w = note.windows[wi]!;
    const attended = w.end - w.start + 2;
    for (let p = 0; p < attended; p++) for (let h = 0; h < hidden; h++) sum[h] = (sum[h] as number) + (o.data[p * hidden + h] as number);
    count += attended;
  });
  return Array.from(sum, (v) => v / count);
}
