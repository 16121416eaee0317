/**
 * Writes the generated ONNX models. Run from the repository root:
 *
 *   npx esbuild models/builder/cli.ts --bundle --platform=node --outfile=/tmp/builder.js
 *   node /tmp/builder.js [--out models/generated] [tiny] [bert-base] [densenet121]
 *
 * With no model names it writes the tiny models only (milliseconds); bert-base (~440 MB,
 * 110 M float32 weights) and densenet121 (~32 MB) are for benchmarks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BERT_BASE, buildBertGraph } from './bertGraph';
import { DENSENET_121, buildDenseNetGraph } from './densenetGraph';
import { writeHfBertFolder } from './hfLayout';
import { buildTinyImageClassifier } from './tinyImageClassifier';
import { TINY_VOCAB, writeTinyTextModels } from './tinyTextModels';

const MODELS = ['tiny', 'bert-base', 'densenet121'] as const;
type ModelName = (typeof MODELS)[number];

/** The synthetic WordPiece vocabulary for bert-base: the tiny words, then filler to 30,522. */
function benchmarkVocab(size: number): string[] {
  const vocab = [...TINY_VOCAB];
  for (let i = vocab.length; i < size; i++) vocab.push(`tok${i}`);
  return vocab;
}

function timed(label: string, write: () => number): void {
  const t0 = performance.now();
  const bytes = write();
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${label.padEnd(44)} ${(bytes / 1e6).toFixed(1).padStart(8)} MB  ${seconds.toFixed(2).padStart(6)} s`);
}

/** Writes the named models under `outDir`. */
export function writeModels(outDir: string, names: readonly ModelName[]): void {
  fs.mkdirSync(outDir, { recursive: true });
  if (names.includes('tiny')) {
    timed('tiny-image-classifier/model.onnx', () =>
      buildTinyImageClassifier().save(path.join(outDir, 'tiny-image-classifier.onnx')),
    );
    timed('tiny-bert-{ner,topics,features}/', () => {
      writeTinyTextModels(outDir);
      return 0;
    });
  }
  if (names.includes('bert-base')) {
    const folder = path.join(outDir, 'bert-base-ner');
    timed('bert-base-ner/onnx/model.onnx', () =>
      writeHfBertFolder(
        folder,
        {
          architecture: 'BertForTokenClassification',
          vocab: benchmarkVocab(BERT_BASE.vocabSize),
          labels: ['O', 'B-Disease', 'I-Disease'],
          hidden: BERT_BASE.hidden,
          layers: BERT_BASE.layers,
          heads: BERT_BASE.heads,
          intermediate: BERT_BASE.intermediate,
          maxPositions: BERT_BASE.maxPositions,
          modelMaxLength: BERT_BASE.maxPositions,
        },
        buildBertGraph(BERT_BASE),
      ),
    );
  }
  if (names.includes('densenet121')) {
    timed('densenet121.onnx', () => buildDenseNetGraph(DENSENET_121).save(path.join(outDir, 'densenet121.onnx')));
  }
}

function main(argv: readonly string[]): void {
  let outDir = path.resolve('models/generated');
  const names: ModelName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--out') outDir = path.resolve(argv[++i] ?? outDir);
    else if ((MODELS as readonly string[]).includes(arg)) names.push(arg as ModelName);
    else {
      console.error(`Unknown argument "${arg}". Usage: builder [--out DIR] [${MODELS.join('] [')}]`);
      process.exit(2);
    }
  }
  writeModels(outDir, names.length > 0 ? names : ['tiny']);
  console.log(`written to ${outDir}`);
}

if (require.main === module) main(process.argv.slice(2));
