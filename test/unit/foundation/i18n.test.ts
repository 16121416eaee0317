/** Every language has every string, and every key the screens use exists. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { en } from '../../../renderer/src/i18n/en';
import { fr } from '../../../renderer/src/i18n/fr';
import { repoRoot } from '../../helpers/sharedData';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

describe('translations', () => {
  it('French has every English key, none empty, placeholders kept', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key], key).toBeTruthy();
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((m) => m[1]).sort();
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('every literal t() key used by the screens exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(repoRoot, 'renderer', 'src'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(5);
    for (const key of used) expect(Object.keys(en), key).toContain(key);
  });
});
