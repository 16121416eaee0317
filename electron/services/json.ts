/**
 * JSON helpers shared by the services. Canonical JSON (keys sorted by code unit, no whitespace,
 * undefined members dropped, as RFC 8785 does for the values Bedside stores) is what record
 * content hashes, the audit chain, card input hashes and pack signatures are computed over, so
 * there is exactly one definition of it.
 */
import crypto from 'node:crypto';

/** JSON values as parsed from a file. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** Serialises with object keys sorted, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  // NaN and Infinity have no JSON form; failing loudly beats hashing them as "null".
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonical JSON has no NaN or Infinity');
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** Hex sha256 of a string. */
export function sha256Hex(text: string | Buffer): string {
  // crypto.hash (Node 20.12+, 21.7+) is the one-shot form: same digest, less per-call cost.
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

/** True when `v` is a plain JSON object. */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
