/** The OCR pipeline's pure pieces, without models: geometry, DB postprocessing, CTC, tensors. */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import {
  charsetFromKeys,
  cropQuad,
  ctcGreedyDecode,
  dbPostprocess,
  detPreprocess,
  detTargetSize,
  linesToTensor,
  ocrModelFromSession,
  rotate180,
  sortReadingOrder,
  type Quad,
  type RgbImage,
} from '../../../electron/services/ocr';
import { minAreaRect, orderQuad, unclipRect, homography } from '../../../electron/services/ocr/geometry';
import { isBedsideError } from '../../../electron/services/errors';

describe('charset', () => {
  it('puts the CTC blank first and the space last, ignoring a trailing newline', () => {
    expect(charsetFromKeys('a\nb\nc\n')).toEqual(['', 'a', 'b', 'c', ' ']);
    expect(charsetFromKeys('a\r\nb')).toEqual(['', 'a', 'b', ' ']);
  });
});

describe('ctcGreedyDecode', () => {
  const charset = ['', 'a', 'b', ' '];
  /** One-hot-ish steps: each entry is [class, probability]. */
  function steps(seq: [number, number][]): Float32Array {
    const out = new Float32Array(seq.length * 4);
    seq.forEach(([c, p], t) => {
      for (let k = 0; k < 4; k++) out[t * 4 + k] = k === c ? p : (1 - p) / 3;
    });
    return out;
  }
  it('merges repeats, drops blanks and keeps doubled letters split by a blank', () => {
    const probs = steps([[1, 0.9], [1, 0.8], [0, 0.9], [1, 0.7], [3, 0.6], [2, 0.5], [0, 0.99]]);
    const r = ctcGreedyDecode(probs, 7, 4, charset);
    expect(r.text).toBe('aa b');
    // Mean of the first step of each kept run: 0.9, 0.7, 0.6, 0.5.
    expect(r.confidence).toBeCloseTo((0.9 + 0.7 + 0.6 + 0.5) / 4, 5);
  });
  it('gives empty text and zero confidence for all blanks, and honours the offset', () => {
    expect(ctcGreedyDecode(steps([[0, 0.9], [0, 0.9]]), 2, 4, charset)).toEqual({ text: '', confidence: 0 });
    const two = steps([[0, 0.9], [2, 0.9]]);
    expect(ctcGreedyDecode(two, 1, 4, charset, 4).text).toBe('b');
  });
});

describe('geometry', () => {
  it('finds the minimum-area rectangle of a rotated rectangle', () => {
    const a = (20 * Math.PI) / 180;
    const pts: [number, number][] = [];
    for (let u = -50; u <= 50; u += 5) for (let v = -10; v <= 10; v += 5) pts.push([100 + u * Math.cos(a) - v * Math.sin(a), 80 + u * Math.sin(a) + v * Math.cos(a)]);
    const r = minAreaRect(pts);
    expect(r.cx).toBeCloseTo(100, 6);
    expect(r.cy).toBeCloseTo(80, 6);
    expect([r.width, r.height].sort((x, y) => x - y)).toEqual([expect.closeTo(20, 6), expect.closeTo(100, 6)]);
  });
  it('grows a rectangle by area × ratio / perimeter on every side', () => {
    const r = unclipRect({ cx: 0, cy: 0, width: 100, height: 10, ux: 1, uy: 0 }, 1.5);
    const d = (100 * 10 * 1.5) / 220;
    expect(r.width).toBeCloseTo(100 + 2 * d, 9);
    expect(r.height).toBeCloseTo(10 + 2 * d, 9);
  });
  it('orders corners top-left, top-right, bottom-right, bottom-left', () => {
    expect(orderQuad([[10, 10], [0, 5], [10, 0], [0, 15]])).toEqual([[0, 5], [10, 0], [10, 10], [0, 15]]);
  });
  it('solves a homography that maps the four corners exactly', () => {
    const from: [number, number][] = [[0, 0], [100, 0], [100, 20], [0, 20]];
    const to: [number, number][] = [[10, 12], [108, 30], [104, 52], [6, 33]];
    const h = homography(from, to);
    for (let i = 0; i < 4; i++) {
      const [x, y] = from[i] as [number, number];
      const den = (h[6] as number) * x + (h[7] as number) * y + 1;
      expect(((h[0] as number) * x + (h[1] as number) * y + (h[2] as number)) / den).toBeCloseTo((to[i] as [number, number])[0], 6);
      expect(((h[3] as number) * x + (h[4] as number) * y + (h[5] as number)) / den).toBeCloseTo((to[i] as [number, number])[1], 6);
    }
  });
});

describe('dbPostprocess', () => {
  /** A probability map with filled rectangles [x0, y0, x1, y1, p] on a zero background. */
  function map(w: number, h: number, rects: [number, number, number, number, number][]): Float32Array {
    const m = new Float32Array(w * h);
    for (const [x0, y0, x1, y1, p] of rects) for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * w + x] = p;
    return m;
  }
  it('finds each text kernel, grows it by the unclip distance and scales it to the page', () => {
    const m = map(200, 100, [[20, 20, 119, 29, 0.9], [20, 60, 79, 69, 0.8]]);
    const boxes = dbPostprocess(m, 200, 100, 400, 200);
    expect(boxes).toHaveLength(2);
    const first = boxes.find((b) => b.box[0][1] < 80) as { box: Quad; score: number };
    expect(first.score).toBeCloseTo(0.9, 5);
    // Kernel centres span 99 × 9 map pixels; d = 99·9·1.5/216 = 6.19; page scale 2.
    const d = (99 * 9 * 1.5) / 216;
    expect(first.box[0][0]).toBeCloseTo((20 - d) * 2, 4);
    expect(first.box[0][1]).toBeCloseTo((20 - d) * 2, 4);
    expect(first.box[2][0]).toBeCloseTo((119 + d) * 2, 4);
    expect(first.box[2][1]).toBeCloseTo((29 + d) * 2, 4);
  });
  it('drops faint regions, specks and an empty map', () => {
    expect(dbPostprocess(map(100, 50, [[10, 10, 80, 20, 0.5]]), 100, 50, 100, 50)).toEqual([]);
    expect(dbPostprocess(map(100, 50, [[10, 10, 11, 11, 0.99]]), 100, 50, 100, 50)).toEqual([]);
    expect(dbPostprocess(new Float32Array(100 * 50), 100, 50, 100, 50)).toEqual([]);
  });
  it('keeps the tilt of a rotated line', () => {
    const w = 200, h = 120;
    const m = new Float32Array(w * h);
    const a = (8 * Math.PI) / 180;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const u = (x - 100) * Math.cos(a) + (y - 60) * Math.sin(a);
      const v = -(x - 100) * Math.sin(a) + (y - 60) * Math.cos(a);
      if (Math.abs(u) < 70 && Math.abs(v) < 6) m[y * w + x] = 0.95;
    }
    const [b] = dbPostprocess(m, w, h, w, h);
    expect(b).toBeDefined();
    const q = (b as { box: Quad }).box;
    const angle = (Math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]) * 180) / Math.PI;
    expect(angle).toBeCloseTo(8, 0);
  });
});

describe('reading order', () => {
  const box = (x: number, y: number, w = 100, h = 20): { box: Quad; id: string } => ({ box: [[x, y], [x + w, y], [x + w, y + h], [x, y + h]], id: `${x},${y}` });
  it('reads top to bottom, and left to right within a line even when the boxes are a few pixels apart', () => {
    const sorted = sortReadingOrder([box(300, 52), box(10, 100), box(10, 55), box(300, 10), box(10, 12)]);
    expect(sorted.map((s) => s.id)).toEqual(['10,12', '300,10', '10,55', '300,52', '10,100']);
  });
});

describe('images and tensors', () => {
  const rgb = (w: number, h: number, f: (x: number, y: number) => [number, number, number]): RgbImage => {
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(f(x, y), (y * w + x) * 3);
    return { data, width: w, height: h };
  };
  it('sizes the detector input to multiples of 32, shrinking only pages larger than 960', () => {
    expect(detTargetSize(1920, 1080)).toEqual({ width: 960, height: 544 });
    expect(detTargetSize(900, 280)).toEqual({ width: 896, height: 288 });
    expect(detTargetSize(10, 10)).toEqual({ width: 32, height: 32 });
    expect(detTargetSize(480, 100, { limitSideLen: 960, upscale: true })).toEqual({ width: 960, height: 192 });
  });
  it('decodes any image to a BGR ImageNet-normalised NCHW tensor', async () => {
    const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
    const d = await detPreprocess(png);
    expect(d.tensor.dims).toEqual([1, 3, 32, 64]);
    expect(d.page.width).toBe(64);
    const plane = 32 * 64;
    // Channel 0 is blue (0), channel 2 is red (255), each with its own mean/std.
    expect(d.tensor.data[0]).toBeCloseTo((0 - 0.485) / 0.229, 4);
    expect(d.tensor.data[2 * plane]).toBeCloseTo((1 - 0.406) / 0.225, 4);
  });
  it('refuses bytes that are not an image with a clear message', async () => {
    for (const bytes of [Buffer.from('Creatinine 2.1 mg/dL, this is a text file'), new Uint8Array(0), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])]) {
      const err: unknown = await detPreprocess(bytes).then(() => undefined, (e: unknown) => e);
      expect(isBedsideError(err) && err.code).toBe('invalid-input');
      expect((err as Error).message).toMatch(/not an image/);
    }
  });
  it('crops an axis-aligned box exactly and straightens a tilted one', () => {
    const page = rgb(50, 30, (x, y) => [x, y, 7]);
    const c = cropQuad(page, [[10, 5], [30, 5], [30, 15], [10, 15]]);
    expect([c.width, c.height]).toEqual([20, 10]);
    expect(Array.from(c.data.slice(0, 3))).toEqual([10, 5, 7]);
    expect(Array.from(c.data.slice((9 * 20 + 19) * 3, (9 * 20 + 19) * 3 + 3))).toEqual([29, 14, 7]);
    // Vertical boxes are turned to read left to right.
    const v = cropQuad(page, [[10, 2], [14, 2], [14, 22], [10, 22]]);
    expect([v.width, v.height]).toEqual([20, 4]);
    expect(rotate180(rotate180(c))).toEqual(c);
  });
  it('batches lines at height 48, width proportional, padded with zeros to at least 320', async () => {
    const white = rgb(200, 24, () => [255, 255, 255]);
    const t = await linesToTensor([white, rgb(20, 10, () => [0, 0, 0])]);
    expect(t.dims).toEqual([2, 3, 48, 400]);
    expect(t.data[0]).toBeCloseTo(1, 5); // white → (255/255 − 0.5)/0.5
    expect(t.data[399]).toBeCloseTo(1, 5);
    const second = 3 * 48 * 400;
    expect(t.data[second]).toBeCloseTo(-1, 5); // black
    expect(t.data[second + 96]).toBe(0); // padding beyond its 96 px
  });
});

describe('ocrModelFromSession', () => {
  it('feeds the first input and returns the first output', async () => {
    class FakeTensor {
      constructor(readonly type: 'float32', readonly data: Float32Array, readonly dims: readonly number[]) {}
    }
    const session = {
      inputNames: ['x'],
      outputNames: ['y'],
      run: async (feeds: Record<string, FakeTensor>) => ({ y: { data: (feeds.x as FakeTensor).data.map((v) => v * 2), dims: (feeds.x as FakeTensor).dims } }),
    };
    const model = ocrModelFromSession(session, FakeTensor);
    const out = await model({ data: new Float32Array([1, 2]), dims: [1, 2] });
    expect(Array.from(out.data)).toEqual([2, 4]);
    expect(out.dims).toEqual([1, 2]);
  });
});
