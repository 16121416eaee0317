/** File hashing for packs: streamed, so a 440 MB model never sits in memory twice. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** The sha256 (hex) of a file, read in 1 MiB chunks. */
export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0) hash.update(chunk.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** The sha256 (hex) of a file without blocking the event loop (the main process keeps serving the window). */
export async function sha256FileAsync(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), hash);
  return hash.digest('hex');
}

/** The sha256 (hex) of bytes in memory. */
export function sha256Bytes(data: Uint8Array | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
