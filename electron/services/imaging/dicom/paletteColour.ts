import type { DataSet } from 'dicom-parser';

/**
 * Maps PALETTE COLOR indices to RGB through the file's red/green/blue LUTs (PS3.3 C.7.6.3.1.5):
 * descriptor = [entries (0 means 65536), first mapped value, bits per entry].
 * Returns 8-bit RGB interleaved, or undefined when the file lacks the tables.
 */
export function applyPaletteLut(indices: Float32Array, ds: DataSet): Float32Array | undefined {
  const channels = ['1201', '1202', '1203'].map((data, c) => {
    const descTag = `x0028110${c + 1}`;
    const el = ds.elements[`x0028${data}`];
    if (!el || !ds.elements[descTag]) return undefined;
    const entries = ds.uint16(descTag, 0) || 65536;
    const first = ds.uint16(descTag, 1) ?? 0;
    const bits = ds.uint16(descTag, 2) ?? 16;
    const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length);
    const bytesPerEntry = el.length >= entries * 2 ? 2 : 1;
    const table = new Float32Array(entries);
    const little = ds.byteArrayParser.readUint16(Uint8Array.of(1, 0), 0) === 1; // big-endian files store LUTs big-endian
    for (let i = 0; i < entries; i++) {
      const raw = bytesPerEntry === 2 ? view.getUint16(i * 2, little) : view.getUint8(i);
      table[i] = bits > 8 ? raw >> 8 : raw;
    }
    return { table, first, entries };
  });
  if (channels.some((c) => c === undefined)) return undefined;
  const out = new Float32Array(indices.length * 3);
  for (let i = 0; i < indices.length; i++) {
    for (let c = 0; c < 3; c++) {
      const lut = channels[c] as { table: Float32Array; first: number; entries: number };
      const k = Math.min(lut.entries - 1, Math.max(0, (indices[i] as number) - lut.first));
      out[i * 3 + c] = lut.table[k] as number;
    }
  }
  return out;
}
