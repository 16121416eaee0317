/**
 * `npm run eval -- <pneumonia|ncbi-disease> --data <file> [--data-dir <folder>] [--split val|test] [--limit N] [--pack <id>]`
 *
 * Evaluates an INSTALLED model pack through the app's own path (registry + supervised inference
 * host, as the app runs them). Without --data-dir a temporary data folder is used: the bundled
 * packs are installed into it and verified first, and it is removed afterwards. The last line
 * is `EVAL {json}`.
 *   pneumonia     --data <.npz with test_images/test_labels or val_images/val_labels>
 *   ncbi-disease  --data <CoNLL tsv: token<TAB>IOB tag, blank line between sentences>
 *                 [--assertions <case file>] (default models/eval/clinical-assertions.json: ConText
 *                 statuses and problem-list suggestions on hand-written clinical sentences)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, nodeAppPaths } from '../services/paths';
import { isBedsideError } from '../services/errors';
import { parseConll } from '../services/evaluation/conll';
import { openEvalEngine } from '../services/evaluation/evalEngine';
import { evaluateAssertions, parseAssertionCases } from '../services/evaluation/assertionEval';
import { evaluateNer } from '../services/evaluation/nerEval';
import { readNpz } from '../services/evaluation/npz';
import { evaluatePneumonia } from '../services/evaluation/pneumoniaEval';

const USAGE = 'Usage: npm run eval -- <pneumonia|ncbi-disease> --data <file> [--data-dir <folder>] [--split val|test] [--limit N] [--pack <id>] [--assertions <case file>]';

const round = (v: number): number => Math.round(v * 10000) / 10000;

/** Runs one evaluation; returns the exit code. */
export async function runEval(argv: string[], out = (l: string) => console.log(l)): Promise<number> {
  const task = argv.find((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1]!.startsWith('--') && !argv[i - 1]!.includes('=')));
  const data = argValue(argv, 'data');
  if (!task || !['pneumonia', 'ncbi-disease'].includes(task) || !data) {
    out(USAGE);
    return 2;
  }
  if (!fs.existsSync(data)) {
    out(`Error: there is no data file at ${data}.`);
    return 2;
  }
  const limitText = argValue(argv, 'limit');
  const limit = limitText ? Number(limitText) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    out('Error: --limit takes a positive whole number.');
    return 2;
  }
  const appRoot = path.resolve(__dirname, '..', '..', '..');
  const explicitDir = argValue(argv, 'data-dir');
  const dataDir = explicitDir ? path.resolve(explicitDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-eval-'));
  const paths = nodeAppPaths(appRoot, 'browser-host', process.env, ['--data-dir', dataDir]);
  const started = performance.now();
  const engine = await openEvalEngine({
    dataDir,
    bundledPacksDir: paths.bundledPacksDir,
    trustedKeyDirs: [paths.bundledTrustedKeysDir],
    hostScript: paths.inferenceHostScript,
    log: (m) => out(`  ${m}`),
  });
  try {
    for (const p of engine.packs) out(`verified ${p.id} ${p.version} (${p.task}, ${p.files} files) in ${path.join(dataDir, 'packs')}`);
    const progress = (done: number, total: number): void => {
      if (done % 100 === 0 || done === total) out(`  ${done}/${total}`);
    };
    let result: Record<string, unknown>;
    if (task === 'pneumonia') {
      const arrays = readNpz(fs.readFileSync(data), path.basename(data));
      const split = argValue(argv, 'split');
      const r = await evaluatePneumonia(engine.inference, arrays, { packId: argValue(argv, 'pack') ?? 'pneumonia-xray', ...(split ? { split } : {}), ...(limit ? { limit } : {}), onProgress: progress });
      out('');
      out(`${r.packId} ${r.packVersion} on ${r.split} (${r.n} images: ${r.positives} pneumonia, ${r.negatives} normal), provider ${r.provider}`);
      out(`  AUC                       ${r.auc.toFixed(4)}`);
      out(`  at threshold ${r.threshold.toFixed(4)}     accuracy ${r.accuracy.toFixed(4)}  sensitivity ${r.sensitivity.toFixed(4)}  specificity ${r.specificity.toFixed(4)}`);
      out(`  TP ${r.tp}  TN ${r.tn}  FP ${r.fp}  FN ${r.fn}; ${r.uncertain} reported uncertain; ${r.meanHostMs.toFixed(2)} ms per image in the host`);
      out(`  specificity at sensitivity ≥ 0.95 (threshold chosen on this split) ${r.specificityAtSens95.toFixed(4)}; refused (not scored) ${r.refused} (${r.refusedPositives} pneumonia)`);
      result = {
        task: r.task, pack: r.packId, version: r.packVersion, split: r.split, n: r.n, auc: round(r.auc), accuracy: round(r.accuracy), sensitivity: round(r.sensitivity), specificity: round(r.specificity),
        threshold: round(r.threshold), specificity_at_sens95: round(r.specificityAtSens95), tp: r.tp, tn: r.tn, fp: r.fp, fn: r.fn, uncertain: r.uncertain, refused: r.refused, refused_pneumonia: r.refusedPositives, provider: r.provider,
      };
    } else {
      const sentences = parseConll(fs.readFileSync(data, 'utf8'), path.basename(data));
      const packId = argValue(argv, 'pack') ?? 'ncbi-disease-bilstm-crf';
      const r = await evaluateNer(engine.inference, sentences, { packId, ...(limit ? { limit } : {}), onProgress: progress });
      out('');
      out(`${r.packId} ${r.packVersion} on ${path.basename(data)} (${r.sentences} sentences, ${r.tokens} tokens), provider ${r.provider}`);
      out(`  entity-level exact match   precision ${r.precision.toFixed(4)}  recall ${r.recall.toFixed(4)}  F1 ${r.f1.toFixed(4)}`);
      out(`  gold ${r.nGold}, predicted ${r.nPred}, correct ${r.tp}; ${r.uncertain} predicted entities marked uncertain; ${r.misaligned} not on token edges; ${r.meanHostMs.toFixed(2)} ms per sentence in the host`);
      result = { task: r.task, pack: r.packId, version: r.packVersion, sentences: r.sentences, precision: round(r.precision), recall: round(r.recall), f1: round(r.f1), tp: r.tp, n_gold: r.nGold, n_pred: r.nPred, uncertain: r.uncertain, misaligned: r.misaligned, provider: r.provider };
      const casesFile = argValue(argv, 'assertions') ?? path.join(appRoot, 'models', 'eval', 'clinical-assertions.json');
      if (!fs.existsSync(casesFile)) throw new Error(`there is no assertion case file at ${casesFile}.`);
      const a = await evaluateAssertions(engine.inference, parseAssertionCases(fs.readFileSync(casesFile, 'utf8'), path.basename(casesFile)), packId);
      out(`  assertions (${path.basename(casesFile)}): ${a.found}/${a.mentions} mentions found, ${a.correct} with the expected negation/temporality/experiencer; ${a.wrongSuggestions} problem-list suggestions for negated/possible/hypothetical/family/other mentions; ${a.missedSuggestions} patient problems not suggested`);
      for (const o of a.outcomes) if (!o.found || o.got !== o.expected || o.suggested !== o.expectedSuggest) out(`    ${o.text}: expected ${o.expected}${o.expectedSuggest ? ', suggested' : ''}; got ${o.found ? o.got : 'not found'}${o.suggested ? ', suggested' : ''}`);
      result.assertions = { mentions: a.mentions, found: a.found, correct: a.correct, wrong_suggestions: a.wrongSuggestions, missed_suggestions: a.missedSuggestions };
    }
    result.seconds = Math.round((performance.now() - started) / 100) / 10;
    out(`EVAL ${JSON.stringify(result)}`);
    return 0;
  } catch (e) {
    out(`Error: ${isBedsideError(e) || e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await engine.close();
    if (!explicitDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void runEval(process.argv.slice(2)).then((code) => process.exit(code));
}
