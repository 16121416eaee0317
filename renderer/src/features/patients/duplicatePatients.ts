/**
 * Possible duplicates of a patient about to be created: another patient with the same MRN (an
 * MRN names one person), or the same birth date with a near-identical name (typos, accents,
 * given and family names swapped, a second given name left out), the usual causes of duplicate
 * charts (Just BH et al., "Why patient matching is a challenge", Perspect Health Inf Manag 2016).
 * Pure: the caller fetches the candidates with the patient search.
 */
import type { PatientSummary } from '../../api/ports';
import { patientMrn, patientName } from '../../fhir/display';

/** One possible duplicate and why. */
export interface PossibleDuplicate {
  patient: PatientSummary;
  reason: 'mrn' | 'name-birth-date';
}

/** Letters only, lower case, accents removed: "Müller-Lüdenscheidt" → "mullerludenscheidt". */
const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '');

const words = (s: string): string[] => fold(s).split(/\s+/).filter(Boolean);

/** Levenshtein distance, stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Whether two words are the same name allowing one typo in five letters ("Katherine"/"Kathrine"). */
const sameWord = (a: string, b: string): boolean => distance(a, b, 2) <= Math.max(1, Math.floor(Math.min(a.length, b.length) / 5));

/**
 * Whether two names are near-identical: every word of the shorter name matches a word of the
 * longer one (in any order), and the family name of the new patient is among them.
 */
export function similarNames(family: string, given: string, other: string): boolean {
  const mine = [...words(family), ...words(given)];
  const theirs = words(other);
  if (mine.length === 0 || theirs.length === 0) return false;
  const [short, long] = mine.length <= theirs.length ? [mine, theirs] : [theirs, mine];
  const familyWords = words(family);
  return short.every((w) => long.some((x) => sameWord(w, x))) && familyWords.some((f) => theirs.some((x) => sameWord(f, x)));
}

/** The possible duplicates among `candidates` of a new patient with these details. */
export function possibleDuplicates(p: { family: string; given: string; birthDate: string; mrn: string }, candidates: readonly PatientSummary[]): PossibleDuplicate[] {
  const out: PossibleDuplicate[] = [];
  const mrn = p.mrn.trim().toLowerCase();
  for (const c of candidates) {
    if (out.some((d) => d.patient.id === c.id)) continue;
    const theirMrns = (c.identifier ?? []).map((i) => (i.value ?? '').trim().toLowerCase());
    if (mrn && (theirMrns.includes(mrn) || patientMrn(c).trim().toLowerCase() === mrn)) out.push({ patient: c, reason: 'mrn' });
    else if (p.birthDate && c.birthDate === p.birthDate && similarNames(p.family, p.given, patientName(c))) out.push({ patient: c, reason: 'name-birth-date' });
  }
  return out.sort((a, b) => (a.reason === b.reason ? 0 : a.reason === 'mrn' ? -1 : 1));
}
