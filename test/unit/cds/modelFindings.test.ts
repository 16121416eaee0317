/**
 * Note suggestions from tagged mentions: one card per concept, nothing for negated, possible,
 * hypothetical, family or other-person mentions, nothing already on the problem list (same
 * words or same concept), no drug names, section words or dose forms.
 */
import type { Condition } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import type { Entity, TextAnalysis } from '../../../electron/contract/channels/inference';
import { notSuggestedBecause, onProblemList, problemListCards } from '../../../electron/services/cds/modelFindings';
import { assertMentions } from '../../../electron/services/nlp/assertMentions';
import { ConceptDictionary } from '../../../electron/services/nlp/conceptMatcher';

const DICT = new ConceptDictionary(
  [
    ['type 2 diabetes', 'D003924'],
    ['type 2 diabetes mellitus', 'D003924'],
    ['niddm', 'D003924'],
    ['breast cancer', 'D001943'],
    ['acute bronchitis', 'D001991'],
    ['chronic kidney disease', 'D051436'],
  ],
  new Map([
    ['D003924', 'type 2 diabetes'],
    ['D001943', 'breast cancer'],
    ['D001991', 'acute bronchitis'],
    ['D051436', 'chronic kidney disease'],
  ]),
);

/** Entities for phrases in a note, with ConText assertions and concepts, as the host returns them. */
function analysis(text: string, phrases: string[]): TextAnalysis {
  const spans = phrases.flatMap((p) => {
    const out: { start: number; end: number }[] = [];
    for (let i = text.indexOf(p); i >= 0; i = text.indexOf(p, i + 1)) out.push({ start: i, end: i + p.length });
    return out;
  });
  const assertions = assertMentions(text, spans);
  const entities: Entity[] = spans.map((s, i) => {
    const concept = DICT.match(text.slice(s.start, s.end));
    return { label: 'Disease', ...s, text: text.slice(s.start, s.end), score: 0.9, status: 'present', codes: [], assertion: assertions[i]!, ...(concept ? { concept } : {}) };
  });
  return {
    jobId: 'j',
    task: 'token-classification',
    entities,
    windows: { count: 1, windowTokens: 10, strideTokens: 0, totalTokens: 10 },
    provenance: { modelId: 'm', modelVersion: '1.0.0', fileSha256: 'a'.repeat(64), provider: 'cpu', requestedProvider: 'cpu', inputSha256: 'b'.repeat(64), timings: { queueMs: 0, loadMs: 0, preprocessMs: 1, runMs: 1, postprocessMs: 1, totalMs: 3 }, attempts: 1 },
  };
}

const pack = { id: 'm', version: '1.0.0', name: 'Tagger', task: 'token-classification', intendedUse: 'Testing.', limits: 'Testing.' };
const problem = (text: string): Condition => ({ resourceType: 'Condition', subject: { reference: 'Patient/p' }, code: { text } });
const cardsFor = (text: string, phrases: string[], problems: Condition[] = []) =>
  problemListCards({ patientId: 'p', noteReference: 'DocumentReference/n', analysis: analysis(text, phrases), pack, problems, now: new Date('2026-01-01T00:00:00Z') });

describe('problem-list suggestions from a note', () => {
  it('suggests only the patient’s own problems: not negated, family, hypothetical or possible mentions', () => {
    const note = 'Denies chest pain. Mother had breast cancer. Return if pneumonia develops. Possible sinusitis.\nAssessment: acute bronchitis (disorder).';
    const cards = cardsFor(note, ['chest pain', 'breast cancer', 'pneumonia', 'sinusitis', 'acute bronchitis']);
    expect(cards.map((c) => c.summary)).toEqual(['Add “acute bronchitis” to the problem list?']);
    expect(cards[0]!.detail).toContain('Concept: **acute bronchitis** (MESH:D001991');
    const condition = cards[0]!.suggestions![0]!.actions[0]!.resource as unknown as Condition;
    expect(condition.code?.coding).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/MSH', code: 'D001991', display: 'acute bronchitis' }]);
  });

  it('gives one card per concept however often and however worded, and none when the concept is on the problem list', () => {
    const note = 'Type 2 diabetes mellitus, poorly controlled. NIDDM for 10 years. Plan for type 2 diabetes: start metformin.';
    const cards = cardsFor(note, ['Type 2 diabetes mellitus', 'NIDDM', 'type 2 diabetes']);
    expect(cards).toHaveLength(1);
    expect(cards[0]!.explanation).toMatchObject({ kind: 'text-spans' });
    expect((cards[0]!.explanation as { spans: unknown[] }).spans).toHaveLength(3);
    expect(cardsFor(note, ['Type 2 diabetes mellitus', 'NIDDM', 'type 2 diabetes'], [problem('Diabetes mellitus type 2 (disorder)')])).toEqual([]);
  });

  it('never suggests drug names, dose forms, section words or fragments', () => {
    const e = (text: string): Entity => ({ label: 'Disease', start: 0, end: text.length, text, score: 0.9, status: 'present', codes: [] });
    expect(notSuggestedBecause(e('Medications'))).toBe('not a disease name');
    expect(notSuggestedBecause(e('Tablet'))).toBe('not a disease name');
    expect(notSuggestedBecause(e('HbA1c'))).toBe('not a disease name');
    expect(notSuggestedBecause(e('-acquired'))).toBe('not a disease name');
    expect(notSuggestedBecause(e('metformin'))).toBe('a drug name');
    expect(notSuggestedBecause(e('chronic kidney disease'))).toBeNull();
  });

  it('matches the problem list by words in any order and by the concept name', () => {
    expect(onProblemList('type 2 diabetes', [problem('Diabetes mellitus type 2 (disorder)')])).toBe(true);
    expect(onProblemList('NIDDM', [problem('Type 2 diabetes')], ['type 2 diabetes'])).toBe(true);
    expect(onProblemList('asthma', [problem('Hypertension')])).toBe(false);
  });
});
