/**
 * Tokenizers from transformers.js, loaded from the pack folder only: remote models off,
 * local path set to the pack, cache folder outside the app bundle. transformers.js v4 is ESM
 * but ships a CommonJS build (`exports.node.require`); the host is a CommonJS bundle, so it is
 * required lazily (off the start-up path). require, unlike import(), also resolves through
 * NODE_PATH and from inside Electron's asar archive.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Transformers from '@huggingface/transformers';
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

interface TokenizerLike {
  _tokenizer?: { encode(text: string, options: { add_special_tokens: boolean }): { ids: number[]; tokens: string[] } };
  tokenize(text: string): string[];
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  cls_token_id?: number | null;
  sep_token_id?: number | null;
  pad_token_id?: number | null;
  unk_token?: string | null;
}

const cache = new Map<string, Promise<NoteTokenizer>>();

/** The tokenizer of a pack version (loaded once). */
export function loadTokenizer(pack: PackRef, cacheDir: string): Promise<NoteTokenizer> {
  const key = `${pack.id}@${pack.version}`;
  let t = cache.get(key);
  if (!t) {
    t = create(pack, cacheDir);
    cache.set(key, t);
    t.catch(() => cache.delete(key));
  }
  return t;
}

/** Forgets cached tokenizers (of one pack id, or all). */
export function unloadTokenizers(packId?: string): void {
  for (const key of [...cache.keys()]) if (!packId || key.startsWith(`${packId}@`)) cache.delete(key);
}

async function create(pack: PackRef, cacheDir: string): Promise<NoteTokenizer> {
  const spec = pack.manifest.input as TextInputSpec;
  const { AutoTokenizer, env } = createRequire(__filename)('@huggingface/transformers') as typeof Transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.cacheDir = cacheDir;
  const modelDir = path.resolve(pack.dir, spec.modelDir);
  env.localModelPath = path.dirname(modelDir);
  let tok: TokenizerLike;
  try {
    tok = (await AutoTokenizer.from_pretrained(path.basename(modelDir), { local_files_only: true })) as unknown as TokenizerLike;
  } catch (e) {
    throw new BedsideError(
      'corrupt',
      `The tokenizer of pack ${pack.id} ${pack.version} could not be loaded (${(e as Error).message.split('\n')[0]}). It needs tokenizer.json and tokenizer_config.json; reinstall the pack. Other models keep working.`,
    );
  }
  const need = (v: number | null | undefined, what: string): number => {
    if (typeof v !== 'number') throw new BedsideError('unsupported', `The tokenizer of pack ${pack.id} ${pack.version} has no ${what} token, which Bedside needs for BERT-style models.`);
    return v;
  };
  const inner = tok._tokenizer;
  // transformers.js exposes no cls_token_id for BERT; an empty input with special tokens is [CLS] [SEP].
  const framing = tok.encode('', { add_special_tokens: true });
  const clsId = tok.cls_token_id ?? (framing.length === 2 ? framing[0] : null);
  const sepId = tok.sep_token_id ?? (framing.length === 2 ? framing[1] : null);
  return {
    // One pass gives ids and token strings together; fall back to two public calls.
    encode: inner && typeof inner.encode === 'function'
      ? (text) => {
          const e = inner.encode(text, { add_special_tokens: false });
          return { ids: e.ids, tokens: e.tokens };
        }
      : (text) => ({ ids: tok.encode(text, { add_special_tokens: false }), tokens: tok.tokenize(text) }),
    clsId: need(clsId, '[CLS]'),
    sepId: need(sepId, '[SEP]'),
    padId: tok.pad_token_id ?? 0,
    unkToken: tok.unk_token ?? '[UNK]',
  };
}
