/** The drug vocabulary as a signed knowledge pack: built, signed, installed and loaded through the model registry. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDrugVocabularyPack } from '../../../electron/services/cds/knowledgePack';
import { BUNDLED_DRUG_VOCABULARY, drugVocabulary, drugVocabularySource, useDrugVocabulary } from '../../../electron/services/cds/knowledge/drugVocabulary';
import { drugVocabularyPackSource } from '../../../electron/services/models/knowledgePacks';
import { buildPack, type PackSource } from '../../../electron/services/models/packager';
import { ModelRegistry } from '../../../electron/services/models/registry';
import { generateSigningKeyPair } from '../../../electron/services/models/signing';

const root = path.resolve(__dirname, '../../..');

const setup = () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
  const keys = generateSigningKeyPair();
  const trusted = path.join(tmp, 'trusted');
  fs.mkdirSync(trusted);
  fs.writeFileSync(path.join(trusted, 'clinic.pub'), keys.publicKeyPem);
  const source = drugVocabularyPackSource(root) as PackSource;
  const built = buildPack(source, path.join(tmp, 'out'), keys.privateKeyPem);
  const registry = new ModelRegistry({ packsDir: path.join(tmp, 'packs'), trustedKeyDirs: [trusted] });
  registry.boot();
  return { tmp, built, registry };
};

afterEach(() => useDrugVocabulary(BUNDLED_DRUG_VOCABULARY, 'bundled'));

describe('drug-vocabulary knowledge pack', () => {
  it('is signed, installed and loaded in place of the bundled vocabulary', async () => {
    const { built, registry } = setup();
    expect(await loadDrugVocabularyPack(registry)).toMatch(/No drug-vocabulary pack is active/);
    expect(drugVocabularySource()).toBe('bundled');
    await registry.install(built.dir);
    expect(await loadDrugVocabularyPack(registry)).toMatch(/^Drug vocabulary: pack 1\.1\.0 \(\d+ ingredients\)/);
    expect(drugVocabularySource()).toBe('pack');
    expect(drugVocabulary().ingredients.length).toBe(BUNDLED_DRUG_VOCABULARY.ingredients.length);
    await registry.shutdown();
  });

  it('a pack whose data changed after signing is refused, and the bundled vocabulary stays', async () => {
    const { built, registry } = setup();
    const file = path.join(built.dir, 'drug-vocabulary.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"warfarin"', '"warfarine"'));
    await expect(registry.install(built.dir)).rejects.toThrow(/damaged or was changed|bytes/);
    expect(await loadDrugVocabularyPack(registry)).toMatch(/bundled/);
    expect(drugVocabularySource()).toBe('bundled');
    await registry.shutdown();
  });
});
