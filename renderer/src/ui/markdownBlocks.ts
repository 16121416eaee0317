/**
 * The small, safe subset of Markdown that card details use (CDS Hooks `detail` is Markdown):
 * paragraphs, "- " bullet lists, pipe tables (a header row, a `---` row, body rows), **bold**
 * and *italic*. Parsed to plain data, never to HTML,
 * so no text from a card can inject markup.
 */

export type Inline = { text: string; bold: boolean; italic: boolean };
export type Block = { kind: 'paragraph'; inlines: Inline[] } | { kind: 'list'; items: Inline[][] } | { kind: 'table'; header: Inline[][]; rows: Inline[][][] };

/** The cells of a `| a | b |` row. */
function cells(line: string): string[] {
  return line.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** Splits one line into styled runs. Unclosed markers are kept as text. */
export function parseInlines(line: string): Inline[] {
  const out: Inline[] = [];
  const pattern = /\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  for (const m of line.matchAll(pattern)) {
    if (m.index > last) out.push({ text: line.slice(last, m.index), bold: false, italic: false });
    out.push(m[1] !== undefined ? { text: m[1], bold: true, italic: false } : { text: m[2]!, bold: false, italic: true });
    last = m.index + m[0].length;
  }
  if (last < line.length) out.push({ text: line.slice(last), bold: false, italic: false });
  return out;
}

/** Paragraphs (separated by blank lines), bullet lists and tables. */
export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: Inline[][] | null = null;
  let table: string[] | null = null;
  const flush = (): void => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', inlines: parseInlines(paragraph.join(' ')) });
    if (list) blocks.push({ kind: 'list', items: list });
    if (table) {
      // A table needs its `---` separator row; without one the lines are kept as text.
      if (table.length >= 2 && /^\|?\s*:?-{3,}/.test(table[1]!)) {
        blocks.push({ kind: 'table', header: cells(table[0]!).map(parseInlines), rows: table.slice(2).map((r) => cells(r).map(parseInlines)) });
      } else blocks.push({ kind: 'paragraph', inlines: parseInlines(table.join(' ')) });
    }
    paragraph = [];
    list = null;
    table = null;
  };
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (line.startsWith('|')) {
      if (!table) flush();
      (table ??= []).push(line);
      continue;
    }
    if (table) flush();
    if (!line) flush();
    else if (bullet) {
      if (paragraph.length) flush();
      (list ??= []).push(parseInlines(bullet[1]!));
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
