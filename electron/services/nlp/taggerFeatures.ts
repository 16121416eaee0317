/**
 * The BiLSTM-CRF tagger's inputs for one sentence, exactly as the training script builds them
 * (models/training/ncbi_disease_crf/train.py: norm_word, casing, lexicon_flags, Encoder): a word
 * id (lower case, ASCII digits → 0), up to `maxChars` character ids of the original casing,
 * 7 casing flags and, per lexicon, B/I flags of a greedy left-to-right longest match.
 * test/unit/nlp/sequenceTagger.test.ts checks them against the Python values.
 */

/** A lexicon: lower-cased token sequences joined by single spaces. */
export interface Lexicon {
  entries: ReadonlySet<string>;
  /** Longest entry, in tokens. */
  maxTokens: number;
  /** First tokens of the entries (a match can only start at one of these); built from `entries` when absent. */
  starts?: ReadonlySet<string>;
}

/** A lexicon from its entries, with the index of first tokens the matcher uses. */
export function makeLexicon(entries: Iterable<string>, maxTokens: number): Lexicon {
  const set = new Set(entries);
  return { entries: set, maxTokens, starts: new Set([...set].map((e) => e.split(' ')[0]!)) };
}

/** What the features need from a pack: vocabularies, lexicons (in feature order), sizes. */
export interface TaggerVocab {
  words: ReadonlyMap<string, number>;
  chars: ReadonlyMap<string, number>;
  lexicons: readonly Lexicon[];
  maxChars: number;
}

/** One sentence's model inputs. */
export interface SentenceFeatures {
  wordIds: number[];
  /** `maxChars` ids per token, 0-padded. */
  charIds: number[][];
  /** 7 casing flags then 2 per lexicon, per token. */
  feats: number[][];
}

const UNK = 1;

/** The word-embedding key: lower case, ASCII digits to 0. */
export function normWord(word: string): string {
  return word.toLowerCase().replace(/[0-9]/g, '0');
}

const isLetter = (c: string): boolean => c.toLowerCase() !== c.toUpperCase();
const isUpper = (c: string): boolean => c !== c.toLowerCase();
const isLower = (c: string): boolean => c !== c.toUpperCase();

/** Casing flags: lower, UPPER, Title, MiXed, has a digit, all digits, punctuation/symbol. */
export function casingFlags(word: string): number[] {
  const chars = [...word];
  const hasLetter = chars.some(isLetter);
  const hasUpper = chars.some(isUpper);
  const hasLower = chars.some(isLower);
  const digits = chars.filter((c) => c >= '0' && c <= '9').length;
  const title = isUpper(chars[0] ?? '') && hasLower && !chars.slice(1).some(isUpper);
  return [
    hasLetter && !hasUpper ? 1 : 0,
    hasLetter && !hasLower ? 1 : 0,
    title ? 1 : 0,
    hasUpper && hasLower && !title ? 1 : 0,
    digits > 0 ? 1 : 0,
    digits === chars.length ? 1 : 0,
    !hasLetter && digits === 0 ? 1 : 0,
  ];
}

/** Greedy left-to-right longest match of lower-cased token runs: [B, I] per token. */
export function lexiconFlags(words: readonly string[], lexicon: Lexicon): [number, number][] {
  const low = words.map((w) => w.toLowerCase());
  const out = low.map((): [number, number] => [0, 0]);
  let i = 0;
  while (i < low.length) {
    if (lexicon.starts && !lexicon.starts.has(low[i]!)) {
      i += 1;
      continue;
    }
    let hit = 0;
    for (let n = Math.min(lexicon.maxTokens, low.length - i); n > 0; n--) {
      if (lexicon.entries.has(low.slice(i, i + n).join(' '))) {
        hit = n;
        break;
      }
    }
    if (hit) {
      out[i]![0] = 1;
      for (let j = i + 1; j < i + hit; j++) out[j]![1] = 1;
      i += hit;
    } else i += 1;
  }
  return out;
}

/** The model inputs of one sentence's words. */
export function sentenceFeatures(words: readonly string[], vocab: TaggerVocab): SentenceFeatures {
  const lex = vocab.lexicons.map((l) => lexiconFlags(words, l));
  return {
    wordIds: words.map((w) => vocab.words.get(normWord(w)) ?? UNK),
    charIds: words.map((w) => {
      const ids = [...w].slice(0, vocab.maxChars).map((c) => vocab.chars.get(c) ?? UNK);
      while (ids.length < vocab.maxChars) ids.push(0);
      return ids;
    }),
    feats: words.map((w, i) => [...casingFlags(w), ...lex.flatMap((l) => l[i]!)]),
  };
}
