/**
 * Word tokens with character offsets, and sentences, for the sequence tagger and ConText.
 * The tokenisation is standoff2conll's (the NCBI disease CoNLL files were made with it): a run
 * of letters and digits is one token, any other non-space character is a token of its own, so
 * "BRCA1-associated" is BRCA1 / - / associated. The training script
 * (models/training/ncbi_disease_crf/train.py, TOKEN_RE) uses the same rule.
 */

/** One word token: its text and UTF-16 offsets into the note. */
export interface WordToken {
  text: string;
  start: number;
  end: number;
}

/** A sentence: its tokens (offsets into the note) and whether it begins a new line. */
export interface Sentence {
  tokens: WordToken[];
  /** Offset of the line the sentence starts on (section headers are read from line starts). */
  lineStart: number;
}

const TOKEN = /[\p{L}\p{N}]+|\S/gu;

/** Tokens of `text` with offsets (offset 0 = start of `text`, plus `base`). */
export function wordTokens(text: string, base = 0): WordToken[] {
  const out: WordToken[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ text: m[0], start: base + m.index, end: base + m.index + m[0].length });
  return out;
}

const ABBREVIATIONS = new Set(['dr', 'mr', 'mrs', 'ms', 'vs', 'e.g', 'i.e', 'etc', 'approx', 'no', 'pt', 'hx', 'st', 'fig']);

/**
 * Sentences: every line break ends one (notes list items line by line), and so do `.`, `!`
 * and `?` followed by a space and an upper-case letter or digit, except after a common
 * abbreviation (Dr., vs.) or a single letter (initials). Sentences longer than `maxTokens`
 * are cut (the tagger was trained on sentences of at most ~120 tokens).
 */
export function splitSentences(text: string, maxTokens = 120): Sentence[] {
  const out: Sentence[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const tokens = wordTokens(line, lineStart);
    let current: WordToken[] = [];
    const flush = (): void => {
      for (let i = 0; i < current.length; i += maxTokens) out.push({ tokens: current.slice(i, i + maxTokens), lineStart });
      current = [];
    };
    tokens.forEach((t, i) => {
      current.push(t);
      if (t.text !== '.' && t.text !== '!' && t.text !== '?') return;
      const next = tokens[i + 1];
      if (!next || next.start === t.end || !/^[\p{Lu}\p{N}]/u.test(next.text)) return;
      const prev = tokens[i - 1];
      if (t.text === '.' && prev && prev.end === t.start && (prev.text.length === 1 || ABBREVIATIONS.has(prev.text.toLowerCase()))) return;
      flush();
    });
    flush();
    lineStart += line.length + 1;
  }
  return out;
}
