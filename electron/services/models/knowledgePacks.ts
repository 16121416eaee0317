/**
 * Knowledge packs Bedside ships, signed like model packs (same manifest, signature and
 * registry): the drug vocabulary built by scripts/build-drug-vocabulary.mjs. The pack version
 * is the vocabulary file's own version, so a rebuilt vocabulary needs a version bump.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PackSource } from './packager';

/** The `drug-vocabulary` knowledge pack, from electron/services/cds/knowledge/vocabulary. */
export function drugVocabularyPackSource(root: string): PackSource | string {
  const dir = path.join(root, 'electron', 'services', 'cds', 'knowledge', 'vocabulary');
  const file = path.join(dir, 'drug-vocabulary.json');
  if (!fs.existsSync(file)) return `drug-vocabulary: ${file} is missing (build it with node scripts/build-drug-vocabulary.mjs)`;
  const v = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string; ingredients: { sources: string[] }[]; products: unknown[]; sources: { citation: string }[] };
  const eml = v.ingredients.filter((i) => i.sources.includes('eml')).length;
  return {
    sourceDir: dir,
    include: ['drug-vocabulary.json', 'drug-vocabulary.source.txt'],
    manifest: {
      formatVersion: 1,
      id: 'drug-vocabulary',
      version: v.version,
      name: 'Drug vocabulary (ingredients, ATC classes, brand and French names)',
      task: 'knowledge',
      input: { kind: 'knowledge', model: 'drug-vocabulary.json', format: 'bedside-drug-vocabulary' },
      labels: [],
      modelCard: {
        intendedUse: 'Resolves written drug names (ingredient, brand, French name, misspelling) to ingredients and WHO ATC classes so the decision-support rules can check orders.',
        trainingData: `Not trained: a curated table (drug-vocabulary.source.txt) of ${v.ingredients.length} ingredients (${eml} from the WHO Model List of Essential Medicines 2023) and ${v.products.length} combination products.`,
        metrics: [
          { name: 'ingredients', value: v.ingredients.length, split: 'vocabulary' },
          { name: 'WHO EML 2023 ingredients', value: eml, split: 'vocabulary' },
        ],
        limits: 'Names outside the table are not resolved; orders for them are marked "not checked". Brand names cover common US and French products only.',
        license: 'Table: project licence. WHO EML: CC BY-NC-SA 3.0 IGO; ATC codes: WHOCC (used as identifiers); brand names from public product labels.',
        credits: v.sources.map((s) => s.citation).join(' '),
      },
    },
  };
}
