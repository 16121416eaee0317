/**
 * multipart/related bodies (RFC 2387, RFC 2046 §5.1) as DICOMweb uses them: WADO-RS answers
 * with one part per instance, STOW-RS sends one part per file (PS3.18 §8.6). Parsing is strict:
 * a body that does not end with the closing boundary is refused, so a cut-off answer is never
 * taken for a complete one.
 */
import { randomBytes } from 'node:crypto';

/** One body part: its headers (lower-case names) and bytes. */
export interface BodyPart {
  headers: Record<string, string>;
  body: Buffer;
}

/** The value of one parameter of a Content-Type header (quoted or not), lower-case name. */
export function contentTypeParameter(contentType: string, name: string): string | undefined {
  const re = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (let m = re.exec(contentType); m; m = re.exec(contentType)) {
    if (m[1]!.toLowerCase() !== name) continue;
    const v = m[2]!.trim();
    return v.startsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
  }
  return undefined;
}

/** Splits a multipart body; throws an Error saying what is wrong when it is malformed. */
export function parseMultipart(body: Buffer, contentType: string): BodyPart[] {
  if (!/^multipart\//i.test(contentType.trim())) throw new Error(`the answer is ${contentType || 'of no stated type'}, not multipart`);
  const boundary = contentTypeParameter(contentType, 'boundary');
  if (!boundary) throw new Error('the multipart answer names no boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: BodyPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('the multipart answer has no part');
  for (;;) {
    let cursor = at + delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) return parts;
    const lineEnd = body.indexOf('\r\n', cursor);
    if (lineEnd < 0) throw new Error('the multipart answer ends inside a boundary line');
    cursor = lineEnd + 2;
    const headerEnd = body.indexOf('\r\n\r\n', cursor - 2);
    if (headerEnd < 0) throw new Error('a part of the multipart answer has no end of headers');
    const headers: Record<string, string> = {};
    for (const line of body.subarray(cursor, headerEnd).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const start = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) throw new Error(`the multipart answer is cut off in part ${parts.length + 1} (no closing boundary)`);
    parts.push({ headers, body: body.subarray(start, next) });
    at = next + 2;
  }
}

/** A multipart/related body of DICOM files for STOW-RS, with its Content-Type header. */
export function buildMultipart(files: readonly Buffer[], partType = 'application/dicom'): { body: Buffer; contentType: string } {
  const boundary = `bedside-${randomBytes(16).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const f of files) chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${partType}\r\n\r\n`), f, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/related; type="${partType}"; boundary=${boundary}` };
}
