/**
 * Deterministic weights for benchmark graphs. Latency does not depend on the values, but
 * reproducible files make benchmark runs and hashes comparable across machines.
 */

/** mulberry32: a small, fast 32-bit PRNG; returns uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, so each tensor's stream depends on its name, not on write order. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * `count` values uniform in [mean − std·√3, mean + std·√3) (so the given std), seeded by
 * `seed` and the tensor name. Uniform rather than normal: 110 M values must be quick.
 */
export function seededUniform(seed: number, name: string, count: number, std: number, mean = 0): Float32Array {
  const next = mulberry32((seed ^ hashName(name)) >>> 0);
  const half = std * Math.sqrt(3);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = mean + (next() * 2 - 1) * half;
  return out;
}

/** A Float32Array filled with one value (LayerNorm gamma = 1, biases = 0, BN variance = 1). */
export function filled(count: number, value: number): Float32Array {
  return new Float32Array(count).fill(value);
}
