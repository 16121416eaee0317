/**
 * DB (differentiable binarisation) postprocessing: the detector's probability map becomes
 * rotated text boxes in page coordinates, following PaddleOCR's DBPostProcess.
 */
import { minAreaRect, rectCorners, unclipRect, type RotatedRect } from './geometry';
import type { Point, Quad } from './types';

/** DB postprocessing parameters (PaddleOCR defaults). */
export interface DbOptions {
  /** A pixel is text when its probability exceeds this. */
  threshold: number;
  /** A region is kept when its mean probability is at least this. */
  boxThreshold: number;
  /** How far the shrunk text kernel is grown back (area × ratio / perimeter). */
  unclipRatio: number;
  /** Regions whose short side is below this (map pixels) are noise. */
  minSize: number;
  /** At most this many regions are examined, largest first. */
  maxCandidates: number;
}

export const DEFAULT_DB: DbOptions = { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, minSize: 3, maxCandidates: 1000 };

/** One detected text region. */
export interface DetectedBox {
  box: Quad;
  /** Mean detector probability inside the (un-grown) region. */
  score: number;
}

/** The pixel-centre outline of one 8-connected component: for each row, its left- and right-most pixel. */
interface Component {
  points: Point[];
  size: number;
}

/** 8-connected components of `map > threshold`, as outline points (enough for their convex hull). */
export function connectedComponents(map: Float32Array, width: number, height: number, threshold: number): Component[] {
  const label = new Uint8Array(width * height); // 1 = already in a component
  const stack = new Int32Array(width * height);
  const members = new Int32Array(width * height);
  const rowMin = new Int32Array(height);
  const rowMax = new Int32Array(height);
  const components: Component[] = [];
  for (let start = 0; start < width * height; start++) {
    if (label[start] !== 0 || !((map[start] as number) > threshold)) continue;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    label[start] = 1;
    let yMin = height, yMax = -1;
    while (top > 0) {
      const p = stack[--top] as number;
      members[size++] = p;
      const y = (p / width) | 0;
      const x = p - y * width;
      if (y < yMin) yMin = y;
      if (y > yMax) yMax = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if ((dx === 0 && dy === 0) || nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (label[q] === 0 && (map[q] as number) > threshold) {
            label[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    rowMin.fill(width, yMin, yMax + 1);
    rowMax.fill(-1, yMin, yMax + 1);
    for (let i = 0; i < size; i++) {
      const p = members[i] as number;
      const y = (p / width) | 0;
      const x = p - y * width;
      if (x < (rowMin[y] as number)) rowMin[y] = x;
      if (x > (rowMax[y] as number)) rowMax[y] = x;
    }
    const points: Point[] = [];
    for (let r = yMin; r <= yMax; r++) {
      if ((rowMax[r] as number) < 0) continue;
      points.push([rowMin[r] as number, r]);
      if (rowMax[r] !== rowMin[r]) points.push([rowMax[r] as number, r]);
    }
    components.push({ points, size });
  }
  return components;
}

/** Mean of `map` over the pixels whose centres lie in the convex quad (half a pixel of tolerance). */
export function meanInQuad(map: Float32Array, width: number, height: number, quad: Quad): number {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs))), x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys))), y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  // Edges as inward-facing lines a·x + b·y + c ≥ −0.5 (normalised), whichever way the quad winds.
  const edges: [number, number, number][] = [];
  let area2 = 0;
  for (let i = 0; i < 4; i++) {
    const p = quad[i] as Point, q = quad[(i + 1) % 4] as Point;
    area2 += p[0] * q[1] - q[0] * p[1];
  }
  const sign = area2 >= 0 ? 1 : -1;
  for (let i = 0; i < 4; i++) {
    const p = quad[i] as Point, q = quad[(i + 1) % 4] as Point;
    const len = Math.hypot(q[0] - p[0], q[1] - p[1]) || 1;
    const a = (-(q[1] - p[1]) * sign) / len, b = ((q[0] - p[0]) * sign) / len;
    edges.push([a, b, -(a * p[0] + b * p[1])]);
  }
  let sum = 0, n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      let inside = true;
      for (const [a, b, c] of edges) if (a * x + b * y + c < -0.5) { inside = false; break; }
      if (inside) { sum += map[y * width + x] as number; n++; }
    }
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * Turns a [H,W] probability map into text boxes in page coordinates: binarise, take connected
 * regions, fit each a minimum-area (rotated) rectangle, keep those whose mean probability
 * reaches `boxThreshold`, grow them by the unclip distance, and scale to the page.
 */
export function dbPostprocess(
  map: Float32Array,
  mapWidth: number,
  mapHeight: number,
  pageWidth: number,
  pageHeight: number,
  opts: DbOptions = DEFAULT_DB,
): DetectedBox[] {
  const components = connectedComponents(map, mapWidth, mapHeight, opts.threshold)
    .sort((a, b) => b.size - a.size)
    .slice(0, opts.maxCandidates);
  const sx = pageWidth / mapWidth, sy = pageHeight / mapHeight;
  const out: DetectedBox[] = [];
  for (const c of components) {
    const rect = minAreaRect(c.points);
    if (Math.min(rect.width, rect.height) < opts.minSize) continue;
    const score = meanInQuad(map, mapWidth, mapHeight, rectCorners(rect));
    if (score < opts.boxThreshold) continue;
    const grown: RotatedRect = unclipRect(rect, opts.unclipRatio);
    if (Math.min(grown.width, grown.height) < opts.minSize + 2) continue;
    const box = rectCorners(grown).map(([x, y]) => [clamp(x * sx, 0, pageWidth), clamp(y * sy, 0, pageHeight)] as Point) as Quad;
    const w = Math.hypot(box[1][0] - box[0][0], box[1][1] - box[0][1]);
    const h = Math.hypot(box[3][0] - box[0][0], box[3][1] - box[0][1]);
    if (w <= 3 || h <= 3) continue;
    out.push({ box, score });
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
