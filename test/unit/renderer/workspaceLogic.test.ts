/** Pure logic of the clinical workspace: entity segments, trend ranges, card feedback, autosave. */
import { describe, expect, it } from 'vitest';
import { highlightSegments } from '../../../renderer/src/features/notes/highlightSegments';
import { trendGeometry } from '../../../renderer/src/features/chart/trendScale';
import { outOfRange } from '../../../renderer/src/features/chart/chartModel';
import { dismissalProblem, overriddenFeedback, byUrgency } from '../../../renderer/src/features/suggestions/cardLogic';
import { OVERRIDE_REASONS } from '../../../renderer/src/features/suggestions/overrideReasons';
import { OVERRIDE_REASONS as CONTRACT_REASONS, cardFeedbackSchema, type Card } from '../../../electron/contract/schemas/card';
import { initialNoteState, noteReducer, shouldAutosave } from '../../../renderer/src/features/notes/autosave';

describe('highlightSegments', () => {
  it('splits overlapping spans so both show, with the tag where each ends', () => {
    const segs = highlightSegments('chest pain today', [
      { start: 0, end: 10, label: 'Symptom', score: 0.9 },
      { start: 6, end: 10, label: 'Finding', score: 0.8 },
    ]);
    expect(segs.map((s) => [s.text, s.spans.map((x) => x.label)])).toEqual([
      ['chest ', ['Symptom']],
      ['pain', ['Symptom', 'Finding']],
      [' today', []],
    ]);
    expect(segs[1]!.ending.map((s) => s.label)).toEqual(['Symptom', 'Finding']);
  });
  it('keeps adjacent spans apart and clips offsets outside the text', () => {
    const segs = highlightSegments('abcdef', [
      { start: 0, end: 3, label: 'A', score: 1 },
      { start: 3, end: 99, label: 'B', score: 1 },
      { start: 4, end: 4, label: 'empty', score: 1 },
    ]);
    expect(segs.map((s) => [s.text, s.spans.map((x) => x.label)])).toEqual([
      ['abc', ['A']],
      ['def', ['B']],
    ]);
  });
  it('indexes UTF-16 code units, as the inference channel reports offsets', () => {
    const text = 'é 😀 fever';
    const start = text.indexOf('fever');
    const segs = highlightSegments(text, [{ start, end: start + 5, label: 'Disease', score: 0.7 }]);
    expect(segs.at(-1)!.text).toBe('fever');
  });
});

describe('trend chart reference ranges', () => {
  const series = { code: 'k', name: 'Potassium', unit: 'mmol/L', low: 3.5, high: 5.1, points: [{ time: 0, value: 4, id: 'a' }, { time: 1, value: 6.2, id: 'b' }] };
  it('shades the band between low and high, inside the plot', () => {
    const g = trendGeometry(series, 200, 100, 8);
    expect(g.band).not.toBeNull();
    const yOf = (v: number) => 8 + (1 - (v - g.yMin) / (g.yMax - g.yMin)) * 84;
    expect(g.band!.y).toBeCloseTo(yOf(5.1));
    expect(g.band!.y + g.band!.height).toBeCloseTo(yOf(3.5));
    expect(g.points[1]!.y).toBeLessThan(g.band!.y); // 6.2 plots above the band
  });
  it('flags values outside the range', () => {
    expect(outOfRange(6.2, 3.5, 5.1)).toBe('high');
    expect(outOfRange(3.4, 3.5, 5.1)).toBe('low');
    expect(outOfRange(4, 3.5, 5.1)).toBeNull();
  });
});

describe('card actions', () => {
  const card = { uuid: '7f1c1a4e-8a3b-4c39-9c0e-1f2a3b4c5d6e', indicator: 'warning' } as Card;
  it('the renderer copy of the fixed override reasons matches the contract', () => {
    expect(OVERRIDE_REASONS).toEqual(CONTRACT_REASONS);
  });
  it('a dismissal needs a reason, and "other" needs words', () => {
    expect(dismissalProblem('', '')).toBe('reason');
    expect(dismissalProblem('other', '  ')).toBe('comment');
    expect(dismissalProblem('patient-aware', '')).toBeNull();
  });
  it('builds feedback the contract accepts', () => {
    const fb = overriddenFeedback(card, 'other', 'seen by cardiology', new Date('2025-01-01T00:00:00Z'));
    expect(cardFeedbackSchema.safeParse(fb).success).toBe(true);
  });
  it('orders cards critical first', () => {
    const cards = [{ indicator: 'info' }, { indicator: 'critical' }, { indicator: 'warning' }] as Card[];
    expect(byUrgency(cards).map((c) => c.indicator)).toEqual(['critical', 'warning', 'info']);
  });
});

describe('note autosave', () => {
  it('edits during a save keep the note dirty; a conflict waits for the physician', () => {
    let s = initialNoteState(undefined, '', 'Note');
    s = noteReducer(s, { type: 'edit', text: 'a' });
    expect(shouldAutosave(s)).toBe(true);
    s = noteReducer(s, { type: 'saveStarted' });
    s = noteReducer(s, { type: 'edit', text: 'ab' });
    s = noteReducer(s, { type: 'saved', stored: { resourceType: 'DocumentReference', status: 'current', content: [] } });
    expect(s.status).toBe('dirty');
    s = noteReducer(s, { type: 'conflict', theirs: { resourceType: 'DocumentReference', status: 'current', content: [] } });
    expect(shouldAutosave(noteReducer(s, { type: 'edit', text: 'abc' }))).toBe(false);
  });
});
