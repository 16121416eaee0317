/**
 * The NER pack's tokenizer through @huggingface/tokenizers (no transformers.js at run time)
 * against the reference tokenisations written when the model was trained with Hugging Face's
 * Python tokenizers (models/demo/ncbi-disease-ner/examples/tokenizer_check.json: 200 NCBI
 * disease corpus sentences), and the host's loader on the installed pack layout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadTokenizer } from '../../../electron/inference-host/tokenizers';
import type { PackRef } from '../../../electron/services/inference/hostProtocol';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const packDir = path.join(repoRoot, 'models', 'packs-optional', 'ncbi-disease-ner-0.1.1');
const reference = JSON.parse(fs.readFileSync(path.join(repoRoot, 'models', 'demo', 'ncbi-disease-ner', 'examples', 'tokenizer_check.json'), 'utf8')) as { text: string; input_ids: number[] }[];
const manifest = JSON.parse(fs.readFileSync(path.join(packDir, 'manifest.json'), 'utf8')) as PackRef['manifest'];

describe('NER pack tokenizer without transformers.js', () => {
  it('reproduces all reference tokenisations exactly', () => {
    const tok = new Tokenizer(JSON.parse(fs.readFileSync(path.join(packDir, 'tokenizer.json'), 'utf8')), JSON.parse(fs.readFileSync(path.join(packDir, 'tokenizer_config.json'), 'utf8')));
    expect(reference.length).toBe(200);
    const mismatches = reference.filter((r) => JSON.stringify(tok.encode(r.text).ids) !== JSON.stringify(r.input_ids));
    expect(mismatches.map((m) => m.text)).toEqual([]);
  });

  it('the inference host loader frames them with [CLS] and [SEP] as the model expects', async () => {
    const pack = { id: manifest.id, version: manifest.version, dir: packDir, manifest } as PackRef;
    const t = await loadTokenizer(pack, '');
    for (const r of reference) {
      const e = t.encode(r.text);
      expect([t.clsId, ...e.ids, t.sepId]).toEqual(r.input_ids);
      expect(e.tokens).toHaveLength(e.ids.length);
    }
    expect(t.unkToken).toBe('[UNK]');
    expect(t.padId).toBe(0);
  });
});
