/**
 * Long notes are read in overlapping windows, never truncated. A window holds at most
 * `maxLength − 2` note tokens (plus [CLS] and [SEP]); consecutive windows share `stride`
 * tokens, and each token's prediction is taken from the window where it sits farthest from an
 * edge, so an entity cut at one window's edge is seen whole in the next.
 */

/** A window: note tokens [start, end). */
export interface TokenWindow {
  start: number;
  end: number;
}

/** Plans windows over `total` tokens; one window (possibly empty) for a short note. */
export function planWindows(total: number, maxLength: number, stride: number): TokenWindow[] {
  const size = maxLength - 2;
  if (size <= 0) throw new Error('window too small');
  if (stride >= size) throw new Error('overlap must be shorter than the window');
  if (total <= size) return [{ start: 0, end: total }];
  const step = size - stride;
  const windows: TokenWindow[] = [];
  for (let start = 0; ; start += step) {
    const end = Math.min(start + size, total);
    windows.push({ start, end });
    if (end === total) break;
  }
  return windows;
}

/** For each token, the index of the window where it is farthest from an edge. */
export function ownerWindows(total: number, windows: readonly TokenWindow[]): Int32Array {
  const owner = new Int32Array(total).fill(-1);
  const margin = new Float64Array(total).fill(-1);
  windows.forEach((w, wi) => {
    for (let t = w.start; t < w.end; t++) {
      // Distance to the nearest edge; the note's own start and end are not edges.
      const left = w.start === 0 ? Infinity : t - w.start;
      const right = w.end === total ? Infinity : w.end - 1 - t;
      const m = Math.min(left, right);
      if (m > (margin[t] as number)) {
        margin[t] = m;
        owner[t] = wi;
      }
    }
  });
  return owner;
}
