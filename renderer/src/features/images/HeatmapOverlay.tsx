/**
 * A heatmap drawn over an image (or alone): a small canvas of width×height cells stretched to
 * the box it sits in, smoothed by the browser. Hidden from screen readers: the finding text
 * beside it carries the meaning.
 */
import { useEffect, useRef } from 'react';
import { heatmapPixels } from './heatmap';

interface Props {
  width: number;
  height: number;
  values: readonly number[];
  opacity?: number;
  visible?: boolean;
  className?: string;
  id?: string;
}

export function HeatmapOverlay({ width, height, values, opacity = 0.5, visible = true, className = 'heatmap-overlay', id }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(width, height);
    image.data.set(heatmapPixels(width, height, values));
    ctx.putImageData(image, 0, 0);
  }, [width, height, values]);
  return (
    <canvas
      ref={ref}
      width={width}
      height={height}
      className={className}
      style={{ opacity, display: visible ? undefined : 'none' }}
      aria-hidden="true"
      id={id}
      data-testid="heatmap"
      data-visible={visible ? 'true' : 'false'}
    />
  );
}
