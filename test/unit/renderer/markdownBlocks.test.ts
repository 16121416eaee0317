import { describe, expect, it } from 'vitest';
import { parseInlines, parseMarkdown } from '../../../renderer/src/ui/markdownBlocks';

describe('card Markdown subset', () => {
  it('styles bold and italic runs and keeps unclosed markers as text', () => {
    expect(parseInlines('**simvastatin** with *clarithromycin* and 2*3')).toEqual([
      { text: 'simvastatin', bold: true, italic: false },
      { text: ' with ', bold: false, italic: false },
      { text: 'clarithromycin', bold: false, italic: true },
      { text: ' and 2*3', bold: false, italic: false },
    ]);
  });

  it('splits paragraphs on blank lines and gathers bullets into lists', () => {
    const blocks = parseMarkdown('**Mechanism.** CYP3A4 inhibition.\n\n**Management.**\n- Stop simvastatin\n- Use azithromycin\nThen review.');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'list', 'paragraph']);
    expect(blocks[2]).toEqual({ kind: 'list', items: [[{ text: 'Stop simvastatin', bold: false, italic: false }], [{ text: 'Use azithromycin', bold: false, italic: false }]] });
  });

  it('never produces markup from the text', () => {
    const [block] = parseMarkdown('<img src=x onerror=alert(1)>');
    expect(block).toEqual({ kind: 'paragraph', inlines: [{ text: '<img src=x onerror=alert(1)>', bold: false, italic: false }] });
  });

  it('reads a score table with its header and rows, and keeps a table without a separator as text', () => {
    const [intro, table] = parseMarkdown('CURB-65 1: low risk.\n\n| Input | Value | Points |\n| --- | --- | --- |\n| Age | 78 years | 1 |\n| Urea | 6.1 mmol/L | 0 |');
    expect(intro).toEqual({ kind: 'paragraph', inlines: [{ text: 'CURB-65 1: low risk.', bold: false, italic: false }] });
    expect(table).toMatchObject({ kind: 'table', header: [[{ text: 'Input' }], [{ text: 'Value' }], [{ text: 'Points' }]] });
    expect(table?.kind === 'table' && table.rows.map((r) => r.map((c) => c.map((x) => x.text).join('')))).toEqual([
      ['Age', '78 years', '1'],
      ['Urea', '6.1 mmol/L', '0'],
    ]);
    expect(parseMarkdown('| not | a table |')).toEqual([{ kind: 'paragraph', inlines: [{ text: '| not | a table |', bold: false, italic: false }] }]);
  });
});
