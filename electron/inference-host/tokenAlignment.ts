/**
 * Character offsets for WordPiece tokens. transformers.js returns no offsets, so each token
 * is found again in the note: both sides are compared lower-cased and without accents (what
 * BERT's normaliser does), walking forward from the previous token. [UNK] covers one
 * pre-tokenised word (a run of non-space, non-punctuation characters, or one punctuation mark).
 */

/** A token's character span in the original note (UTF-16 indices, end exclusive). */
export interface TokenSpan {
  start: number;
  end: number;
  continuation: boolean;
}

function fold(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
}

/** The note folded for matching, with each folded character's original index. */
function foldWithMap(text: string): { folded: string; origin: Int32Array; originEnd: Int32Array } {
  const chars: string[] = [];
  const origin: number[] = [];
  const originEnd: number[] = [];
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const f = fold(String.fromCodePoint(cp));
    for (const c of f) {
      for (let k = 0; k < c.length; k++) {
        chars.push(c[k] as string);
        origin.push(i);
        originEnd.push(i + width);
      }
    }
    i += width;
  }
  return { folded: chars.join(''), origin: Int32Array.from(origin), originEnd: Int32Array.from(originEnd) };
}

const SPACE = /\s/u;
const PUNCT = /[\p{P}\p{S}]/u;

/** Spans for `tokens` (as tokenizer.tokenize returns them) within `text`. */
export function alignTokens(text: string, tokens: readonly string[], unknownToken = '[UNK]'): TokenSpan[] {
  const { folded, origin, originEnd } = foldWithMap(text);
  const spans: TokenSpan[] = [];
  let cursor = 0;
  const span = (a: number, b: number, continuation: boolean): TokenSpan =>
    b > a ? { start: origin[a] as number, end: originEnd[b - 1] as number, continuation } : { start: origin[a] ?? text.length, end: origin[a] ?? text.length, continuation };
  for (const token of tokens) {
    const continuation = token.startsWith('##') && token.length > 2;
    while (!continuation && cursor < folded.length && SPACE.test(folded[cursor] as string)) cursor++;
    if (token === unknownToken) {
      let end = cursor;
      if (end < folded.length && PUNCT.test(folded[end] as string)) end++;
      else while (end < folded.length && !SPACE.test(folded[end] as string) && !PUNCT.test(folded[end] as string)) end++;
      spans.push(span(cursor, end, false));
      cursor = end;
      continue;
    }
    const piece = fold(continuation ? token.slice(2) : token);
    let at = folded.startsWith(piece, cursor) ? cursor : folded.indexOf(piece, cursor);
    // Characters the normaliser dropped (controls) can sit between tokens; never jump far.
    if (at < 0 || at - cursor > 64) at = -1;
    if (at < 0) {
      spans.push(span(cursor, cursor, continuation));
      continue;
    }
    spans.push(span(at, at + piece.length, continuation));
    cursor = at + piece.length;
  }
  return spans;
}
