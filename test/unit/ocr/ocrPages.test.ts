/**
 * End-to-end OCR on pages the test renders itself (SVG text through sharp), with the real
 * PaddleOCR v4 models in-process. Character accuracy = 1 − CER (Levenshtein) over the page's
 * lines joined by newlines; thresholds sit a little below what was measured (docs/ocr.md).
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { runOcr, type OcrModels, type OcrResult } from '../../../electron/services/ocr';
import { isBedsideError } from '../../../electron/services/errors';
import { FONT_FAMILY, charAccuracy, degrade, loadOcrModels, modelsMissing, renderPage } from './ocrFixtures';

const LINES = ['Creatinine 2.1 mg/dL', 'Patient: Jane Doe', 'Amoxicillin 500 mg three times daily', 'Potassium 5.8 mmol/L (high)'];
const TRUTH = LINES.join('\n');

function fontMissing(): string | undefined {
  try {
    const families = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' });
    return families.includes(FONT_FAMILY) ? undefined : `font "${FONT_FAMILY}" not installed (apt-get install fonts-dejavu-core)`;
  } catch {
    return 'fontconfig (fc-list) not available';
  }
}

const skipReason = modelsMissing() ?? fontMissing();
if (skipReason) console.warn(`Skipping OCR page tests: ${skipReason}`);

const measured: { condition: string; accuracy: number; noSpaces: number; lines: number; ms: number }[] = [];

function score(condition: string, r: OcrResult): { accuracy: number; noSpaces: number } {
  const read = r.lines.map((l) => l.text).join('\n');
  const accuracy = charAccuracy(read, TRUTH);
  const noSpaces = charAccuracy(read.replace(/ /g, ''), TRUTH.replace(/ /g, ''));
  measured.push({ condition, accuracy, noSpaces, lines: r.lines.length, ms: Math.round(r.timings.totalMs) });
  return { accuracy, noSpaces };
}

describe.skipIf(skipReason !== undefined)('OCR on rendered pages', () => {
  let models: OcrModels;
  beforeAll(async () => {
    models = await loadOcrModels();
    // One warm-up page so first-run graph setup is not counted in the timings.
    await runOcr(models, await renderPage(['warm up']));
  });

  it('reads a clean page in reading order, with boxes around each line', async () => {
    const r = await runOcr(models, await renderPage(LINES));
    const { accuracy } = score('clean', r);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    expect(r.lines).toHaveLength(4);
    expect(r.lines[0]?.text).toBe('Creatinine 2.1 mg/dL');
    expect(r.lines[1]?.text).toBe('Patient: Jane Doe');
    for (const [i, line] of r.lines.entries()) {
      expect(line.confidence).toBeGreaterThan(0.9);
      // Line i's baseline is at y = 40 + 50i + 28; its box should straddle it near x = 40.
      const ys = line.box.map((p) => p[1]);
      expect(Math.min(...ys)).toBeLessThan(68 + 50 * i);
      expect(Math.max(...ys)).toBeGreaterThan(68 + 50 * i);
      expect(Math.abs((line.box[0][0]) - 40)).toBeLessThan(10);
    }
    expect(r.width).toBe(900);
    expect(Object.values(r.timings).every((t) => t >= 0)).toBe(true);
  });

  it.each([7, -7, 10, -10])('reads a page rotated %i°', async (deg) => {
    const r = await runOcr(models, await renderPage(LINES, { rotate: deg }));
    const { accuracy } = score(`rotated ${deg}°`, r);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.lines.map((l) => l.text.slice(0, 4))).toEqual(['Crea', 'Pati', 'Amox', 'Pota']);
  });

  it('reads an upside-down page (direction classifier) in its own reading order', async () => {
    const r = await runOcr(models, await renderPage(LINES, { rotate: 180 }));
    const { accuracy } = score('upside down', r);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('reads noisy JPEG pages: characters survive, spaces between words are the first loss', async () => {
    const clean = await renderPage(LINES);
    const mild = score('noise σ12 + JPEG q70', await runOcr(models, await degrade(clean, 12, 70)));
    const harsh = score('noise σ25 + JPEG q40', await runOcr(models, await degrade(clean, 25, 40)));
    for (const s of [mild, harsh]) {
      expect(s.accuracy).toBeGreaterThanOrEqual(0.8);
      expect(s.noSpaces).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('reads a larger, slightly tilted, noisy photo-like page', async () => {
    const r = await runOcr(models, await degrade(await renderPage(LINES, { fontSize: 40, width: 1400, rotate: 4 }), 15, 60));
    expect(score('40 px, 4°, noise σ15 + JPEG q60', r).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('reads small (14 px) text, losing some spaces', async () => {
    const r = await runOcr(models, await renderPage(LINES, { fontSize: 14, width: 450, margin: 20 }));
    const s = score('small 14 px', r);
    expect(s.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(s.noSpaces).toBeGreaterThanOrEqual(0.95);
  });

  it('finds no lines on a blank page, and that is not an error', async () => {
    const blank = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const r = await runOcr(models, blank);
    expect(r.lines).toEqual([]);
    const speckled = await degrade(await sharp(blank).png().toBuffer(), 8, 80);
    expect((await runOcr(models, speckled)).lines).toEqual([]);
  });

  it('refuses a file that is not an image with a clear error', async () => {
    const err: unknown = await runOcr(models, Buffer.from('%PDF-1.7 not really a picture')).then(() => undefined, (e: unknown) => e);
    expect(isBedsideError(err)).toBe(true);
    expect((err as { code: string }).code).toBe('invalid-input');
    expect((err as Error).message).toMatch(/not an image Bedside can read text from/);
  });

  it('reports accuracy by condition', () => {
    console.log(
      ['condition | 1−CER | 1−CER ignoring spaces | lines | ms/page', ...measured.map((m) => `${m.condition} | ${m.accuracy.toFixed(3)} | ${m.noSpaces.toFixed(3)} | ${m.lines} | ${m.ms}`)].join('\n'),
    );
    expect(measured.length).toBeGreaterThan(0);
  });
});
