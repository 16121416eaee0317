/**
 * Loads the signed `drug-vocabulary` knowledge pack, when one is installed and active, in
 * place of the bundled vocabulary. The registry verifies the signature and every file's
 * sha256 before the data is read; the data is validated against the vocabulary schema. With
 * no pack, or a pack that fails either check, the bundled vocabulary stays in use and the
 * reason is logged (decision-support keeps working; Settings → Model packs shows the pack).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isBedsideError } from '../errors';
import type { ModelRegistry } from '../models/registry';
import { drugVocabularySchema, useDrugVocabulary } from './knowledge/drugVocabulary';

/** The pack id of the drug vocabulary. */
export const DRUG_VOCABULARY_PACK = 'drug-vocabulary';

/** Switches to the active vocabulary pack; returns what happened, for the log. */
export async function loadDrugVocabularyPack(registry: Pick<ModelRegistry, 'resolve'>): Promise<string> {
  let pack;
  try {
    pack = await registry.resolve(DRUG_VOCABULARY_PACK);
  } catch (e) {
    if (isBedsideError(e) && e.code === 'not-found') return 'No drug-vocabulary pack is active: using the vocabulary bundled with the app.';
    return `The drug-vocabulary pack was not used (${(e as Error).message}); using the bundled vocabulary.`;
  }
  if (pack.manifest.input.kind !== 'knowledge') return `The ${DRUG_VOCABULARY_PACK} pack is not a knowledge pack; using the bundled vocabulary.`;
  const file = path.join(pack.dir, ...pack.manifest.input.model.split('/'));
  const parsed = drugVocabularySchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) return `The ${DRUG_VOCABULARY_PACK} pack ${pack.version} does not hold a valid vocabulary (${parsed.error.issues[0]?.message ?? 'unknown problem'}); using the bundled vocabulary.`;
  useDrugVocabulary(parsed.data, 'pack');
  return `Drug vocabulary: pack ${pack.version} (${parsed.data.ingredients.length} ingredients).`;
}
