import { describe, expect, it } from 'vitest';
import { groupEntities } from '../../../electron/inference-host/bioGrouping';
import { labelStatus, sigmoid, softmax } from '../../../electron/inference-host/calibration';
import { defaultOcclusion, heatmapFromDrops, patchPositions } from '../../../electron/inference-host/occlusion';
import { alignTokens } from '../../../electron/inference-host/tokenAlignment';
import { ownerWindows, planWindows } from '../../../electron/inference-host/textWindows';
import { JobQueue } from '../../../electron/services/inference/jobQueue';
import { defaultIntraOpThreads } from '../../../electron/services/inference/threads';

describe('calibration', () => {
  it('scales logits by the temperature before softmax and sigmoid', () => {
    expect(softmax([2, 0], 2)[0]).toBeCloseTo(Math.E / (Math.E + 1), 12);
    expect(sigmoid([3], 3)[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });
  it('reports uncertain inside the band, present at the threshold', () => {
    const label = { threshold: 0.5, uncertainBand: [0.4, 0.6] as [number, number] };
    expect([0.39, 0.4, 0.5, 0.6, 0.61].map((p) => labelStatus(p, label))).toEqual(['absent', 'uncertain', 'uncertain', 'uncertain', 'present']);
    expect(labelStatus(0.5, { threshold: 0.5 })).toBe('present');
  });
});

describe('windows', () => {
  it('covers every token, overlapping by the stride, and ends exactly at the note end', () => {
    const w = planWindows(25, 12, 4); // 10 tokens per window, step 6
    expect(w).toEqual([
      { start: 0, end: 10 },
      { start: 6, end: 16 },
      { start: 12, end: 22 },
      { start: 18, end: 25 },
    ]);
    expect(planWindows(3, 12, 4)).toEqual([{ start: 0, end: 3 }]);
    expect(planWindows(0, 12, 4)).toEqual([{ start: 0, end: 0 }]);
  });
  it('assigns each token to the window where it is farthest from an edge', () => {
    const owner = Array.from(ownerWindows(25, planWindows(25, 12, 4)));
    expect(owner.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(owner[8]).toBe(1); // 1 from window 0's right edge, 2 from window 1's left
    expect(owner.at(-1)).toBe(3);
  });
});

describe('BIO grouping', () => {
  const t = (start: number, end: number, label: string, continuation = false) => ({ start, end, label, continuation, score: 0.9 });
  it('joins B/I and sub-words, splits at O and at a new B, and never bridges an O', () => {
    const e = groupEntities([t(0, 5, 'B-D'), t(5, 8, 'O', true), t(9, 12, 'I-D'), t(13, 15, 'O'), t(16, 20, 'I-D'), t(21, 25, 'B-D'), t(26, 30, 'B-C')]);
    expect(e.map((x) => [x.type, x.start, x.end])).toEqual([
      ['D', 0, 12],
      ['D', 16, 20],
      ['D', 21, 25],
      ['C', 26, 30],
    ]);
  });
});

describe('token alignment', () => {
  it('maps tokens back to the original text through case, accents, [UNK] and sub-words', () => {
    const text = 'Pneumonía in  Zzyx; café.';
    const spans = alignTokens(text, ['pneum', '##onia', 'in', '[UNK]', '[UNK]', 'cafe', '.']);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Pneum', 'onía', 'in', 'Zzyx', ';', 'café', '.']);
    expect(spans.map((s) => s.continuation)).toEqual([false, true, false, false, false, false, false]);
  });
  it('handles characters outside the BMP', () => {
    const text = '𝒳 asthma';
    expect(alignTokens(text, ['[UNK]', 'asthma']).map((s) => text.slice(s.start, s.end))).toEqual(['𝒳', 'asthma']);
  });
});

describe('occlusion geometry', () => {
  it('places patches to the edges and averages overlaps', () => {
    expect(patchPositions(10, 4, 4, 4).map((p) => `${p.x},${p.y}`)).toEqual(['0,0', '4,0', '6,0']);
    const heat = heatmapFromDrops(4, 1, [{ x: 0, y: 0 }, { x: 2, y: 0 }], [1, 3], 2);
    expect(Array.from(heat)).toEqual([1, 1, 3, 3]);
  });
});

describe('job queue', () => {
  it('runs one at a time, interactive first, and rejects a duplicate id', async () => {
    const q = new JobQueue();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = (id: string, priority: 'interactive' | 'background', wait?: Promise<void>) =>
      q.enqueue({ id, priority, cancelRunning: () => undefined, run: async () => { await wait; order.push(id); return id; } });
    const a = job('a', 'background', gate);
    const b = job('b', 'background');
    const c = job('c', 'interactive');
    await expect(job('c', 'interactive')).rejects.toThrow(/already queued/);
    expect(q.pendingIds()).toEqual(['c', 'b']);
    release();
    await Promise.all([a, b, c]);
    expect(order).toEqual(['a', 'c', 'b']);
  });
});

describe('threads', () => {
  it('uses all cores on small machines, leaves one on larger, and obeys the override', () => {
    expect(defaultIntraOpThreads(2, undefined)).toBe(2);
    expect(defaultIntraOpThreads(16, undefined)).toBe(15);
    expect(defaultIntraOpThreads(16, '4')).toBe(4);
  });
});

describe('default occlusion patch', () => {
  it('is a seventh of the input side, half-overlapping, so small models still get a map', () => {
    expect(defaultOcclusion(28, 28)).toEqual({ patch: 4, stride: 2 });
    expect(defaultOcclusion(224, 224)).toEqual({ patch: 32, stride: 16 });
    expect(defaultOcclusion(8, 8)).toEqual({ patch: 2, stride: 1 });
    expect(defaultOcclusion(28, 28, { patch: 64 })).toEqual({ patch: 28, stride: 14 });
    expect(defaultOcclusion(224, 224, { patch: 16, stride: 4 })).toEqual({ patch: 16, stride: 4 });
  });
});
