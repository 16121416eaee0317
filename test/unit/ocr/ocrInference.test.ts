/**
 * OCR as a model pack: the committed paddleocr-v4 pack is installed and verified by the real
 * registry, its three graphs run in the supervised inference host, and `inference.ocr` (the
 * channel handler) reads a page the test renders. Bad input gets a clear error.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferenceChannels } from '../../../electron/contract/channels/inference';
import { inferenceHandlers } from '../../../electron/ipc/handlers/inference';
import { repoRoot } from '../../helpers/sharedData';
import { bundledPacksEngine } from '../evaluation/evalEngineHelper';
import { FONT_FAMILY, charAccuracy, renderPage } from './ocrFixtures';

const LINES = ['Creatinine 2.1 mg/dL', 'Patient: Jane Doe', 'Amoxicillin 500 mg three times daily', 'Potassium 5.8 mmol/L (high)'];
const packsDir = path.join(repoRoot, 'models', 'packs');
const ocrPack = fs.existsSync(packsDir) ? fs.readdirSync(packsDir).find((n) => n.startsWith('paddleocr-v4-')) : undefined;

function fontMissing(): string | undefined {
  try {
    return execFileSync('fc-list', [':', 'family'], { encoding: 'utf8' }).includes(FONT_FAMILY) ? undefined : `font "${FONT_FAMILY}" not installed (apt-get install fonts-dejavu-core)`;
  } catch {
    return 'fontconfig (fc-list) not available';
  }
}
const skipReason = ocrPack ? fontMissing() : 'no paddleocr-v4 pack in models/packs (npm run pack:models -- demo)';
if (skipReason) console.warn(`Skipping OCR pack tests: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('OCR pack through the registry and the inference host', () => {
  const engine = bundledPacksEngine();

  it('reads a rendered page through inference.ocr with boxes, confidences, timings and provenance', async () => {
    const { inference, packs } = await engine();
    const pack = packs.find((p) => p.id === 'paddleocr-v4')!;
    expect(pack).toMatchObject({ task: 'ocr', files: 6 });
    const png = await renderPage(LINES);
    const handlers = inferenceHandlers(inference);
    const input = inferenceChannels.ocr.input.parse({ packId: 'paddleocr-v4', bytesBase64: png.toString('base64'), fileName: 'letter.png' });
    const r = inferenceChannels.ocr.output.parse(await handlers.ocr(input, undefined as never));
    const accuracy = charAccuracy(r.text, LINES.join('\n'));
    console.log(`OCR through the pack: 1 - CER = ${accuracy.toFixed(3)}; ${r.lines.length} lines; host ${r.provenance.timings.totalMs.toFixed(0)} ms (load ${r.provenance.timings.loadMs.toFixed(0)}, det ${r.stages.detMs.toFixed(0)}, rec ${r.stages.recMs.toFixed(0)})`);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
    expect(r.lines).toHaveLength(4);
    for (const l of r.lines) {
      expect(l.confidence).toBeGreaterThan(0.5);
      expect(l.confidence).toBeLessThanOrEqual(1);
      for (const [x, y] of l.box) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(r.page.width);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(r.page.height);
      }
    }
    // Reading order: each line's box sits below the previous one.
    for (let i = 1; i < r.lines.length; i++) expect(r.lines[i]!.box[0][1]).toBeGreaterThan(r.lines[i - 1]!.box[0][1]);
    expect(r.models.map((m) => m.role)).toEqual(['detector', 'recognizer', 'classifier']);
    expect(r.provenance).toMatchObject({ modelId: 'paddleocr-v4', modelVersion: pack.version, provider: 'cpu', attempts: 1, fileSha256: r.models[0]!.sha256 });
    expect(r.provenance.timings.runMs).toBeGreaterThan(0);
    expect(r.stages.recMs).toBeGreaterThan(0);
  });

  it('says clearly when the file is not an image, and keeps working afterwards', async () => {
    const { inference } = await engine();
    await expect(inference.readText({ packId: 'paddleocr-v4', bytes: Buffer.from('%PDF-1.4 this is not an image'), fileName: 'scan.pdf' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/not an image/i),
    });
    // An image pack is not an OCR pack, and the OCR pack does not classify images.
    await expect(inference.readText({ packId: 'pneumonia-xray', bytes: await renderPage(['x']), fileName: 'a.png' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(inference.analyzeImage({ packId: 'paddleocr-v4', bytes: await renderPage(['x']), fileName: 'a.png' })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/reads printed text/) });
    const r = await inference.readText({ packId: 'paddleocr-v4', bytes: await renderPage(['Sodium 139 mmol/L']), fileName: 'b.png' });
    expect(r.text).toBe('Sodium 139 mmol/L');
  });
});
