/**
 * Large attachment bytes (images, scanned documents) are kept in the `binaries` table, inside
 * the encrypted database, and the resource JSON holds a marker instead. The marker contains
 * ':', which base64 never does, so it cannot be mistaken for real data.
 */
import { isJsonObject, sha256Hex, type Json, type JsonObject } from '../json';

/** Attachments with more base64 text than this are stored as binaries (64 KiB). */
export const INLINE_ATTACHMENT_LIMIT = 64 * 1024;
const MARKER = 'bedside-binary:sha256:';

/** Bytes moved out of a resource, to be stored by hash. */
export interface ExtractedBinary {
  hash: string;
  contentType: string;
  data: Buffer;
}

function isAttachment(v: JsonObject): boolean {
  return typeof v.data === 'string' && typeof v.contentType === 'string';
}

/** Replaces large attachment data with markers, in a copy; returns the copy and the bytes moved. */
export function extractBinaries(resource: JsonObject): { resource: JsonObject; binaries: ExtractedBinary[] } {
  const binaries: ExtractedBinary[] = [];
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isJsonObject(v)) return v;
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    if (isAttachment(v) && (v.data as string).length > INLINE_ATTACHMENT_LIMIT) {
      const data = Buffer.from(v.data as string, 'base64');
      const hash = sha256Hex(data);
      binaries.push({ hash, contentType: v.contentType as string, data });
      out.data = MARKER + hash;
    }
    return out;
  };
  const copy = walk(resource) as JsonObject;
  return { resource: binaries.length ? copy : resource, binaries };
}

/** True when stored JSON text refers to binaries (cheap test before parsing). */
export function mentionsBinaries(json: string): boolean {
  return json.includes(MARKER);
}

/** Puts the bytes back into a resource read from the store, in place. */
export function inlineBinaries(resource: JsonObject, load: (hash: string) => Buffer | undefined): JsonObject {
  const walk = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isJsonObject(v)) {
      if (typeof v.data === 'string' && v.data.startsWith(MARKER)) {
        const bytes = load(v.data.slice(MARKER.length));
        if (bytes) v.data = bytes.toString('base64');
      }
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(resource);
  return resource;
}
