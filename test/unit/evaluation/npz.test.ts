/** The .npz reader on archives the test writes itself: stored and deflated entries, uint8/int64/float32 arrays, zip64 fields, bad input. */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseNpy, readNpz } from '../../../electron/services/evaluation/npz';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A .npy file (format 1.0), header padded to 64 bytes as NumPy does. */
function npy(descr: string, shape: number[], body: Buffer): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  pre[0] = 0x93;
  pre.write('NUMPY', 1, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), body]);
}

/** A zip with the given entries; `zip64` writes sizes and offsets in a zip64 extra field, as numpy.savez does. */
function zip(entries: { name: string; data: Buffer; deflate: boolean }[], zip64 = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? zlib.deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(zip64 ? 28 : 0);
    if (zip64) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(e.data.length), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(zip64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(zip64 ? 0xffffffff : e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name, extra);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const images = Buffer.from(Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10));
const labels = Buffer.alloc(16);
labels.writeBigInt64LE(1n, 0);
labels.writeBigInt64LE(0n, 8);
const floats = Buffer.from(new Float32Array([0.5, -1.25, 3]).buffer);

describe('readNpz', () => {
  for (const [what, deflate, z64] of [['stored', false, false], ['deflated', true, false], ['deflated, zip64 fields', true, true]] as const) {
    it(`reads ${what} entries`, () => {
      const arrays = readNpz(
        zip(
          [
            { name: 'val_images.npy', data: npy('|u1', [2, 3, 4], images), deflate },
            { name: 'val_labels.npy', data: npy('<i8', [2, 1], labels), deflate },
            { name: 'scores.npy', data: npy('<f4', [3], floats), deflate },
          ],
          z64,
        ),
      );
      expect([...arrays.keys()]).toEqual(['val_images', 'val_labels', 'scores']);
      const im = arrays.get('val_images')!;
      expect(im.shape).toEqual([2, 3, 4]);
      expect(im.data).toBeInstanceOf(Uint8Array);
      expect(Array.from(im.data.slice(12, 15))).toEqual([120, 130, 140]);
      expect(arrays.get('val_labels')!.shape).toEqual([2, 1]);
      expect(Array.from(arrays.get('val_labels')!.data)).toEqual([1, 0]);
      expect(Array.from(arrays.get('scores')!.data)).toEqual([0.5, -1.25, 3]);
    });
  }

  it('refuses what is not an npz, naming the file', () => {
    expect(() => readNpz(Buffer.from('not a zip at all'), 'labels.csv')).toThrow(/labels\.csv is not a NumPy \.npz file .*no zip directory/);
    expect(() => parseNpy(npy('<c16', [1], Buffer.alloc(16)))).toThrow(/dtype <c16 is not supported/);
    expect(() => parseNpy(npy('|u1', [10], Buffer.alloc(4)))).toThrow(/truncated/);
  });
});
