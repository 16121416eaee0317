/**
 * Checks, at load, that a model's graph inputs and outputs are what its manifest promises:
 * names, element types and the fixed dimensions. A mismatch would otherwise surface as an
 * obscure runtime error or, worse, as silently wrong answers.
 */
import type * as ort from 'onnxruntime-node';
import { BedsideError } from '../services/errors';
import type { PackRef } from '../services/inference/hostProtocol';

const TEXT_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids'];

function shapeOf(meta: readonly ort.InferenceSession.ValueMetadata[], name: string): { type: string; shape: readonly (number | string)[] } | null {
  const m = meta.find((v) => v.name === name);
  return m && m.isTensor ? { type: m.type, shape: m.shape } : null;
}

/** The input and output an OCR pack's manifest promises for one of its graphs (by file). */
function ocrGraphIo(pack: PackRef, rel: string): { inputName: string; outputName: string; what: string } | null {
  const input = pack.manifest.input;
  if (input.kind !== 'ocr') return null;
  if (rel === input.model) return { inputName: input.inputName, outputName: input.outputName, what: 'text detector' };
  if (rel === input.recognizer.model) return { inputName: input.recognizer.inputName, outputName: input.recognizer.outputName, what: 'text recogniser' };
  if (input.classifier && rel === input.classifier.model) return { inputName: input.classifier.inputName, outputName: input.classifier.outputName, what: 'direction classifier' };
  return null;
}

/** OCR graphs: the named float32 NCHW input and the named output exist. */
function ocrProblems(session: ort.InferenceSession, pack: PackRef, rel: string): string[] {
  const io = ocrGraphIo(pack, rel);
  if (!io) return [`${rel} is not one of its OCR graphs`];
  const problems: string[] = [];
  if (!session.inputNames.includes(io.inputName)) problems.push(`the ${io.what} has no input "${io.inputName}" (it has ${session.inputNames.join(', ')})`);
  if (!session.outputNames.includes(io.outputName)) problems.push(`the ${io.what} has no output "${io.outputName}" (it has ${session.outputNames.join(', ')})`);
  const inp = shapeOf(session.inputMetadata, io.inputName);
  if (inp && (inp.type !== 'float32' || inp.shape.length !== 4)) problems.push(`the ${io.what} takes ${inp.type} with ${inp.shape.length} dimensions, not float32 N, C, H, W`);
  return problems;
}

const SEQUENCE_INPUTS: Readonly<Record<string, string>> = { words: 'int64', chars: 'int64', feats: 'float32', rev: 'int64' };

/** Sequence-labelling graphs: inputs words, chars, feats, rev; emissions [N, T, labels]. */
function sequenceProblems(session: ort.InferenceSession, outputName: string, labels: number): string[] {
  const problems: string[] = [];
  for (const [name, type] of Object.entries(SEQUENCE_INPUTS)) {
    const inp = shapeOf(session.inputMetadata, name);
    if (!session.inputNames.includes(name)) problems.push(`the model has no "${name}" input`);
    else if (inp && inp.type !== type) problems.push(`input "${name}" takes ${inp.type}, not ${type}`);
  }
  const unknown = session.inputNames.filter((n) => !(n in SEQUENCE_INPUTS));
  if (unknown.length) problems.push(`the model needs inputs Bedside cannot provide (${unknown.join(', ')})`);
  if (!session.outputNames.includes(outputName)) problems.push(`the model has no output "${outputName}" (it has ${session.outputNames.join(', ')})`);
  const out = shapeOf(session.outputMetadata, outputName);
  if (out) {
    const d = out.shape.at(-1);
    if (out.shape.length !== 3) problems.push(`output "${outputName}" has ${out.shape.length} dimensions, 3 expected (sentences, tokens, labels)`);
    else if (typeof d === 'number' && d > 0 && d !== labels) problems.push(`the number of labels is ${d} in the model but ${labels} in the manifest`);
  }
  return problems;
}

/** Throws a BedsideError naming the pack and the mismatch, or returns when the graph fits. */
export function checkModelSignature(session: ort.InferenceSession, pack: PackRef, rel: string = pack.manifest.input.model): void {
  const { manifest } = pack;
  const problems: string[] = [];
  if (manifest.input.kind === 'ocr') {
    problems.push(...ocrProblems(session, pack, rel));
    if (problems.length) throw mismatch(pack, problems);
    return;
  }
  if (manifest.input.kind === 'sequence') {
    problems.push(...sequenceProblems(session, manifest.input.outputName, manifest.labels.length));
    if (problems.length) throw mismatch(pack, problems);
    return;
  }
  // A knowledge pack holds data, not a model graph: nothing here can load it.
  if (manifest.input.kind === 'knowledge') throw mismatch(pack, ['it is a knowledge pack (data), not a model']);
  const fixed = (shape: readonly (number | string)[], axis: number, expected: number, what: string): void => {
    const d = shape.at(axis);
    if (typeof d === 'number' && d > 0 && d !== expected) problems.push(`${what} is ${d} in the model but ${expected} in the manifest`);
  };
  const input = manifest.input;
  const outputName = input.outputName;
  if (!session.outputNames.includes(outputName)) problems.push(`the model has no output "${outputName}" (it has ${session.outputNames.join(', ')})`);
  const out = shapeOf(session.outputMetadata, outputName);
  const classes = manifest.labels.length;
  if (input.kind === 'image') {
    if (!session.inputNames.includes(input.inputName)) problems.push(`the model has no input "${input.inputName}" (it has ${session.inputNames.join(', ')})`);
    const inp = shapeOf(session.inputMetadata, input.inputName);
    if (inp) {
      if (inp.type !== 'float32') problems.push(`input "${input.inputName}" takes ${inp.type}, not float32`);
      if (inp.shape.length !== 4) problems.push(`input "${input.inputName}" has ${inp.shape.length} dimensions, not 4 (N, C, H, W)`);
      else {
        fixed(inp.shape, 1, input.channels, 'the channel count');
        fixed(inp.shape, 2, input.height, 'the image height');
        fixed(inp.shape, 3, input.width, 'the image width');
      }
    }
    if (out) fixed(out.shape, -1, classes, 'the number of labels');
  } else {
    if (!session.inputNames.includes('input_ids')) problems.push('the model has no "input_ids" input');
    const unknown = session.inputNames.filter((n) => !TEXT_INPUTS.includes(n));
    if (unknown.length) problems.push(`the model needs inputs Bedside cannot provide (${unknown.join(', ')})`);
    if (out) {
      const rank = manifest.task === 'text-classification' ? 2 : 3;
      if (out.shape.length !== rank) problems.push(`output "${outputName}" has ${out.shape.length} dimensions, ${rank} expected for ${manifest.task}`);
      else if (manifest.task !== 'feature-extraction') fixed(out.shape, -1, classes, 'the number of labels');
    }
  }
  if (problems.length) throw mismatch(pack, problems);
}

function mismatch(pack: PackRef, problems: readonly string[]): BedsideError {
  return new BedsideError(
    'unsupported',
    `The model pack ${pack.id} ${pack.version} does not match its manifest: ${problems.join('; ')}. It was not used; other models keep working. Ask the pack's supplier for a corrected version.`,
  );
}
