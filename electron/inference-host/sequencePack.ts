/**
 * The files of a sequence-labelling pack (BiLSTM-CRF), read once per pack version: word and
 * character vocabularies, lexicons, CRF scores and the optional concept dictionary. A file that
 * does not parse is reported by name, as damaged packs are elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../services/errors';
import type { PackRef } from '../services/inference/hostProtocol';
import type { SequenceInputSpec } from '../services/models/manifest';
import { parseConceptFiles, type ConceptDictionary } from '../services/nlp/conceptMatcher';
import { makeLexicon, type Lexicon, type TaggerVocab } from '../services/nlp/taggerFeatures';
import type { CrfScores } from '../services/nlp/viterbi';

/** Everything the sequence pipeline needs besides the ONNX session. */
export interface SequenceResources {
  vocab: TaggerVocab;
  crf: CrfScores;
  concepts: ConceptDictionary | null;
}

const cache = new Map<string, SequenceResources>();

function damaged(pack: PackRef, rel: string, why: string): BedsideError {
  return new BedsideError('corrupt', `The file ${rel} of pack ${pack.id} ${pack.version} cannot be read (${why}). Reinstall the pack; other models keep working.`);
}

function readText(pack: PackRef, rel: string): string {
  try {
    return fs.readFileSync(path.join(pack.dir, ...rel.split('/')), 'utf8');
  } catch (e) {
    throw damaged(pack, rel, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it is missing' : (e as Error).message);
  }
}

function readJson(pack: PackRef, rel: string): unknown {
  try {
    return JSON.parse(readText(pack, rel)) as unknown;
  } catch (e) {
    if (e instanceof BedsideError) throw e;
    throw damaged(pack, rel, 'it is not valid JSON');
  }
}

const lines = (text: string): string[] => text.split('\n').filter((l) => l.length > 0);

function parseCrf(pack: PackRef, rel: string, labels: readonly string[]): CrfScores {
  const raw = readJson(pack, rel) as Partial<CrfScores>;
  const K = labels.length;
  const row = (v: unknown): v is number[] => Array.isArray(v) && v.length === K && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!Array.isArray(raw.labels) || raw.labels.join() !== labels.join()) throw damaged(pack, rel, `its labels are not the manifest's (${labels.join(', ')})`);
  if (!Array.isArray(raw.transitions) || raw.transitions.length !== K || !raw.transitions.every(row) || !row(raw.start) || !row(raw.end)) {
    throw damaged(pack, rel, `it needs a ${K}×${K} transition matrix and ${K} start and end scores`);
  }
  return { labels: raw.labels, transitions: raw.transitions, start: raw.start, end: raw.end };
}

/** The resources of a pack version (read on first use). */
export function sequenceResources(pack: PackRef): SequenceResources {
  const key = `${pack.id}@${pack.version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const spec = pack.manifest.input as SequenceInputSpec;
  const words = new Map(lines(readText(pack, spec.words)).map((w, i) => [w, i] as const));
  const charList = readJson(pack, spec.chars);
  if (!Array.isArray(charList) || !charList.every((c) => typeof c === 'string')) throw damaged(pack, spec.chars, 'it must be a JSON array of characters');
  const lexicons: Lexicon[] = spec.lexicons.map((rel) => makeLexicon(lines(readText(pack, rel)), spec.maxLexiconTokens));
  const resources: SequenceResources = {
    vocab: { words, chars: new Map(charList.map((c: string, i) => [c, i] as const)), lexicons, maxChars: spec.maxChars },
    crf: parseCrf(pack, spec.crf, pack.manifest.labels.map((l) => l.name)),
    concepts: spec.concepts ? parseConceptFiles(readText(pack, spec.concepts.dictionary), readText(pack, spec.concepts.names)) : null,
  };
  cache.set(key, resources);
  return resources;
}

/** Forgets cached resources (of one pack id, or all). */
export function unloadSequenceResources(packId?: string): void {
  for (const key of [...cache.keys()]) if (!packId || key.startsWith(`${packId}@`)) cache.delete(key);
}
