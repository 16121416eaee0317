/**
 * A small reader for the tar archives packs are shipped in (.tar, .tgz, .tar.gz): ustar and
 * GNU/PAX long names, regular files and folders only. Links, devices and paths leaving the
 * archive are refused, so a hostile archive cannot write outside the staging folder.
 */
import fs from 'node:fs';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** One regular file from an archive. */
export interface TarFile {
  path: string;
  data: Buffer;
}

const BLOCK = 512;

/** Largest pack archive, unpacked (the demo packs are under 20 MB; a large clinical model fits well within). */
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;
/** Largest unpacked/packed ratio: model weights barely compress, so more than this is a decompression bomb. */
export const MAX_COMPRESSION_RATIO = 20;

/** The most bytes a gzip archive of `compressedBytes` may unpack to. */
export function unpackLimit(compressedBytes: number): number {
  return Math.min(MAX_UNPACKED_BYTES, Math.max(1024 * 1024, compressedBytes * MAX_COMPRESSION_RATIO));
}

function tooBig(limit: number): Error {
  return new Error(`it unpacks to more than ${Math.round(limit / 1024 / 1024)} MB (at most ${MAX_COMPRESSION_RATIO} times its packed size and ${MAX_UNPACKED_BYTES / 1024 / 1024 / 1024} GB in all), so it was not unpacked`);
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(block: Buffer, offset: number, length: number): number {
  const raw = block.subarray(offset, offset + length);
  // GNU base-256 for sizes over 8 GiB: high bit of the first byte set.
  if ((raw[0] ?? 0) & 0x80) {
    let v = 0;
    for (let i = 1; i < raw.length; i++) v = v * 256 + (raw[i] ?? 0);
    return v;
  }
  const text = field(block, offset, length).trim();
  return text ? parseInt(text, 8) : 0;
}

function checksumOk(header: Buffer): boolean {
  const stored = octal(header, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === stored;
}

function paxPath(data: Buffer): string | null {
  // Records: "<len> key=value\n".
  let off = 0;
  while (off < data.length) {
    const space = data.indexOf(0x20, off);
    if (space < 0) break;
    const len = parseInt(data.subarray(off, space).toString('utf8'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.subarray(space + 1, off + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') return record.slice(eq + 1);
    off += len;
  }
  return null;
}

/** Normalises an archive member path; null for the archive root itself. Throws for unsafe paths. */
export function safeMemberPath(name: string): string | null {
  const parts = name.replace(/^\.\/+/, '').split('/').filter((p) => p !== '' && p !== '.');
  if (name.startsWith('/') || name.includes('\\') || parts.some((p) => p === '..')) {
    throw new Error(`the archive entry "${name}" points outside the pack`);
  }
  return parts.length ? parts.join('/') : null;
}

/** Reads every regular file of a tar buffer (gzip-compressed or not). */
export function readTar(archive: Buffer): TarFile[] {
  const limit = unpackLimit(archive.length);
  let buf = archive;
  if (archive[0] === 0x1f && archive[1] === 0x8b) {
    try {
      buf = zlib.gunzipSync(archive, { maxOutputLength: limit });
    } catch (e) {
      throw (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? tooBig(limit) : new Error('its compression is damaged');
    }
  }
  if (buf.length > MAX_UNPACKED_BYTES) throw tooBig(MAX_UNPACKED_BYTES);
  if (buf.length < BLOCK) throw new Error('it is not a tar archive');
  const files: TarFile[] = [];
  let off = 0;
  let longName: string | null = null;
  while (off + BLOCK <= buf.length) {
    const header = buf.subarray(off, off + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new Error(`the archive is damaged (bad header at byte ${off})`);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = off + BLOCK;
    if (dataStart + size > buf.length) throw new Error('the archive is truncated');
    const data = buf.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    const prefix = field(header, 345, 155);
    const baseName = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'x') {
      longName = paxPath(data);
      continue;
    }
    if (type === 'g') continue;
    longName = null;
    if (type === '5') continue;
    if (type !== '0' && type !== '7') throw new Error(`the archive entry "${baseName}" is a link or special file, which packs may not contain`);
    const name = safeMemberPath(baseName);
    if (name) files.push({ path: name, data: Buffer.from(data) });
  }
  return files;
}

/** Reads a tar or tgz file from disk (read and gunzip off the event loop; parsing is a quick scan). */
export async function readTarFileAsync(file: string): Promise<TarFile[]> {
  const info = await fs.promises.stat(file);
  // Regular files only: /dev/zero or a FIFO named as a pack would never end.
  if (!info.isFile()) throw new Error('it is not a regular file');
  if (info.size > MAX_UNPACKED_BYTES) throw tooBig(MAX_UNPACKED_BYTES);
  const raw = await fs.promises.readFile(file);
  if (!(raw[0] === 0x1f && raw[1] === 0x8b)) return readTar(raw);
  const limit = unpackLimit(raw.length);
  let buf: Buffer;
  try {
    buf = await promisify(zlib.gunzip)(raw, { maxOutputLength: limit });
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? tooBig(limit) : new Error('its compression is damaged');
  }
  return readTar(buf);
}

function header(name: string, size: number, type: '0' | '5'): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`path too long for a plain tar header: ${name}`);
  h.write(name, 0, 100, 'utf8');
  h.write(type === '5' ? '0000755\0' : '0000644\0', 100, 8, 'ascii');
  h.write('0000000\0', 108, 8, 'ascii');
  h.write('0000000\0', 116, 8, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  h.write('00000000000\0', 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii');
  h.write(type, 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i] ?? 0;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

/** Writes files into a gzip tar archive (used to ship packs; paths ≤ 100 bytes). */
export function writeTgz(file: string, members: readonly TarFile[]): void {
  const parts: Buffer[] = [];
  for (const m of members) {
    parts.push(header(m.path, m.data.length, '0'), m.data);
    const pad = (BLOCK - (m.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  fs.writeFileSync(file, zlib.gzipSync(Buffer.concat(parts)));
}
