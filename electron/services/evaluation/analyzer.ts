/** What the evaluations need from the inference service (the app's own InferenceService satisfies it). */
import type { ImageAnalysis, OcrAnalysis, TextAnalysis } from '../../contract/channels/inference';
import type { ImageRequest, OcrRequest, TextRequest } from '../inference/inferenceService';

/** The analyses an evaluation or benchmark runs. */
export interface Analyzer {
  analyzeImage(req: ImageRequest): Promise<ImageAnalysis>;
  analyzeText(req: TextRequest): Promise<TextAnalysis>;
  readText(req: OcrRequest): Promise<OcrAnalysis>;
}

/** Runs `work` over `items` with at most `limit` in flight (the host still runs one job at a time; this hides transport latency). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return out;
}
