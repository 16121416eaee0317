/**
 * ConText assertions for mentions given as character spans (any tagger): the note is cut into
 * the same sentences and word tokens as the sequence tagger uses, each span is mapped to the
 * tokens it overlaps, and ConText runs per sentence with the family-history sections.
 */
import { contextAssertions, familySections, type Assertion } from './context';
import { splitSentences } from './wordTokens';

/** The assertion of each span, in the order given. */
export function assertMentions(text: string, spans: readonly { start: number; end: number }[]): Assertion[] {
  const sentences = splitSentences(text);
  const family = familySections(text, sentences);
  return spans.map((sp) => {
    const si = sentences.findIndex((s) => s.tokens.some((t) => t.end > sp.start && t.start < sp.end));
    if (si < 0) return { negation: 'affirmed', temporality: 'recent', experiencer: 'patient', cues: [] };
    const tokens = sentences[si]!.tokens;
    const first = tokens.findIndex((t) => t.end > sp.start);
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1]!.start < sp.end) last++;
    return contextAssertions(tokens, [{ start: first, end: last + 1 }], family[si])[0]!;
  });
}
