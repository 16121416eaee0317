/**
 * Reads NumPy .npz archives (a zip of .npy files, as `numpy.savez` / `savez_compressed` write
 * them) without Python: the zip central directory (with zip64 sizes and offsets), stored or
 * deflated entries (node:zlib inflateRaw), and the .npy header (format 1.0, 2.0 and 3.0).
 */
import zlib from 'node:zlib';
import { BedsideError } from '../errors';

/** One array: its dtype as NumPy writes it ('|u1', '<f4'…), its shape and its values in C order. */
export interface NpyArray {
  dtype: string;
  shape: number[];
  data: Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
}

function bad(what: string, detail: string): BedsideError {
  return new BedsideError('invalid-input', `${what} is not a NumPy .npz file Bedside can read (${detail}).`);
}

/** The entries of a zip archive, by name, as bytes (stored or deflated). */
export function readZipEntries(zip: Uint8Array, what = 'The file'): Map<string, Buffer> {
  const buf = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  // End of central directory: the last 'PK\5\6' within the final 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad(what, 'no zip directory');
  let count = buf.readUInt16LE(eocd + 10);
  let dirOffset = buf.readUInt32LE(eocd + 16);
  // Zip64 end-of-central-directory locator just before it.
  if ((count === 0xffff || dirOffset === 0xffffffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64 = Number(buf.readBigUInt64LE(eocd - 20 + 8));
    if (buf.readUInt32LE(z64) !== 0x06064b50) throw bad(what, 'damaged zip64 directory');
    count = Number(buf.readBigUInt64LE(z64 + 32));
    dirOffset = Number(buf.readBigUInt64LE(z64 + 48));
  }
  const entries = new Map<string, Buffer>();
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw bad(what, 'damaged zip directory');
    const method = buf.readUInt16LE(p + 10);
    let compressed = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64 extra field (id 1): the 0xFFFFFFFF fields, in order size, compressed, offset.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (compressed === 0xffffffff) {
          compressed = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (local === 0xffffffff) local = Number(buf.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    p = extraEnd + commentLen;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad(what, `damaged entry ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + compressed);
    if (raw.length !== compressed) throw bad(what, `entry ${name} is truncated`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        data = zlib.inflateRawSync(raw);
      } catch (err) {
        throw bad(what, `entry ${name} does not inflate: ${(err as Error).message}`);
      }
    } else throw bad(what, `entry ${name} uses zip compression method ${method}; only stored and deflated are supported`);
    if (data.length !== size) throw bad(what, `entry ${name} has ${data.length} bytes, its directory says ${size}`);
    entries.set(name, data);
  }
  return entries;
}

const DTYPES: Record<string, { bytes: number; make: (b: ArrayBuffer) => NpyArray['data'] }> = {
  u1: { bytes: 1, make: (b) => new Uint8Array(b) },
  b1: { bytes: 1, make: (b) => new Uint8Array(b) },
  i1: { bytes: 1, make: (b) => new Int8Array(b) },
  u2: { bytes: 2, make: (b) => new Uint16Array(b) },
  i2: { bytes: 2, make: (b) => new Int16Array(b) },
  u4: { bytes: 4, make: (b) => new Uint32Array(b) },
  i4: { bytes: 4, make: (b) => new Int32Array(b) },
  f4: { bytes: 4, make: (b) => new Float32Array(b) },
  f8: { bytes: 8, make: (b) => new Float64Array(b) },
};

/** Parses one .npy file: little-endian (or byte-sized) numeric dtypes, C order. 64-bit integers become Float64 (exact below 2^53). */
export function parseNpy(bytes: Uint8Array, what = 'The array'): NpyArray {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || buf[0] !== 0x93 || buf.toString('latin1', 1, 6) !== 'NUMPY') throw bad(what, 'no .npy magic');
  const major = buf[6] as number;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', headerStart, headerStart + headerLen);
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw bad(what, 'unreadable .npy header');
  if (fortran === 'True') throw bad(what, 'Fortran-ordered arrays are not supported');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw bad(what, `shape (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const order = descr[0];
  const kind = descr.slice(1);
  if (order === '>' && !kind.endsWith('1')) throw bad(what, `big-endian dtype ${descr}`);
  const body = buf.subarray(headerStart + headerLen);
  if (kind === 'i8' || kind === 'u8') {
    if (body.length < count * 8) throw bad(what, 'truncated data');
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = Number(kind === 'i8' ? body.readBigInt64LE(i * 8) : body.readBigUInt64LE(i * 8));
    return { dtype: descr, shape, data: out };
  }
  const t = DTYPES[kind];
  if (!t) throw bad(what, `dtype ${descr} is not supported`);
  if (body.length < count * t.bytes) throw bad(what, 'truncated data');
  // Copy into a fresh, aligned buffer.
  const copy = new ArrayBuffer(count * t.bytes);
  new Uint8Array(copy).set(body.subarray(0, count * t.bytes));
  return { dtype: descr, shape, data: t.make(copy) };
}

/** Reads every array of an .npz archive, by name without the '.npy' suffix. */
export function readNpz(zip: Uint8Array, what = 'The file'): Map<string, NpyArray> {
  const out = new Map<string, NpyArray>();
  for (const [name, data] of readZipEntries(zip, what)) {
    if (!name.endsWith('.npy')) continue;
    out.set(name.slice(0, -4), parseNpy(data, `${what} (${name})`));
  }
  return out;
}
