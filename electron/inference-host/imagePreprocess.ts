/**
 * The pack's declared preprocessing, next to the session: window (DICOM) to 8 bits, centre crop
 * to a square, exact area averaging to the model's size (antialiased, as MedMNIST prepared
 * PneumoniaMNIST), rounding to 8 bits, then (x/255 − mean)/std, in one pass over the decoded
 * samples. models/training/pneumonia/preprocess.py is the reference; a test compares the two.
 * Packs that declare no `resize` keep services/imaging's toModelTensor (sharp, stretched).
 */
import sharp from 'sharp';
import { ImagingError, normalisationTable, toModelTensor, type DecodedImage } from '../services/imaging';
import { windowMapping, windowed } from '../services/imaging/windowLevel';
import type { ImageInputSpec } from '../services/models/manifest';

/** The model's input and the 8-bit picture it was made from (what the model saw). */
export interface PreparedImage {
  readonly data: Float32Array;
  readonly dims: readonly [1, number, number, number];
  /** The model-sized picture before normalisation, 8 bits, channels interleaved; only for area-reduced packs. */
  readonly seen?: { readonly width: number; readonly height: number; readonly channels: 1 | 3; readonly pixels: Uint8Array };
}

/** Row i of the area-averaging matrix from `src` samples to `dst`: first source index and weights. */
interface AreaRow {
  readonly first: number;
  readonly weights: Float64Array;
}

/**
 * Area weights from src to dst samples (src ≥ dst): output i averages [i·s, (i+1)·s), s = src/dst,
 * partial samples weighted by overlap. For src < dst: nearest neighbour, centres aligned.
 */
export function areaRows(src: number, dst: number): AreaRow[] {
  const rows: AreaRow[] = [];
  const scale = src / dst;
  for (let i = 0; i < dst; i++) {
    if (src < dst) {
      rows.push({ first: Math.min(src - 1, Math.floor(((i + 0.5) * src) / dst)), weights: Float64Array.of(1) });
      continue;
    }
    const lo = i * scale;
    const hi = (i + 1) * scale;
    const first = Math.floor(lo);
    const last = Math.min(Math.ceil(hi), src);
    const weights = new Float64Array(last - first);
    for (let j = first; j < last; j++) weights[j - first] = Math.max(0, Math.min(hi, j + 1) - Math.max(lo, j)) / scale;
    rows.push({ first, weights });
  }
  return rows;
}

/** Prepares a decoded image as the pack declares. */
export async function prepareImage(image: DecodedImage, spec: ImageInputSpec): Promise<PreparedImage> {
  const window = spec.dicomWindow && image.source === 'dicom' ? spec.dicomWindow : undefined;
  if (!spec.resize || (spec.resize.crop === 'none' && spec.resize.filter === 'linear')) {
    return toModelTensor(image, { width: spec.width, height: spec.height, channels: spec.channels, mean: spec.mean, std: spec.std, ...(window ? { window } : {}) });
  }
  const { width: W, height: H, channels: C } = spec;
  const crop = spec.resize.crop === 'center-square';
  const side = Math.min(image.width, image.height);
  const cw = crop ? side : image.width;
  const ch = crop ? side : image.height;
  const x0 = crop ? Math.floor((image.width - side) / 2) : 0;
  const y0 = crop ? Math.floor((image.height - side) / 2) : 0;
  const rows = areaRows(ch, H);
  const cols = areaRows(cw, W);
  const spp = image.samplesPerPixel;
  const map = windowMapping(image, window ?? image.window);
  const pixels = image.pixels;
  // Source channel per model channel: grey feeds every channel; RGB to grey uses Rec. 601 luma.
  const seen = new Uint8Array(W * H * C);
  const column = new Float64Array(cw * C);
  for (let oy = 0; oy < H; oy++) {
    // Vertical pass for this output row, over the cropped columns.
    column.fill(0);
    const r = rows[oy]!;
    for (let k = 0; k < r.weights.length; k++) {
      const wy = r.weights[k]!;
      if (wy === 0) continue;
      const rowStart = ((y0 + r.first + k) * image.width + x0) * spp;
      for (let x = 0; x < cw; x++) {
        const at = rowStart + x * spp;
        if (C === 1 && spp === 3) {
          const v = 0.299 * windowed(pixels[at]!, map) + 0.587 * windowed(pixels[at + 1]!, map) + 0.114 * windowed(pixels[at + 2]!, map);
          column[x] = column[x]! + wy * v;
        } else {
          for (let c = 0; c < C; c++) column[x * C + c] = column[x * C + c]! + wy * windowed(pixels[at + (spp === 1 ? 0 : c)]!, map);
        }
      }
    }
    // Horizontal pass.
    for (let ox = 0; ox < W; ox++) {
      const q = cols[ox]!;
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let k = 0; k < q.weights.length; k++) sum += q.weights[k]! * column[(q.first + k) * C + c]!;
        seen[(oy * W + ox) * C + c] = Math.min(255, Math.max(0, Math.floor(sum + 0.5)));
      }
    }
  }
  const plane = W * H;
  const data = new Float32Array(C * plane);
  for (let c = 0; c < C; c++) {
    const mean = spec.mean.length === 1 ? spec.mean[0]! : spec.mean[c]!;
    const std = spec.std.length === 1 ? spec.std[0]! : spec.std[c]!;
    const table = normalisationTable(mean, std);
    for (let p = 0; p < plane; p++) data[c * plane + p] = table[seen[p * C + c]!]!;
  }
  return { data, dims: [1, C, H, W], seen: { width: W, height: H, channels: C, pixels: seen } };
}

/**
 * PNG/JPEG straight to the model's input for packs that stretch (no declared resize): decode,
 * flatten alpha onto black, resize and convert colour in one sharp pipeline, then normalise in
 * one pass over the 8-bit result. Skips the full-size float copy and windowing that
 * decodeImage + toModelTensor make (the windows of PNG and JPEG are the identity). Returns the
 * file's own size for the result.
 */
export async function rasterToTensor(bytes: Uint8Array, fileName: string, kind: 'png' | 'jpeg', spec: ImageInputSpec): Promise<PreparedImage & { width: number; height: number }> {
  const { width: W, height: H, channels: C } = spec;
  let out: { data: Buffer; info: { channels: number } };
  let size: { width: number; height: number };
  try {
    const image = sharp(bytes, { failOn: 'error' });
    const meta = await image.metadata();
    size = { width: meta.width ?? 0, height: meta.height ?? 0 };
    let pipeline = image.flatten({ background: '#000000' });
    if (size.width !== W || size.height !== H) pipeline = pipeline.resize(W, H, { fit: 'fill', kernel: 'linear' });
    pipeline = C === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
    out = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImagingError(
      'not-an-image',
      `The ${kind.toUpperCase()} file "${fileName}" is damaged or incomplete and cannot be opened. Nothing was imported. Save or export the image again and import the new file.`,
    );
  }
  const plane = W * H;
  const data = new Float32Array(C * plane);
  const n = out.info.channels;
  for (let c = 0; c < C; c++) {
    const table = normalisationTable(spec.mean.length === 1 ? spec.mean[0]! : spec.mean[c]!, spec.std.length === 1 ? spec.std[0]! : spec.std[c]!);
    const source = n < 3 ? 0 : c;
    const base = c * plane;
    for (let p = 0; p < plane; p++) data[base + p] = table[out.data[p * n + source]!]!;
  }
  return { data, dims: [1, C, H, W], ...size };
}
