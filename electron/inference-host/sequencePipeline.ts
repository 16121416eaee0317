/**
 * Notes through a sequence-labelling (BiLSTM-CRF) pack: the note is cut into sentences of word
 * tokens with character offsets, each sentence gets the training script's features, sentences
 * run in padded batches (the graph reverses each sentence itself, so padding changes nothing),
 * and Viterbi over the CRF scores picks the tags. Each entity then gets its ConText assertion
 * and, when the pack has a dictionary, its NCBI concept. Semantic tags such as "(disorder)" are
 * trimmed off entities, and a section header ("Medications:") is never an entity.
 */
import * as ort from 'onnxruntime-node';
import type { Entity } from '../contract/channels/inference';
import type { HostJob, HostTextResult } from '../services/inference/hostProtocol';
import type { SequenceInputSpec } from '../services/models/manifest';
import { contextAssertions, familySections, type MentionSpan } from '../services/nlp/context';
import { sentenceFeatures, type SentenceFeatures } from '../services/nlp/taggerFeatures';
import { crfMarginals, viterbi } from '../services/nlp/viterbi';
import { splitSentences, type Sentence, type WordToken } from '../services/nlp/wordTokens';
import { labelStatus } from './calibration';
import { since, type JobContext } from './jobContext';
import type { LoadedModel } from './ortSessions';
import { hostProvenance } from './provenance';
import { sequenceResources, type SequenceResources } from './sequencePack';

type TextJob = Extract<HostJob, { kind: 'text' }>;

/** Builds the four input tensors for a batch of sentences. */
export function sequenceFeeds(batch: readonly SentenceFeatures[], maxChars: number): Record<string, ort.Tensor> {
  const B = batch.length;
  const T = Math.max(1, ...batch.map((s) => s.wordIds.length));
  const F = batch[0]?.feats[0]?.length ?? 0;
  const words = new BigInt64Array(B * T);
  const chars = new BigInt64Array(B * T * maxChars);
  const feats = new Float32Array(B * T * F);
  const rev = new BigInt64Array(B * T);
  batch.forEach((s, b) => {
    const n = s.wordIds.length;
    for (let t = 0; t < T; t++) {
      const at = b * T + t;
      rev[at] = BigInt(t < n ? n - 1 - t : t);
      if (t >= n) continue;
      words[at] = BigInt(s.wordIds[t]!);
      const c = s.charIds[t]!;
      for (let k = 0; k < maxChars; k++) chars[at * maxChars + k] = BigInt(c[k]!);
      feats.set(s.feats[t]!, at * F);
    }
  });
  return {
    words: new ort.Tensor('int64', words, [B, T]),
    chars: new ort.Tensor('int64', chars, [B, T, maxChars]),
    feats: new ort.Tensor('float32', feats, [B, T, F]),
    rev: new ort.Tensor('int64', rev, [B, T]),
  };
}

/** Tag indices per sentence (Viterbi over the graph's emissions) and each chosen tag's CRF marginal probability. */
export async function tagSentences(
  model: LoadedModel,
  res: SequenceResources,
  spec: SequenceInputSpec,
  sentences: readonly (readonly string[])[],
  ctx: JobContext | null,
): Promise<{ tags: number[][]; scores: number[][] }> {
  const features = sentences.map((s) => sentenceFeatures(s, res.vocab));
  // Similar lengths together: less padding per batch.
  const order = sentences.map((_, i) => i).sort((a, b) => sentences[a]!.length - sentences[b]!.length);
  const tags: number[][] = new Array<number[]>(sentences.length);
  const scores: number[][] = new Array<number[]>(sentences.length);
  const K = res.crf.labels.length;
  for (let i = 0; i < order.length; i += spec.batchSize) {
    ctx?.checkCancelled();
    const idx = order.slice(i, i + spec.batchSize).filter((j) => sentences[j]!.length > 0);
    for (const j of order.slice(i, i + spec.batchSize)) {
      if (sentences[j]!.length) continue;
      tags[j] = [];
      scores[j] = [];
    }
    if (!idx.length) continue;
    const out = await model.run(sequenceFeeds(idx.map((j) => features[j]!), spec.maxChars));
    const em = out[spec.outputName]!;
    const data = em.data as Float32Array;
    const T = em.dims[1] as number;
    idx.forEach((j, b) => {
      const n = sentences[j]!.length;
      const path = viterbi(data, b * T * K, n, res.crf);
      tags[j] = path;
      const marginals = crfMarginals(data, b * T * K, n, res.crf);
      scores[j] = path.map((k, t) => marginals[t]![k]!);
    });
    ctx?.progress(Math.min(1, (i + spec.batchSize) / order.length), `Read ${Math.min(i + spec.batchSize, order.length)} of ${order.length} sentences`);
  }
  return { tags, scores };
}

/** Token ranges [start, end) of the entities in a BIO tag sequence (an I- after O starts one). */
export function bioSpans(tags: readonly string[]): MentionSpan[] {
  const out: MentionSpan[] = [];
  let start = -1;
  tags.forEach((tag, i) => {
    if (start >= 0 && !tag.startsWith('I-')) {
      out.push({ start, end: i });
      start = -1;
    }
    if (tag.startsWith('B-') || (tag.startsWith('I-') && start < 0)) start = i;
  });
  if (start >= 0) out.push({ start, end: tags.length });
  return out;
}

const SEMANTIC_TAG = /^(disorder|finding|situation|disease|morphologic abnormality|procedure|substance)$/i;
const EDGE_PUNCT = new Set(['(', '[', ',', ';', ':', '-', '/', '.']);

/** Trims semantic tags ("(disorder)") and dangling punctuation off a span; null when nothing is left. */
export function trimSpan(tokens: readonly WordToken[], span: MentionSpan): MentionSpan | null {
  let { start, end } = span;
  for (let i = start; i < end; i++) {
    if (tokens[i]!.text === '(' && SEMANTIC_TAG.test(tokens[i + 1]?.text ?? '') && i > start) {
      end = i;
      break;
    }
  }
  while (end > start && EDGE_PUNCT.has(tokens[end - 1]!.text)) end--;
  while (start < end && (EDGE_PUNCT.has(tokens[start]!.text) || tokens[start]!.text === ')')) start++;
  // an opening bracket without its closing one inside the span: cut before it
  const open = tokens.slice(start, end).findIndex((t) => t.text === '(');
  if (open >= 0 && !tokens.slice(start + open, end).some((t) => t.text === ')')) end = start + open;
  while (end > start && EDGE_PUNCT.has(tokens[end - 1]!.text)) end--;
  return end > start ? { start, end } : null;
}

/** True when the span is a section header: it starts its line and a ':' follows it. */
function isHeader(text: string, tokens: readonly WordToken[], span: MentionSpan, lineStart: number): boolean {
  const first = tokens[span.start]!;
  return tokens[span.end]?.text === ':' && text.slice(lineStart, first.start).trim() === '';
}

/** Entities with assertion and concept from tagged sentences. */
export function entitiesFromTags(text: string, sentences: readonly Sentence[], tags: readonly number[][], scores: readonly number[][], res: SequenceResources, job: TextJob): Entity[] {
  const labels = job.pack.manifest.labels;
  const family = familySections(text, sentences);
  const out: Entity[] = [];
  sentences.forEach((s, si) => {
    const names = (tags[si] ?? []).map((k) => res.crf.labels[k] ?? 'O');
    const spans = bioSpans(names)
      .map((sp) => trimSpan(s.tokens, sp))
      .filter((sp): sp is MentionSpan => sp !== null && !isHeader(text, s.tokens, sp, s.lineStart));
    const assertions = contextAssertions(s.tokens, spans, family[si]);
    spans.forEach((sp, k) => {
      const type = (names[sp.start] ?? 'B-Entity').replace(/^[BI]-/, '');
      const label = labels.find((l) => l.name === `B-${type}`);
      const sc = scores[si]!.slice(sp.start, sp.end);
      const score = sc.reduce((a, b) => a + b, 0) / sc.length;
      const start = s.tokens[sp.start]!.start;
      const end = s.tokens[sp.end - 1]!.end;
      const mention = text.slice(start, end);
      const concept = res.concepts?.match(mention) ?? null;
      out.push({
        label: type,
        start,
        end,
        text: mention,
        score,
        status: label ? (labelStatus(score, label) === 'present' ? 'present' : 'uncertain') : 'present',
        codes: label?.codes ?? [],
        assertion: assertions[k]!,
        ...(concept ? { concept } : {}),
      });
    });
  });
  return out;
}

/** Runs one note through a sequence pack end to end. */
export async function analyzeSequenceText(job: TextJob, model: LoadedModel, ctx: JobContext): Promise<HostTextResult> {
  const { manifest } = job.pack;
  const spec = manifest.input as SequenceInputSpec;
  const t0 = performance.now();
  const res = sequenceResources(job.pack);
  const sentences = splitSentences(job.text);
  const words = sentences.map((s) => s.tokens.map((t) => t.text));
  const tokenizeMs = since(t0);
  const t1 = performance.now();
  const { tags, scores } = await tagSentences(model, res, spec, words, ctx);
  const runMs = since(t1);
  const t2 = performance.now();
  const entities = entitiesFromTags(job.text, sentences, tags, scores, res, job);
  const postprocessMs = since(t2);
  const totalTokens = words.reduce((a, w) => a + w.length, 0);
  const result: HostTextResult = {
    task: 'token-classification',
    entities,
    windows: { count: sentences.length, windowTokens: Math.max(0, ...words.map((w) => w.length)), strideTokens: 0, totalTokens },
    provenance: hostProvenance(manifest, model, model, job.text, { preprocessMs: tokenizeMs, runMs, postprocessMs }),
  };
  return result;
}
