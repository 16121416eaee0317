/** Heatmap values to RGBA pixels: normalised to 0..1, low values transparent. Pure. */

/** Normalises values to 0..1 by their own max (negative values count as 0). */
export function normalise(values: readonly number[]): number[] {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return values.map((v) => (max > 0 ? Math.max(0, v) / max : 0));
}

/** Colour of a normalised value: transparent → yellow → red, alpha rising with the value. */
export function heatColour(v: number): [number, number, number, number] {
  const x = Math.max(0, Math.min(1, v));
  if (x < 0.15) return [0, 0, 0, 0];
  const g = Math.round(220 * (1 - x));
  return [255, g, 0, Math.round(60 + 195 * x)];
}

/** RGBA bytes of a width×height heatmap (row-major values). */
export function heatmapPixels(width: number, height: number, values: readonly number[]): Uint8ClampedArray {
  const n = normalise(values);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b, a] = heatColour(n[i] ?? 0);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = a;
  }
  return out;
}
