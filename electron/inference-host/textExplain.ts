/**
 * Leave-one-out attributions for a text classifier: each word of the most relevant window is
 * removed in turn and the drop in the label's probability is its attribution. Costs one
 * forward pass per word (batched), reported apart from the prediction's own timings.
 */
import type { LabelResult, TextAnalysis } from '../contract/channels/inference';
import type { PackManifest, TextInputSpec } from '../services/models/manifest';
import { activate } from './calibration';
import { since, type JobContext } from './jobContext';
import type { LoadedModel } from './ortSessions';
import { bertFeeds } from './textBatches';
import type { PreparedNote } from './textPipeline';
import type { NoteTokenizer } from './tokenizers';

/** Words explained at most; longer windows are explained for their first words only. */
export const MAX_EXPLAINED_WORDS = 256;

/** Attributions per word for `label`, over the window where the label scored highest. */
export async function leaveOneOut(
  text: string,
  note: PreparedNote,
  model: LoadedModel,
  tokenizer: NoteTokenizer,
  spec: TextInputSpec,
  manifest: PackManifest,
  label: LabelResult,
  batch: number,
  ctx: JobContext,
): Promise<NonNullable<TextAnalysis['explanation']>> {
  const t0 = performance.now();
  const probOf = async (rows: number[][]): Promise<number[]> => {
    const { feeds } = bertFeeds(rows, tokenizer, model.session.inputNames);
    const out = (await model.run(feeds))[spec.outputName]!;
    const data = out.data as Float32Array;
    const width = out.dims.at(-1) as number;
    return rows.map((_, r) => activate(data.subarray(r * width, (r + 1) * width), spec.activation, manifest.calibration.temperature)[label.index] ?? 0);
  };
  // The window where the label scored highest.
  let best = 0;
  let bestP = -1;
  for (let w = 0; w < note.windows.length; w++) {
    const win = note.windows[w]!;
    const [p] = await probOf([note.ids.slice(win.start, win.end)]);
    if ((p ?? 0) > bestP) [best, bestP] = [w, p ?? 0];
  }
  const win = note.windows[best]!;
  // Words: a token and the ## pieces after it.
  const words: { from: number; to: number }[] = [];
  for (let t = win.start; t < win.end; t++) {
    if (note.spans[t]!.continuation && words.length) words.at(-1)!.to = t + 1;
    else words.push({ from: t, to: t + 1 });
  }
  const explained = words.slice(0, MAX_EXPLAINED_WORDS);
  const attributions: number[] = [];
  for (let i = 0; i < explained.length; i += batch) {
    ctx.checkCancelled();
    const rows = explained.slice(i, i + batch).map((w) => [...note.ids.slice(win.start, w.from), ...note.ids.slice(w.to, win.end)]);
    for (const p of await probOf(rows)) attributions.push(bestP - p);
    ctx.progress((i + rows.length) / explained.length, 'Weighing each word');
  }
  return {
    kind: 'leave-one-out',
    label: label.name,
    words: explained.map((w, i) => {
      const start = note.spans[w.from]!.start;
      const end = note.spans[w.to - 1]!.end;
      return { start, end, text: text.slice(start, end), attribution: attributions[i] ?? 0 };
    }),
    forwardPasses: note.windows.length + explained.length,
    partial: note.windows.length > 1 || words.length > explained.length,
    costMs: since(t0),
  };
}
