/** Reads an NDJSON file line by line, synchronously, in 1 MiB chunks; one line (one resource) may hold up to 64 MiB. */
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../errors';

/** Longest line read: a resource with a large embedded attachment fits; a file without line breaks does not. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** One non-empty line with its 1-based number and the bytes read so far. */
export interface NdjsonLine {
  lineNumber: number;
  text: string;
  bytesRead: number;
}

/** The non-empty lines of a file. */
export function* ndjsonLines(file: string): Generator<NdjsonLine> {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  let carry: Buffer[] = [];
  let lineNumber = 0;
  let bytesRead = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      bytesRead += n;
      let start = 0;
      for (let i = 0; i < n; i++) {
        if (chunk[i] !== 0x0a) continue;
        const piece = chunk.subarray(start, i);
        const text = carry.length ? Buffer.concat([...carry, piece]).toString('utf8') : piece.toString('utf8');
        carry = [];
        lineNumber++;
        start = i + 1;
        if (text.trim()) yield { lineNumber, text, bytesRead };
      }
      if (start < n) carry.push(Buffer.from(chunk.subarray(start, n)));
      if (carry.reduce((sum, b) => sum + b.length, 0) > MAX_LINE_BYTES) {
        throw new BedsideError('too-large', `${path.basename(file)} line ${lineNumber + 1} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB (is it really NDJSON, one resource per line?). Nothing more was read from it.`);
      }
    }
    if (carry.length) {
      const text = Buffer.concat(carry).toString('utf8');
      lineNumber++;
      if (text.trim()) yield { lineNumber, text, bytesRead };
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The resourceType of a file's first line, or undefined. */
export function firstLineType(file: string): string | undefined {
  for (const line of ndjsonLines(file)) {
    const m = /"resourceType"\s*:\s*"([A-Za-z]+)"/.exec(line.text.slice(0, 4096));
    return m?.[1];
  }
  return undefined;
}
