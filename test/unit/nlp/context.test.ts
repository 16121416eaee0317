/**
 * ConText (Harkema et al., J Biomed Inform 2009) on the hand-written clinical cases in
 * models/eval/clinical-assertions.json, with the mention spans given (no tagger involved), and on
 * the algorithm's defining behaviours: scope to the end of the sentence, termination terms,
 * pseudo-triggers, backward triggers, and family-history sections.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertMentions } from '../../../electron/services/nlp/assertMentions';
import { notAPatientProblem } from '../../../electron/services/nlp/context';
import { splitSentences, wordTokens } from '../../../electron/services/nlp/wordTokens';
import { parseAssertionCases } from '../../../electron/services/evaluation/assertionEval';
import { repoRoot } from '../../helpers/sharedData';

const casesFile = path.join(repoRoot, 'models', 'eval', 'clinical-assertions.json');

const statusOf = (text: string, mention: string): string => {
  const start = text.indexOf(mention);
  const a = assertMentions(text, [{ start, end: start + mention.length }])[0]!;
  return `${a.negation}/${a.temporality}/${a.experiencer}`;
};

describe('ConText assertions', () => {
  it('gives every mention of the clinical case file its expected statuses, and rules out exactly the non-patient ones', () => {
    const cases = parseAssertionCases(fs.readFileSync(casesFile, 'utf8'), 'clinical-assertions.json');
    let checked = 0;
    for (const c of cases.cases) {
      let from = 0;
      const spans = c.mentions.map((m) => {
        const start = c.text.indexOf(m.text, from);
        from = start + m.text.length;
        return { start, end: from };
      });
      const got = assertMentions(c.text, spans);
      c.mentions.forEach((m, i) => {
        const a = got[i]!;
        expect(`${m.text}: ${a.negation}/${a.temporality}/${a.experiencer}`).toBe(`${m.text}: ${m.negation}/${m.temporality}/${m.experiencer}`);
        expect(notAPatientProblem(a)).toBe(!m.suggest);
        checked++;
      });
    }
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('scopes a forward trigger to the end of the sentence, across a list, and stops at a termination term', () => {
    const text = 'Denies fever, chills, night sweats or weight loss but has a productive cough. Reports fatigue.';
    expect(statusOf(text, 'weight loss')).toBe('negated/recent/patient');
    expect(statusOf(text, 'productive cough')).toBe('affirmed/recent/patient');
    expect(statusOf(text, 'fatigue')).toBe('affirmed/recent/patient');
  });

  it('ignores pseudo-triggers (no increase, gram negative, social history) and applies backward triggers', () => {
    expect(statusOf('No increase in ankle edema.', 'ankle edema')).toBe('affirmed/recent/patient');
    expect(statusOf('Gram negative rods in the urine consistent with cystitis.', 'cystitis')).toBe('affirmed/recent/patient');
    expect(statusOf('Pulmonary embolism was ruled out.', 'Pulmonary embolism')).toBe('negated/recent/patient');
    expect(statusOf('Appendicitis is unlikely.', 'Appendicitis')).toBe('negated/recent/patient');
    expect(statusOf('Meningitis cannot be excluded.', 'Meningitis')).toBe('possible/recent/patient');
    expect(statusOf('Pneumonia 2 years ago, treated as an outpatient.', 'Pneumonia')).toBe('affirmed/historical/patient');
  });

  it('reads "family history of" forward only, and a relative in either direction within the clause', () => {
    const text = 'Assessment: cystic fibrosis with chronic pancreatitis; family history of huntington disease and breast cancer.';
    expect(statusOf(text, 'cystic fibrosis')).toBe('affirmed/recent/patient');
    expect(statusOf(text, 'huntington disease')).toBe('affirmed/recent/family');
    expect(statusOf(text, 'breast cancer')).toBe('affirmed/recent/family');
    expect(statusOf('Asthma. Breast cancer in her mother.', 'Breast cancer')).toBe('affirmed/recent/family');
    expect(statusOf('Asthma. Breast cancer in her mother.', 'Asthma')).toBe('affirmed/recent/patient');
  });

  it('still applies a trigger that a tagger took into the mention ("denies fever")', () => {
    expect(statusOf('Patient denies fever, chest pain and shortness of breath.', 'denies fever')).toBe('negated/recent/patient');
    expect(statusOf('No evidence of pneumonia.', 'No evidence of pneumonia')).toBe('negated/recent/patient');
    expect(statusOf('Pneumonia was ruled out.', 'Pneumonia was ruled out')).toBe('negated/recent/patient');
  });

  it('reads a family-history section up to the next header', () => {
    const note = 'FAMILY HISTORY:\nColon cancer.\nSOCIAL HISTORY: non-smoker.\nASSESSMENT:\nColon cancer screening due.';
    expect(statusOf(note, 'Colon cancer')).toBe('affirmed/recent/family');
    const second = note.lastIndexOf('Colon cancer');
    const a = assertMentions(note, [{ start: second, end: second + 'Colon cancer'.length }])[0]!;
    expect(a.experiencer).toBe('patient');
  });
});

describe('word tokens and sentences', () => {
  it('splits like standoff2conll and keeps UTF-16 offsets', () => {
    const text = 'BRCA1-associated cancer (ßeta) ok';
    const toks = wordTokens(text);
    expect(toks.map((t) => t.text)).toEqual(['BRCA1', '-', 'associated', 'cancer', '(', 'ßeta', ')', 'ok']);
    for (const t of toks) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('ends sentences at line breaks and at full stops before a capital, not after Dr. or initials', () => {
    const s = splitSentences('Seen by Dr. Smith today. Has asthma.\nPlan: inhaler');
    expect(s.map((x) => x.tokens.map((t) => t.text).join(' '))).toEqual(['Seen by Dr . Smith today .', 'Has asthma .', 'Plan : inhaler']);
  });
});
