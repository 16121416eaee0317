/**
 * The assertion check of `npm run eval -- ncbi-disease`: hand-written clinical sentences
 * (models/eval/clinical-assertions.json) go through the installed pack as notes; each expected
 * mention must be found, get the expected ConText statuses, and become a problem-list
 * suggestion only when it is the patient's own current or past problem (the app's own
 * problemListCards decides, with an empty problem list).
 */
import { z } from 'zod';
import { BedsideError } from '../errors';
import { problemListCards } from '../cds/modelFindings';
import type { Analyzer } from './analyzer';

const caseFileSchema = z.object({
  cases: z
    .array(
      z.object({
        text: z.string().min(1),
        mentions: z.array(
          z.object({
            text: z.string().min(1),
            negation: z.enum(['affirmed', 'negated', 'possible']),
            temporality: z.enum(['recent', 'historical', 'hypothetical']),
            experiencer: z.enum(['patient', 'family', 'other']),
            suggest: z.boolean(),
          }),
        ),
      }),
    )
    .min(1),
});
export type AssertionCases = z.infer<typeof caseFileSchema>;

/** Parses the case file, naming the first problem. */
export function parseAssertionCases(json: string, name: string): AssertionCases {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new BedsideError('invalid-input', `${name} is not valid JSON.`);
  }
  const r = caseFileSchema.safeParse(raw);
  if (!r.success) throw new BedsideError('invalid-input', `${name} is not an assertion case file (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}).`);
  return r.data;
}

/** One expected mention's outcome. */
export interface AssertionOutcome {
  text: string;
  found: boolean;
  expected: string;
  got: string | null;
  suggested: boolean;
  expectedSuggest: boolean;
}

/** Figures of the assertion check. */
export interface AssertionEvalResult {
  mentions: number;
  found: number;
  /** Found mentions whose three statuses all match. */
  correct: number;
  /** Problem-list suggestions for mentions that must not be suggested (target 0). */
  wrongSuggestions: number;
  /** Patient mentions that were found but not suggested. */
  missedSuggestions: number;
  outcomes: AssertionOutcome[];
}

/** Runs the check through the analyzer and the app's card builder. */
export async function evaluateAssertions(analyzer: Analyzer, cases: AssertionCases, packId: string): Promise<AssertionEvalResult> {
  const outcomes: AssertionOutcome[] = [];
  const pack = { id: packId, version: '-', name: packId, task: 'token-classification', intendedUse: '-', limits: '-' };
  for (const c of cases.cases) {
    const analysis = await analyzer.analyzeText({ packId, text: c.text, priority: 'background' });
    const cards = problemListCards({ patientId: 'eval', noteReference: 'DocumentReference/eval', analysis, pack, problems: [], now: new Date(0) });
    const suggestedSpans = cards.flatMap((card) => (card.explanation?.kind === 'text-spans' ? card.explanation.spans : []));
    let from = 0;
    for (const m of c.mentions) {
      const start = c.text.indexOf(m.text, from);
      if (start < 0) throw new BedsideError('invalid-input', `The assertion case "${c.text}" does not contain "${m.text}".`);
      const end = start + m.text.length;
      from = end;
      const e = (analysis.entities ?? []).find((x) => x.end > start && x.start < end);
      const expected = `${m.negation}/${m.temporality}/${m.experiencer}`;
      const got = e?.assertion ? `${e.assertion.negation}/${e.assertion.temporality}/${e.assertion.experiencer}` : null;
      outcomes.push({ text: m.text, found: Boolean(e), expected, got, suggested: suggestedSpans.some((s) => s.end > start && s.start < end), expectedSuggest: m.suggest });
    }
  }
  const found = outcomes.filter((o) => o.found);
  return {
    mentions: outcomes.length,
    found: found.length,
    correct: found.filter((o) => o.got === o.expected).length,
    wrongSuggestions: outcomes.filter((o) => o.suggested && !o.expectedSuggest).length,
    missedSuggestions: found.filter((o) => !o.suggested && o.expectedSuggest).length,
    outcomes,
  };
}
