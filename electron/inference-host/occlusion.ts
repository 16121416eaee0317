/**
 * Occlusion sensitivity (Zeiler & Fergus 2014): slide a patch over the model input, set it to
 * zero in normalised space (the training mean), and record how much the label's probability
 * drops. Patches run in batches; each pixel's value is the mean drop of the patches covering it.
 */

/**
 * The default occlusion patch: a seventh of the model input's shorter side (at least 2 pixels),
 * moved by half a patch, so the map has detail on a 28-pixel model and a 224-pixel one alike
 * (a fixed 32-pixel patch would cover a 28-pixel input in one pass and show nothing).
 */
export function defaultOcclusion(width: number, height: number, requested: { patch?: number; stride?: number } = {}): { patch: number; stride: number } {
  const patch = Math.min(requested.patch ?? Math.max(2, Math.round(Math.min(width, height) / 7)), width, height);
  return { patch, stride: requested.stride ?? Math.max(1, Math.round(patch / 2)) };
}

/** A square patch position on the model input grid. */
export interface PatchPosition {
  x: number;
  y: number;
}

/** Patch positions covering a width × height grid (the last row and column reach the edge). */
export function patchPositions(width: number, height: number, patch: number, stride: number): PatchPosition[] {
  const starts = (size: number): number[] => {
    const p = Math.min(patch, size);
    const out: number[] = [];
    for (let s = 0; s + p <= size; s += stride) out.push(s);
    if (out.at(-1) !== size - p) out.push(size - p);
    return out;
  };
  const out: PatchPosition[] = [];
  for (const y of starts(height)) for (const x of starts(width)) out.push({ x, y });
  return out;
}

/** Copies `base` (C×H×W) into `target` at batch slot `slot`, with the patch zeroed. */
export function occludeInto(target: Float32Array, slot: number, base: Float32Array, channels: number, width: number, height: number, pos: PatchPosition, patch: number): void {
  const plane = width * height;
  const offset = slot * channels * plane;
  target.set(base, offset);
  const pw = Math.min(patch, width - pos.x);
  const ph = Math.min(patch, height - pos.y);
  for (let c = 0; c < channels; c++) {
    for (let y = pos.y; y < pos.y + ph; y++) target.fill(0, offset + c * plane + y * width + pos.x, offset + c * plane + y * width + pos.x + pw);
  }
}

/** Accumulates per-patch drops into a per-pixel heatmap (mean over covering patches). */
export function heatmapFromDrops(width: number, height: number, positions: readonly PatchPosition[], drops: readonly number[], patch: number): Float32Array {
  const sum = new Float32Array(width * height);
  const count = new Uint16Array(width * height);
  positions.forEach((pos, i) => {
    const d = drops[i] ?? 0;
    for (let y = pos.y; y < Math.min(pos.y + patch, height); y++) {
      for (let x = pos.x; x < Math.min(pos.x + patch, width); x++) {
        const i = y * width + x;
        sum[i] = (sum[i] as number) + d;
        count[i] = (count[i] as number) + 1;
      }
    }
  });
  for (let i = 0; i < sum.length; i++) sum[i] = count[i] ? (sum[i] as number) / (count[i] as number) : 0;
  return sum;
}
