/**
 * Tokenizers of text packs, read from the pack folder only (tokenizer.json and
 * tokenizer_config.json) by @huggingface/tokenizers, the pure JavaScript port of Hugging Face's
 * tokenizers: no transformers.js, no network, no cache. It reproduces the Python reference
 * tokenisations of the bundled NER pack exactly (test/unit/inference/tokenizerReference.test.ts).
 * The package is ESM with a CommonJS build (`exports.node.require`); the host is a CommonJS
 * bundle, so it is required lazily (off the start-up path).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Tokenizers from '@huggingface/tokenizers';
import { BedsideError } from '../services/errors';
import type { PackRef } from '../services/inference/hostProtocol';
import type { TextInputSpec } from '../services/models/manifest';

/** A note as token ids and token strings (no special tokens). */
export interface Encoded {
  ids: number[];
  tokens: string[];
}

/** What the text pipeline needs from a tokenizer. */
export interface NoteTokenizer {
  encode(text: string): Encoded;
  clsId: number;
  sepId: number;
  padId: number;
  unkToken: string;
}

const cache = new Map<string, Promise<NoteTokenizer>>();

/** The tokenizer of a pack version (loaded once). `_cacheDir` is unused: nothing is cached on disk. */
export function loadTokenizer(pack: PackRef, _cacheDir: string): Promise<NoteTokenizer> {
  const key = `${pack.id}@${pack.version}`;
  let t = cache.get(key);
  if (!t) {
    t = create(pack);
    cache.set(key, t);
    t.catch(() => cache.delete(key));
  }
  return t;
}

/** Forgets cached tokenizers (of one pack id, or all). */
export function unloadTokenizers(packId?: string): void {
  for (const key of [...cache.keys()]) if (!packId || key.startsWith(`${packId}@`)) cache.delete(key);
}

async function create(pack: PackRef): Promise<NoteTokenizer> {
  const spec = pack.manifest.input as TextInputSpec;
  const modelDir = path.resolve(pack.dir, spec.modelDir);
  const { Tokenizer } = createRequire(__filename)('@huggingface/tokenizers') as typeof Tokenizers;
  let tok: Tokenizers.Tokenizer;
  try {
    const read = (name: string): object => JSON.parse(fs.readFileSync(path.join(modelDir, name), 'utf8')) as object;
    tok = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
  } catch (e) {
    throw new BedsideError(
      'corrupt',
      `The tokenizer of pack ${pack.id} ${pack.version} could not be loaded (${(e as Error).message.split('\n')[0]}). It needs tokenizer.json and tokenizer_config.json; reinstall the pack. Other models keep working.`,
    );
  }
  const need = (v: number | undefined, what: string): number => {
    if (typeof v !== 'number') throw new BedsideError('unsupported', `The tokenizer of pack ${pack.id} ${pack.version} has no ${what} token, which Bedside needs for BERT-style models.`);
    return v;
  };
  // An empty input with special tokens is [CLS] [SEP] for BERT-style tokenizers.
  const framing = tok.encode('', { add_special_tokens: true }).ids;
  const config = JSON.parse(fs.readFileSync(path.join(modelDir, 'tokenizer_config.json'), 'utf8')) as { cls_token?: string; sep_token?: string; pad_token?: string; unk_token?: string };
  const idOf = (token: string | undefined) => (token === undefined ? undefined : tok.token_to_id(token));
  return {
    encode: (text) => {
      const e = tok.encode(text, { add_special_tokens: false });
      return { ids: e.ids, tokens: e.tokens };
    },
    clsId: need(idOf(config.cls_token) ?? (framing.length === 2 ? framing[0] : undefined), '[CLS]'),
    sepId: need(idOf(config.sep_token) ?? (framing.length === 2 ? framing[1] : undefined), '[SEP]'),
    padId: idOf(config.pad_token) ?? 0,
    unkToken: config.unk_token ?? '[UNK]',
  };
}
