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

/** Throws a BedsideError naming the pack and the mismatch, or returns when the graph fits. */
export function checkModelSignature(session: ort.InferenceSession, pack: PackRef): void {
  const { manifest } = pack;
  const problems: string[] = [];
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
  if (problems.length) {
    throw new BedsideError(
      'unsupported',
      `The model pack ${pack.id} ${pack.version} does not match its manifest: ${problems.join('; ')}. It was not used; other models keep working. Ask the pack's supplier for a corrected version.`,
    );
  }
}
