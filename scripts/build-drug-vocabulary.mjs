#!/usr/bin/env node
/**
 * Builds electron/services/cds/knowledge/vocabulary/drug-vocabulary.json from the readable
 * source table beside it (drug-vocabulary.source.txt; its header describes the columns and
 * the sources). Refuses a table with a duplicate name, a brand or synonym that points at two
 * entries, a combination naming an unknown ingredient, or a malformed ATC code.
 *   node scripts/build-drug-vocabulary.mjs [--check]   (--check: fail if the JSON is stale)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'electron', 'services', 'cds', 'knowledge', 'vocabulary');
const sourceFile = path.join(dir, 'drug-vocabulary.source.txt');
const outFile = path.join(dir, 'drug-vocabulary.json');
const VERSION = '1.1.0';

const list = (field) => [...new Set((field ?? '').split(';').map((x) => x.trim()).filter(Boolean))];
const ATC = /^[A-Z](\d\d([A-Z]([A-Z](\d\d)?)?)?)?$/;
const SOURCE_KINDS = new Set(['eml', 'rule', 'local']);

/** Parses the table; throws with the line number on the first problem. */
export function parseTable(text) {
  const atcGroups = {};
  const ingredients = [];
  const products = [];
  const problems = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const where = `drug-vocabulary.source.txt line ${i + 1}`;
    if (!line || line.startsWith('#')) return;
    if (line.startsWith('@')) {
      const [code, name] = line.slice(1).split('|');
      if (!ATC.test(code) || !name) problems.push(`${where}: an ATC group is "@CODE|name"`);
      atcGroups[code] = name;
      return;
    }
    const isProduct = line.startsWith('+');
    const cols = (isProduct ? line.slice(1) : line).split('|').map((c) => c.trim());
    if (cols.length !== 6) return problems.push(`${where}: expected 6 columns, found ${cols.length}`);
    const [name, second, fr, brands, synonyms, sources] = cols;
    if (name !== name.toLowerCase() || !name) problems.push(`${where}: the name must be lower case`);
    const src = list(sources);
    if (src.length === 0 || src.some((s) => !SOURCE_KINDS.has(s))) problems.push(`${where}: sources must be eml, rule or local`);
    const entry = { name, fr, brands: list(brands), synonyms: list(synonyms).map((x) => x.toLowerCase()), sources: src };
    if (isProduct) products.push({ ...entry, ingredients: list(second) });
    else {
      const atc = list(second);
      if (atc.length === 0 || atc.some((c) => !ATC.test(c))) problems.push(`${where}: ATC code(s) "${second}" are not valid`);
      ingredients.push({ ...entry, atc });
    }
  });
  const owner = new Map();
  const claim = (key, who, where) => {
    const k = key.toLowerCase();
    const prior = owner.get(k);
    if (prior && prior !== who) problems.push(`"${key}" (${where}) names both ${prior} and ${who}`);
    owner.set(k, who);
  };
  const names = new Set();
  for (const e of ingredients) {
    if (names.has(e.name)) problems.push(`${e.name} is listed twice`);
    names.add(e.name);
  }
  for (const e of [...ingredients, ...products]) {
    claim(e.name, e.name, 'name');
    for (const s of e.synonyms) claim(s, e.name, 'other name');
    for (const b of e.brands) claim(b, e.name, 'brand');
  }
  for (const e of ingredients) if (e.fr && e.fr.toLowerCase() !== e.name) claim(e.fr, e.name, 'French name');
  for (const p of products) for (const i of p.ingredients) if (!names.has(i)) problems.push(`${p.name}: ingredient ${i} is not in the table`);
  if (problems.length) throw new Error(`The drug vocabulary table has problems:\n- ${problems.join('\n- ')}`);
  return { atcGroups, ingredients, products };
}

const table = parseTable(fs.readFileSync(sourceFile, 'utf8'));
const out = {
  id: 'drug-vocabulary',
  version: VERSION,
  title: 'Bedside drug vocabulary (ingredients, ATC classes, brand and French names)',
  sources: [
    { kind: 'eml', citation: 'World Health Organization. WHO Model List of Essential Medicines, 23rd list, 2023. Geneva: WHO; 2023 (WHO/MHP/HPS/EML/2023.02). CC BY-NC-SA 3.0 IGO.' },
    { kind: 'atc', citation: 'WHO Collaborating Centre for Drug Statistics Methodology. ATC/DDD Index (structure and codes), https://atcddd.fhi.no/atc_ddd_index/.' },
    { kind: 'brand-us', citation: 'US brand names: public product labels (FDA structured product labels on DailyMed, https://dailymed.nlm.nih.gov/).' },
    { kind: 'brand-fr', citation: 'French brand names and DCI: ANSM, Base de données publique des médicaments, https://base-donnees-publique.medicaments.gouv.fr/.' },
    { kind: 'names', citation: 'Ingredient keys: RxNorm ingredient names (US National Library of Medicine); INN/BAN spellings as other names.' },
  ],
  atcGroups: table.atcGroups,
  ingredients: table.ingredients,
  products: table.products,
};
const json = `${JSON.stringify(out, null, 1)}\n`;
if (process.argv.includes('--check')) {
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
  if (current !== json) {
    console.error('drug-vocabulary.json is out of date: run node scripts/build-drug-vocabulary.mjs');
    process.exit(1);
  }
  console.log('drug-vocabulary.json is up to date');
} else {
  fs.writeFileSync(outFile, json);
  console.log(`wrote ${path.relative(root, outFile)}: ${out.ingredients.length} ingredients, ${out.products.length} combination products, ${out.ingredients.reduce((n, e) => n + e.brands.length, 0) + out.products.reduce((n, e) => n + e.brands.length, 0)} brand names`);
}
