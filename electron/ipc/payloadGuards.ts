/**
 * Checks every request before its schema sees it: size, depth and keys that could pollute
 * prototypes. These are the same for every channel and both transports.
 */
import { BedsideError } from '../services/errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;

/** Approximate JSON size of a value in bytes, stopping once `limit` is passed. */
export function jsonSizeExceeds(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') size += v.length * (/[^\x00-\x7f]/.test(v) ? 3 : 1) + 2;
    else if (v === null || typeof v !== 'object') size += 8;
    else if (Array.isArray(v)) {
      size += 2 + v.length;
      for (const item of v) stack.push(item);
    } else {
      for (const [k, item] of Object.entries(v)) {
        size += k.length + 4;
        stack.push(item);
      }
    }
    if (size > limit) return true;
  }
  return false;
}

/** Throws invalid-input when the payload nests too deep or carries prototype keys. */
export function assertSafePayload(value: unknown): void {
  const walk = (v: unknown, depth: number, path: string): void => {
    if (v === null || typeof v !== 'object') return;
    if (depth > MAX_DEPTH) throw new BedsideError('invalid-input', 'The request is nested too deeply to be a Bedside request; it was refused and nothing changed.');
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new BedsideError('invalid-input', `The request carries a forbidden field "${key}" at ${path || 'its top level'}; it was refused and nothing changed.`);
      }
      walk((v as Record<string, unknown>)[key], depth + 1, path ? `${path}.${key}` : key);
    }
  };
  walk(value, 0, '');
}
