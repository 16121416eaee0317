/**
 * What the model actually saw: its model-sized input picture (e.g. 28 × 28 for the demo
 * pneumonia pack), enlarged without smoothing, and beside it the same picture with the occlusion
 * heatmap blended in, so the clinician can judge whether the reduced picture still shows the lungs.
 */
import { useEffect, useRef } from 'react';
import type { ImageAnalysis } from '../../../../electron/contract/channels/inference';
import { useI18n } from '../../i18n';
import { heatmapPixels } from './heatmap';

type ModelInput = NonNullable<ImageAnalysis['modelInput']>;

/** RGBA pixels of the model input, optionally blended with a heatmap of the same size. Pure. */
export function modelInputPixels(input: ModelInput, heat?: { width: number; height: number; values: readonly number[] }): Uint8ClampedArray {
  const n = input.width * input.height;
  const out = new Uint8ClampedArray(n * 4);
  const colours = heat && heat.width === input.width && heat.height === input.height ? heatmapPixels(heat.width, heat.height, heat.values) : undefined;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const grey = input.pixels[i * input.channels + (input.channels === 1 ? 0 : c)] ?? 0;
      const a = colours ? (colours[i * 4 + 3]! / 255) * 0.6 : 0;
      out[i * 4 + c] = Math.round(grey * (1 - a) + (colours ? colours[i * 4 + c]! : 0) * a);
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

function PixelCanvas({ input, heat, label, testId }: { input: ModelInput; heat?: ImageAnalysis['explanation']; label: string; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(input.width, input.height);
    image.data.set(modelInputPixels(input, heat));
    ctx.putImageData(image, 0, 0);
  }, [input, heat]);
  return <canvas ref={ref} width={input.width} height={input.height} className="model-input-canvas" role="img" aria-label={label} data-testid={testId} />;
}

export function ModelInputView({ input, heat }: { input: ModelInput; heat?: ImageAnalysis['explanation'] }) {
  const { t } = useI18n();
  return (
    <figure className="model-input" data-testid="model-input">
      <div className="model-input-pair">
        <PixelCanvas input={input} label={t('images.seen.alt', { width: input.width, height: input.height })} testId="model-input-image" />
        {heat && <PixelCanvas input={input} heat={heat} label={t('images.seen.heatAlt')} testId="model-input-heatmap" />}
      </div>
      <figcaption className="muted small">{t('images.seen', { width: input.width, height: input.height })}</figcaption>
    </figure>
  );
}
