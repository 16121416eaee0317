/**
 * Reads an HTTP request target without ever throwing: anything that is not a plain
 * origin-form path (`/a/b?c`) of printable ASCII, or whose decoded path holds NUL, a
 * backslash, a control character or invalid (including overlong) UTF-8, is refused with 400.
 */

/** Longest request target the host reads (the renderer's longest is well under 300 bytes). */
export const MAX_TARGET_BYTES = 4096;

/** A request target the host can act on. */
export interface RequestTarget {
  /** The raw path (still percent-encoded). */
  pathname: string;
  /** The path decoded once (safe: no NUL, backslash or control characters). */
  decodedPath: string;
  searchParams: URLSearchParams;
}

/** Parses a request target; null means "answer 400". */
export function parseRequestTarget(raw: unknown): RequestTarget | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_TARGET_BYTES) return null;
  // Origin-form only: one leading slash ("//x" would be read as an authority), printable ASCII.
  if (raw[0] !== '/' || raw[1] === '/' || !/^[\x21-\x7e]+$/.test(raw) || raw.includes('\\')) return null;
  let url: URL;
  try {
    url = new URL(raw, 'http://bedside.invalid');
  } catch {
    return null;
  }
  if (url.host !== 'bedside.invalid') return null;
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    // Invalid UTF-8, overlong encodings (%C0%AE) and stray % signs.
    return null;
  }
  if (/[\u0000-\u001f\u007f\\]/.test(decodedPath)) return null;
  return { pathname: url.pathname, decodedPath, searchParams: url.searchParams };
}
