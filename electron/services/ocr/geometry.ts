/** Plane geometry for text boxes: convex hulls, minimum-area rectangles, offsets, homographies. */
import type { Point, Quad } from './types';

/** A rotated rectangle: centre, side lengths along its own axes, and the unit axis of `width`. */
export interface RotatedRect {
  cx: number;
  cy: number;
  width: number;
  height: number;
  /** Unit vector along the `width` side. The `height` side runs along (−uy, ux). */
  ux: number;
  uy: number;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Convex hull (Andrew's monotone chain), counter-clockwise in y-up terms, no repeated end point. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2] as Point, lower[lower.length - 1] as Point, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i] as Point;
    while (upper.length >= 2 && cross(upper[upper.length - 2] as Point, upper[upper.length - 1] as Point, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * Minimum-area enclosing rectangle of a point set (rotating calipers over the hull's edges),
 * as OpenCV's minAreaRect computes it for PaddleOCR. Degenerate sets give zero-size sides.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { cx: 0, cy: 0, width: 0, height: 0, ux: 1, uy: 0 };
  if (hull.length === 1) {
    const p = hull[0] as Point;
    return { cx: p[0], cy: p[1], width: 0, height: 0, ux: 1, uy: 0 };
  }
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i] as Point;
    const b = hull[(i + 1) % hull.length] as Point;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity, maxU = -Infinity, minV = Infinity, maxV = -Infinity;
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, width: maxU - minU, height: maxV - minV, ux, uy };
    }
  }
  return best ?? { cx: hull[0]?.[0] ?? 0, cy: hull[0]?.[1] ?? 0, width: 0, height: 0, ux: 1, uy: 0 };
}

/** The rectangle's four corners in PaddleOCR's order (see `orderQuad`). */
export function rectCorners(r: RotatedRect): Quad {
  const hx = (r.ux * r.width) / 2, hy = (r.uy * r.width) / 2;
  const vx = (-r.uy * r.height) / 2, vy = (r.ux * r.height) / 2;
  return orderQuad([
    [r.cx - hx - vx, r.cy - hy - vy],
    [r.cx + hx - vx, r.cy + hy - vy],
    [r.cx + hx + vx, r.cy + hy + vy],
    [r.cx - hx + vx, r.cy - hy + vy],
  ]);
}

/**
 * Orders four corners as top-left, top-right, bottom-right, bottom-left: the two left-most
 * points are the left side (upper one first), the two right-most the right side (PaddleOCR's
 * get_mini_boxes rule, which keeps reading order for text tilted less than 45°).
 */
export function orderQuad(points: readonly Point[]): Quad {
  const byX = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [a, b, c, d] = byX as [Point, Point, Point, Point];
  const [tl, bl] = a[1] <= b[1] ? [a, b] : [b, a];
  const [tr, br] = c[1] <= d[1] ? [c, d] : [d, c];
  return [tl, tr, br, bl];
}

/**
 * Grows a rectangle outwards by PaddleOCR's unclip distance, area × ratio / perimeter. The DB
 * detector predicts a shrunk text kernel; this restores the full line. For a rectangle the
 * round-joined polygon offset that PaddleOCR takes with pyclipper has, as its minimum-area
 * rectangle, the rectangle grown by that distance on every side, which is what is returned.
 */
export function unclipRect(r: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (r.width + r.height);
  if (perimeter === 0) return { ...r };
  const distance = (r.width * r.height * ratio) / perimeter;
  return { ...r, width: r.width + 2 * distance, height: r.height + 2 * distance };
}

/** Side lengths of a quad as a text line: width = longer of top/bottom, height = longer of left/right. */
export function quadSize(q: Quad): { width: number; height: number } {
  const d = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
  return { width: Math.max(d(q[0], q[1]), d(q[3], q[2])), height: Math.max(d(q[0], q[3]), d(q[1], q[2])) };
}

/**
 * The 3×3 homography (row-major, h33 = 1) mapping `from[i]` onto `to[i]` for four point pairs,
 * solved by Gaussian elimination. Throws when the points are degenerate (three in a line).
 */
export function homography(from: readonly Point[], to: readonly Point[]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as Point;
    const [u, v] = to[i] as Point;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  const n = 8;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number)) pivot = r;
    const pr = a[pivot] as number[];
    if (Math.abs(pr[col] as number) < 1e-12) throw new Error('degenerate quadrilateral');
    a[pivot] = a[col] as number[];
    a[col] = pr;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const f = (row[col] as number) / (pr[col] as number);
      if (f === 0) continue;
      for (let k = col; k <= n; k++) row[k] = (row[k] as number) - f * (pr[k] as number);
    }
  }
  const h = a.map((row, i) => (row[n] as number) / (row[i] as number));
  h.push(1);
  return h;
}
