import fs from 'node:fs';
import path from 'node:path';
import type { OnnxGraphBuilder } from './onnxGraph';

/** The special tokens of a BERT WordPiece vocabulary, in bert-base-uncased's order of roles. */
export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** What a Hugging Face model folder needs to describe a BERT model to transformers.js. */
export interface HfBertFolder {
  readonly architecture: 'BertForTokenClassification' | 'BertForSequenceClassification' | 'BertModel';
  readonly vocab: readonly string[];
  readonly labels?: readonly string[];
  readonly problemType?: 'single_label_classification' | 'multi_label_classification';
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly intermediate: number;
  readonly maxPositions: number;
  readonly modelMaxLength: number;
}

function idOf(vocab: readonly string[], token: string): number {
  const id = vocab.indexOf(token);
  if (id < 0) throw new Error(`vocabulary lacks ${token}`);
  return id;
}

/** config.json as transformers.js reads it (model_type and id2label are what it needs). */
export function bertConfigJson(f: HfBertFolder): Record<string, unknown> {
  const labels = f.labels ?? [];
  return {
    architectures: [f.architecture],
    model_type: 'bert',
    vocab_size: f.vocab.length,
    hidden_size: f.hidden,
    num_hidden_layers: f.layers,
    num_attention_heads: f.heads,
    intermediate_size: f.intermediate,
    hidden_act: 'gelu',
    max_position_embeddings: f.maxPositions,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    pad_token_id: idOf(f.vocab, '[PAD]'),
    ...(labels.length > 0 && {
      id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
      label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
    }),
    ...(f.problemType && { problem_type: f.problemType }),
  };
}

/** tokenizer.json in the `tokenizers` library's format for a lower-casing BertTokenizer. */
export function bertTokenizerJson(vocab: readonly string[], modelMaxLength: number): Record<string, unknown> {
  const special = (token: string): Record<string, unknown> => ({ id: token, type_id: 0 });
  const cls = idOf(vocab, '[CLS]');
  const sep = idOf(vocab, '[SEP]');
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: modelMaxLength, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: BERT_SPECIAL_TOKENS.map((t) => ({
      id: idOf(vocab, t),
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/** tokenizer_config.json: without it transformers.js 4.3.2 loads no tokenizer at all. */
export function bertTokenizerConfigJson(modelMaxLength: number): Record<string, unknown> {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    model_max_length: modelMaxLength,
    clean_up_tokenization_spaces: true,
    unk_token: '[UNK]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    mask_token: '[MASK]',
  };
}

/**
 * Writes a transformers.js-loadable folder: config.json, tokenizer.json,
 * tokenizer_config.json, special_tokens_map.json, vocab.txt and onnx/model.onnx.
 * Returns the model file's size in bytes.
 */
export function writeHfBertFolder(folder: string, description: HfBertFolder, graph: OnnxGraphBuilder): number {
  fs.mkdirSync(path.join(folder, 'onnx'), { recursive: true });
  const json = (name: string, value: unknown): void =>
    fs.writeFileSync(path.join(folder, name), `${JSON.stringify(value, null, 2)}\n`);
  json('config.json', bertConfigJson(description));
  json('tokenizer.json', bertTokenizerJson(description.vocab, description.modelMaxLength));
  json('tokenizer_config.json', bertTokenizerConfigJson(description.modelMaxLength));
  json('special_tokens_map.json', {
    unk_token: '[UNK]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    mask_token: '[MASK]',
  });
  fs.writeFileSync(path.join(folder, 'vocab.txt'), `${description.vocab.join('\n')}\n`);
  return graph.save(path.join(folder, 'onnx', 'model.onnx'), { producerName: 'bedside-onnx-builder' });
}
