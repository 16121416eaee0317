/** Draws an image into a canvas through the window/level lookup table, redrawing when the window changes. */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { windowLut } from './viewerState';

/**
 * Loads `src` (a URL, or pixels already windowed, drawn as they are) and keeps `canvas` showing it through the window (null: as it is, for images the
 * main side has already windowed); returns the image size once loaded. While a new `src` loads,
 * the previous picture stays on the canvas, so re-windowed previews replace each other without a flash.
 */
export function useWindowedCanvas(
  canvas: RefObject<HTMLCanvasElement | null>,
  src: string | ImageData,
  window: { center: number; width: number } | null,
): { size: { w: number; h: number } | null; error: boolean } {
  const center = window?.center ?? null;
  const width = window?.width ?? null;
  const original = useRef<ImageData | null>(null);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    if (typeof src !== 'string') {
      original.current = src; // drawn by the effect below
      return;
    }
    let live = true;
    const img = new Image();
    img.src = src;
    img
      .decode()
      .then(() => {
        if (!live) return;
        const off = document.createElement('canvas');
        off.width = img.naturalWidth;
        off.height = img.naturalHeight;
        const ctx = off.getContext('2d');
        if (!ctx) return;
        ctx.drawImage(img, 0, 0);
        original.current = ctx.getImageData(0, 0, off.width, off.height);
        setError(false);
        setSize({ w: off.width, h: off.height });
      })
      .catch(() => live && setError(true));
    return () => {
      live = false;
    };
  }, [src, canvas]);

  const pixelsW = typeof src === 'string' ? null : src.width;
  const pixelsH = typeof src === 'string' ? null : src.height;
  const pixelsSize = useMemo(() => (pixelsW !== null && pixelsH !== null ? { w: pixelsW, h: pixelsH } : null), [pixelsW, pixelsH]);
  const shownSize = typeof src === 'string' ? size : pixelsSize;

  useEffect(() => {
    const data = original.current;
    const ctx = canvas.current?.getContext('2d');
    if (!data || !ctx || !shownSize) return;
    if (center === null || width === null) {
      ctx.putImageData(data, 0, 0);
      return;
    }
    const lut = windowLut(center, width);
    const out = new ImageData(data.width, data.height);
    const s = data.data;
    const d = out.data;
    for (let i = 0; i < s.length; i += 4) {
      d[i] = lut[s[i]!]!;
      d[i + 1] = lut[s[i + 1]!]!;
      d[i + 2] = lut[s[i + 2]!]!;
      d[i + 3] = s[i + 3]!;
    }
    ctx.putImageData(out, 0, 0);
  }, [canvas, shownSize, center, width, src]);

  return { size: shownSize, error: typeof src === 'string' && error };
}
