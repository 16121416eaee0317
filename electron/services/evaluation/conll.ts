/** CoNLL-style token files (one `token<TAB>tag` per line, a blank line between sentences). */
import { BedsideError } from '../errors';

/** One sentence: its tokens and their IOB tags. */
export interface ConllSentence {
  tokens: string[];
  tags: string[];
}

/** Parses CoNLL text; the tag is the last tab-separated column. Throws naming the first bad line. */
export function parseConll(text: string, what = 'The file'): ConllSentence[] {
  const sentences: ConllSentence[] = [];
  let cur: ConllSentence = { tokens: [], tags: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') {
      if (cur.tokens.length) sentences.push(cur);
      cur = { tokens: [], tags: [] };
      return;
    }
    const cols = line.split('\t');
    const tag = cols.at(-1)!;
    if (cols.length < 2 || !/^(O|[BI]-.+)$/.test(tag)) throw new BedsideError('invalid-input', `${what} is not a CoNLL token file: line ${i + 1} is not "token<TAB>tag" with an IOB tag.`);
    cur.tokens.push(cols[0]!);
    cur.tags.push(tag);
  });
  if (cur.tokens.length) sentences.push(cur);
  return sentences;
}
