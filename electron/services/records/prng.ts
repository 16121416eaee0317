/** A small seeded pseudo-random generator (mulberry32), so generated data is reproducible. */

/** Random helpers drawn from one seed. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A normal-ish value around `mean` (sum of uniforms), rounded to `decimals`. */
  around(mean: number, spread: number, decimals?: number): number;
}

/** A generator seeded with a 32-bit integer. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    around: (mean, spread, decimals = 0) => {
      const v = mean + (next() + next() + next() - 1.5) * spread * 0.8;
      const f = 10 ** decimals;
      return Math.round(v * f) / f;
    },
  };
}
