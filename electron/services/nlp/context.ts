/**
 * Assertion status of a mention with the ConText algorithm: Harkema H, Dowling JN, Thornblade T,
 * Chapman WW. "ConText: an algorithm for determining negation, experiencer, and temporal status
 * from clinical reports." J Biomed Inform 2009;42(5):839–851. doi:10.1016/j.jbi.2009.05.002.
 *
 * ConText, as published: trigger terms (lexical cues) set a contextual value on the mentions in
 * their scope; a trigger's scope runs from the trigger to the end of the sentence (forward
 * triggers) or back to its start (backward triggers) and stops early at a termination term;
 * pseudo-triggers (e.g. "no increase", "gram negative") look like triggers but are not, and
 * cancel the trigger words they contain. Three properties: Negation (affirmed / negated),
 * Temporality (recent / historical / hypothetical) and Experiencer (patient / other).
 *
 * The trigger, pseudo-trigger and termination lists below are the ones published with ConText
 * and its predecessor NegEx (Chapman WW et al., J Biomed Inform 2001;34:301–310), the English
 * lexicon distributed with the ConText paper's supplementary material; a subset is kept: the
 * terms that occur in outpatient notes (radiology-only phrasing left out). Two additions, said
 * where they are: NegEx's "possible" triggers (its uncertainty category, e.g. "rule out",
 * "suspicious for") give `negation: 'possible'`, and the experiencer is split into `family`
 * (relatives, "family history") and `other` (any other person), since a family history is not
 * the patient's problem and a physician reads the two differently. A "Family history:" section
 * header makes every mention under it, up to the next header, a family mention (ConText works
 * per sentence; pyConText and medspaCy treat section headers the same way).
 */
import type { Sentence, WordToken } from './wordTokens';

/** The statuses ConText assigns to a mention. */
export interface Assertion {
  negation: 'affirmed' | 'negated' | 'possible';
  temporality: 'recent' | 'historical' | 'hypothetical';
  experiencer: 'patient' | 'family' | 'other';
  /** The trigger phrases that set a non-default value, as written in the note. */
  cues: string[];
}

type Category = 'negated' | 'possible' | 'historical' | 'hypothetical' | 'family' | 'other';
type Direction = 'forward' | 'backward' | 'bidirectional';

interface Trigger {
  phrase: string;
  category: Category;
  direction: Direction;
}

const t = (category: Category, direction: Direction, phrases: readonly string[]): Trigger[] => phrases.map((phrase) => ({ phrase, category, direction }));

/** Trigger terms (ConText / NegEx lexicon, subset; see the file comment). */
const TRIGGERS: readonly Trigger[] = [
  // Negation, pre-condition (forward)
  ...t('negated', 'forward', [
    'no', 'not', 'denies', 'denied', 'denying', 'deny', 'without', 'no evidence of', 'no evidence', 'no sign of', 'no signs of',
    'negative for', 'absence of', 'free of', 'no history of', 'no complaints of', 'no suggestion of', 'no findings of',
    'not demonstrate', 'not appear', 'not have', 'no new', 'never had', 'never developed', 'resolution of', 'rules out',
    'ruled out', 'patient was not', 'fails to reveal', 'no abnormal', 'neither', 'nor', 'no further',
    'no longer', 'free from', 'doesn\'t have', 'does not have', 'did not have', 'has not had', 'denies any', 'without any',
  ]),
  // Negation, post-condition (backward)
  ...t('negated', 'backward', ['is ruled out', 'are ruled out', 'was ruled out', 'were ruled out', 'has been ruled out', 'have been ruled out', 'free', 'was negative', 'were negative', 'is negative', 'are negative', 'absent', 'resolved', 'not seen', 'not present', 'unlikely']),
  // Possible (NegEx's uncertainty triggers)
  ...t('possible', 'forward', [
    'possible', 'possibly', 'probable', 'probably', 'rule out', 'r / o', 'ro', 'rule him out', 'rule her out', 'rule the patient out',
    'suspicious for', 'suspicion of', 'suspicion for', 'suspected', 'suspect', 'question of', 'questionable', 'concern for', 'concerning for',
    'may be', 'may have', 'might be', 'might have', 'could be', 'could have', 'cannot rule out', 'cannot exclude', 'can not rule out',
    'differential diagnosis', 'differential includes', 'likely', 'presumed', 'versus', 'vs', 'worrisome for', 'evaluate for', 'evaluation for',
    'be ruled out for', 'to be ruled out for', 'not excluded', 'borderline',
  ]),
  ...t('possible', 'backward', ['is not excluded', 'cannot be excluded', 'can not be excluded', 'not ruled out', 'is possible', 'is suspected', 'is likely', 'is questionable', 'was considered', 'are possible', '?']),
  // Temporality: historical
  ...t('historical', 'forward', [
    'history of', 'hx of', 'h / o', 'hx', 'history', 'past history', 'past medical history', 'pmh', 'previous', 'previously', 'prior', 'prior history of',
    'status post', 's / p', 'in the past', 'remote', 'childhood', 'former', 'formerly', 'recovered from',
  ]),
  ...t('historical', 'backward', ['in the past', 'years ago', 'months ago', 'as a child', 'in childhood', 'previously', 'in remission', 'resolved']),
  // Temporality: hypothetical
  ...t('hypothetical', 'forward', [
    'if', 'should he', 'should she', 'should the patient', 'should there', 'should', 'in case of', 'in case', 'return if', 'return for', 'come back if',
    'come back for', 'call if', 'call for', 'seek care if', 'seek medical attention if', 'watch for', 'monitor for', 'look out for', 'as needed for',
    'to prevent', 'prevention of', 'risk of', 'at risk for', 'risk for', 'screening for', 'screen for', 'warning signs of',
  ]),
  ...t('hypothetical', 'backward', ['develops', 'develop', 'occurs', 'occur', 'worsens', 'recurs', 'prophylaxis']),
  // Experiencer: family ("family history" reads forward; a relative may follow the condition: "cancer in her mother")
  ...t('family', 'forward', ['family history', 'family history of', 'fh', 'fhx', 'family hx']),
  ...t('family', 'bidirectional', [
    'mother', 'father', 'mom', 'dad', 'parent', 'parents', 'brother', 'brothers', 'sister', 'sisters',
    'sibling', 'siblings', 'son', 'sons', 'daughter', 'daughters', 'aunt', 'aunts', 'uncle', 'uncles', 'grandmother', 'grandfather', 'grandparent',
    'grandparents', 'cousin', 'cousins', 'niece', 'nephew', 'maternal', 'paternal', 'twin', 'children', 'child', 'relative', 'relatives', 'family member',
    'family members', 'in the family', 'runs in the family',
  ]),
  // Experiencer: another person
  ...t('other', 'bidirectional', ['wife', 'husband', 'spouse', 'partner', 'boyfriend', 'girlfriend', 'friend', 'friends', 'roommate', 'coworker', 'co-worker', 'neighbor', 'neighbour', 'caregiver', 'exposure to', 'exposed to', 'sick contact', 'sick contacts']),
];

/** Pseudo-triggers: contain a trigger word but set nothing (ConText / NegEx pseudo lists). */
const PSEUDO: readonly string[] = [
  'no increase', 'no change', 'no significant change', 'no interval change', 'no suspicious change', 'not only', 'not necessarily', 'not cause',
  'not drain', 'not extend', 'not certain if', 'not certain whether', 'gram negative', 'without difficulty', 'without any further', 'no further change',
  'not been reported', 'history and physical', 'history and examination', 'history taking', 'poor history', 'social history', 'history of present illness',
  'history of the present illness', 'sexual history', 'obstetric history', 'surgical history', 'medication history', 'if needed', 'if necessary',
  'if possible', 'as needed', 'when needed', 'likely due to', 'not ruled out by', 'free text', 'negative pressure', 'stable history',
  'sister-in-law', 'son-in-law', 'daughter-in-law', 'mother-in-law', 'father-in-law', 'brother-in-law', 'child-bearing', 'childbearing',
  'mother tongue', 'fever free', 'symptom free', 'pain free', 'free water', 'prior to', 'prior to admission', 'signs of', 'symptoms of',
];

/** Termination terms: a trigger's scope stops here (ConText's conjunctions and cause/presentation terms). */
const TERMINATION: Readonly<Record<Category, readonly string[]>> = (() => {
  // ';' ends a clause in notes ("cystic fibrosis; family history of …"): an addition to the published terms.
  const conj = [';', 'but', 'however', 'yet', 'though', 'although', 'aside from', 'apart from', 'except', 'nevertheless', 'still', 'whereas', 'which'];
  const cause = ['cause of', 'cause for', 'causes of', 'causes for', 'source of', 'source for', 'sources of', 'etiology of', 'etiology for', 'origin of', 'origin for', 'reason for', 'reasons for', 'secondary to', 'due to', 'because of'];
  const now = ['presents', 'presented', 'presenting', 'complains', 'complaining', 'reports', 'reported', 'states', 'now', 'currently', 'today', 'since', 'who'];
  const person = ['patient', 'pt', 'he', 'she'];
  return {
    negated: [...conj, ...cause, 'presents', 'presenting', 'complains', 'now', 'has', 'had'],
    possible: [...conj, ...cause, 'presents', 'complains'],
    historical: [...conj, ...now],
    hypothetical: [...conj, ...now],
    family: [...conj, ...person, 'presents', 'complains', 'reports'],
    other: [...conj, ...person, 'presents', 'complains', 'reports'],
  };
})();

const tokenise = (phrase: string): string[] => phrase.toLowerCase().match(/[\p{L}\p{N}]+|\S/gu) ?? [];
/** Phrases indexed by their first token, so matching a sentence looks only at candidates. */
function byFirstToken<T extends { tokens: string[] }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const it of items) {
    const list = map.get(it.tokens[0]!);
    if (list) list.push(it);
    else map.set(it.tokens[0]!, [it]);
  }
  return map;
}
const TRIGGER_INDEX = byFirstToken(TRIGGERS.map((tr) => ({ ...tr, tokens: tokenise(tr.phrase) })));
const PSEUDO_INDEX = byFirstToken(PSEUDO.map((p) => ({ tokens: tokenise(p) })));
const TERMINATION_TOKENS = Object.fromEntries(Object.entries(TERMINATION).map(([k, v]) => [k, v.map(tokenise)])) as Record<Category, string[][]>;

const matchesAt = (low: readonly string[], i: number, phrase: readonly string[]): boolean => phrase.length > 0 && phrase.every((w, k) => low[i + k] === w);

/** A found trigger: its category, direction and token range [start, end). */
interface Found {
  category: Category;
  direction: Direction;
  start: number;
  end: number;
}

/** Triggers in a sentence (longest match first; pseudo-triggers cover and cancel what they contain). */
function findTriggers(low: readonly string[]): Found[] {
  const covered = new Array<boolean>(low.length).fill(false);
  for (let i = 0; i < low.length; i++) {
    for (const p of PSEUDO_INDEX.get(low[i]!) ?? []) if (matchesAt(low, i, p.tokens)) for (let k = i; k < i + p.tokens.length; k++) covered[k] = true;
  }
  const found: Found[] = [];
  for (let i = 0; i < low.length; ) {
    if (covered[i]) {
      i++;
      continue;
    }
    const here = (TRIGGER_INDEX.get(low[i]!) ?? []).filter((tr) => matchesAt(low, i, tr.tokens));
    if (!here.length) {
      i++;
      continue;
    }
    const longest = Math.max(...here.map((tr) => tr.tokens.length));
    for (const tr of here) if (tr.tokens.length === longest) found.push({ category: tr.category, direction: tr.direction, start: i, end: i + longest });
    i += longest;
  }
  return found;
}

function terminatedBetween(low: readonly string[], from: number, to: number, category: Category): boolean {
  for (let i = from; i < to; i++) for (const term of TERMINATION_TOKENS[category]) if (matchesAt(low, i, term) && i + term.length <= to) return true;
  return false;
}

/** A mention's token range within its sentence. */
export interface MentionSpan {
  /** First token index in the sentence. */
  start: number;
  /** One past the last token index. */
  end: number;
}

/**
 * ConText over one sentence: the assertion of each mention. `familySection` marks a sentence
 * under a family-history section header.
 */
export function contextAssertions(tokens: readonly WordToken[], mentions: readonly MentionSpan[], familySection = false): Assertion[] {
  const low = tokens.map((tk) => tk.text.toLowerCase());
  const triggers = findTriggers(low);
  return mentions.map((m) => {
    const a: Assertion = { negation: 'affirmed', temporality: 'recent', experiencer: familySection ? 'family' : 'patient', cues: familySection ? ['family history (section)'] : [] };
    const applies = (f: Found): boolean => {
      // A tagger may take the trigger into the span ("denies fever"): a trigger at the mention's
      // start still reads forward, one at its end backward; one wholly inside is part of the name.
      if (f.start <= m.start && f.end > m.start && f.end < m.end) return f.direction !== 'backward';
      if (f.end >= m.end && f.start < m.end && f.start > m.start) return f.direction !== 'forward';
      if (f.start < m.end && f.end > m.start) return false;
      if (f.end <= m.start && f.direction !== 'backward') return !terminatedBetween(low, f.end, m.start, f.category);
      if (f.start >= m.end && f.direction !== 'forward') return !terminatedBetween(low, m.end, f.start, f.category);
      return false;
    };
    for (const f of triggers) {
      if (!applies(f)) continue;
      const cue = tokens.slice(f.start, f.end).map((tk) => tk.text).join(' ');
      switch (f.category) {
        case 'negated':
          a.negation = 'negated';
          break;
        case 'possible':
          if (a.negation !== 'negated') a.negation = 'possible';
          break;
        case 'historical':
          if (a.temporality !== 'hypothetical') a.temporality = 'historical';
          break;
        case 'hypothetical':
          a.temporality = 'hypothetical';
          break;
        case 'family':
          a.experiencer = 'family';
          break;
        case 'other':
          if (a.experiencer !== 'family') a.experiencer = 'other';
          break;
      }
      a.cues.push(cue);
    }
    return a;
  });
}

const HEADER = /^\s*([A-Za-z][A-Za-z /&-]{1,40}):/;
const FAMILY_HEADER = /^(family (medical )?history|fh|fhx)$/i;

/** True when a line starts with a section header ("Family history:") naming the family history. */
export function familyHeader(line: string): boolean | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  return FAMILY_HEADER.test(m[1]!.trim());
}

/**
 * Which sentences lie in a family-history section: from a "Family history:" header to the next
 * header (any "Word(s):" at a line start) or a blank line.
 */
export function familySections(text: string, sentences: readonly Sentence[]): boolean[] {
  const lines = text.split('\n');
  const inFamily = new Map<number, boolean>();
  let offset = 0;
  let current = false;
  for (const line of lines) {
    const header = familyHeader(line);
    if (header !== null) current = header;
    else if (!line.trim()) current = false;
    inFamily.set(offset, current);
    offset += line.length + 1;
  }
  return sentences.map((s) => inFamily.get(s.lineStart) ?? false);
}

/** True when the assertion rules a mention out of the patient's problem list. */
export function notAPatientProblem(a: Assertion): boolean {
  return a.negation !== 'affirmed' || a.temporality === 'hypothetical' || a.experiencer !== 'patient';
}
