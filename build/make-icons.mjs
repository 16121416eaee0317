// Draws Bedside's icon (a white cross on a teal rounded square) and writes it as PNG (Linux),
// ICO (Windows) and ICNS (macOS) without any image tools. Run again after changing the design:
//   node build/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icons');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** CRC-32 as PNG chunks need it. */
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk. */
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** RGBA pixels of the icon at `size` px, anti-aliased by 4x4 supersampling. */
function draw(size) {
  const px = Buffer.alloc(size * size * 4);
  const r = 0.18; // corner radius, as a fraction of the size
  const inside = (x, y) => {
    // rounded square covering 4%..96%
    const m = 0.04;
    if (x < m || y < m || x > 1 - m || y > 1 - m) return 0;
    const cx = Math.min(Math.max(x, m + r), 1 - m - r);
    const cy = Math.min(Math.max(y, m + r), 1 - m - r);
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 0;
    const arm = 0.13;
    const len = 0.3;
    const cross = (Math.abs(x - 0.5) < arm && Math.abs(y - 0.5) < len) || (Math.abs(y - 0.5) < arm && Math.abs(x - 0.5) < len);
    return cross ? 2 : 1;
  };
  const s = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bg = 0;
      let fg = 0;
      for (let j = 0; j < s; j++) {
        for (let i = 0; i < s; i++) {
          const v = inside((x + (i + 0.5) / s) / size, (y + (j + 0.5) / s) / size);
          if (v === 1) bg++;
          if (v === 2) fg++;
        }
      }
      const n = s * s;
      const a = (bg + fg) / n;
      const o = (y * size + x) * 4;
      if (a === 0) continue;
      const w = fg / (bg + fg);
      px[o] = Math.round(0x0f * (1 - w) + 255 * w);
      px[o + 1] = Math.round(0x76 * (1 - w) + 255 * w);
      px[o + 2] = Math.round(0x6e * (1 - w) + 255 * w);
      px[o + 3] = Math.round(255 * a);
    }
  }
  return px;
}

/** A PNG file of the icon at `size` px. */
export function iconPng(size) {
  const px = draw(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) px.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO holding PNG images (Windows Vista and later read PNG entries). */
export function iconIco(sizes) {
  const images = sizes.map(iconPng);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(images[i].length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, ...images]);
}

/** An ICNS holding PNG images (ic07 128, ic08 256, ic09 512, ic10 1024). */
export function iconIcns() {
  const types = [
    ['ic07', 128],
    ['ic08', 256],
    ['ic09', 512],
    ['ic10', 1024],
  ];
  const parts = types.map(([type, size]) => {
    const png = iconPng(size);
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([h, png]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'icon.png'), iconPng(512));
  fs.writeFileSync(path.join(out, 'icon.ico'), iconIco([16, 24, 32, 48, 64, 128, 256]));
  fs.writeFileSync(path.join(out, 'icon.icns'), iconIcns());
  console.log(`icons written to ${out}`);
}
