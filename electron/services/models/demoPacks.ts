/**
 * The demo packs Bedside ships, built from the demo models in models/demo (trained by
 * models/training) and signed with the demo-only key. Numbers (preprocessing, temperature,
 * threshold, band) are read from each model's metrics.json so the pack matches the training.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PackSource } from './packager';

interface PneumoniaMetrics {
  version: string;
  training: { data: string; n_train: number };
  preprocessing: { size: [number, number]; mean: number; std: number; resize?: { crop: 'none' | 'center-square'; filter: 'linear' | 'area' } };
  calibration: { temperature: number };
  operating_point: { threshold: number; uncertain_band: [number, number] };
  metrics: { val_auc: number; n: number; at_operating_threshold?: { sensitivity: number; specificity: number }; specificity_at_sens95?: number };
  /** The out-of-distribution check built into the graph (second output). */
  ood?: { output: string; threshold: number; method: string; val_false_refusal_rate: number };
  /** `npm run eval -- pneumonia` through the installed pack and the host. */
  app_pipeline_eval?: { auc: number; accuracy: number; sensitivity: number; specificity: number; n: number };
}

const DEMO_LIMITS = 'Demonstration only, not for clinical use. Trained on a small public data set; see the model card for populations and measured limits.';

/** The pneumonia X-ray classifier pack (28×28 greyscale, one sigmoid logit). */
function pneumoniaPack(demoDir: string): PackSource | string {
  const dir = path.join(demoDir, 'pneumonia-xray');
  const metricsFile = path.join(dir, 'metrics.json');
  if (!fs.existsSync(path.join(dir, 'model.onnx')) || !fs.existsSync(metricsFile)) return `pneumonia-xray: ${dir} has no model.onnx and metrics.json yet (train it with models/training/pneumonia/train.py)`;
  const m = JSON.parse(fs.readFileSync(metricsFile, 'utf8')) as PneumoniaMetrics;
  const [height, width] = m.preprocessing.size;
  return {
    sourceDir: dir,
    include: ['model.onnx', 'MODEL_CARD.md', 'metrics.json'].filter((f) => fs.existsSync(path.join(dir, f))),
    manifest: {
      formatVersion: 1,
      id: 'pneumonia-xray',
      version: m.version,
      name: 'Chest X-ray pneumonia (demo)',
      task: 'image-classification',
      demo: true,
      input: {
        kind: 'image',
        model: 'model.onnx',
        inputName: 'input',
        outputName: 'logits',
        width,
        height,
        channels: 1,
        mean: [m.preprocessing.mean],
        std: [m.preprocessing.std],
        activation: 'sigmoid',
        ...(m.preprocessing.resize ? { resize: m.preprocessing.resize } : {}),
        // What PneumoniaMNIST holds (Kermany et al. 2018): frontal (AP) chest radiographs of
        // children aged one to five years, greyscale. DICOM chest radiographs are CR or DX.
        accepts: { modalities: ['CR', 'DX'], bodyParts: ['CHEST'], viewPositions: ['PA', 'AP'], ageYears: [1, 5], greyscale: true, description: 'frontal chest X-ray' },
        ...(m.ood ? { ood: { outputName: m.ood.output, threshold: m.ood.threshold, method: m.ood.method } } : {}),
      },
      labels: [
        {
          index: 0,
          // A pattern score, not a diagnosis: no SNOMED CT or ICD-10 codes are attached.
          name: 'pneumonia pattern',
          codes: [],
          threshold: m.operating_point.threshold,
          uncertainBand: m.operating_point.uncertain_band,
          ...(m.metrics.at_operating_threshold
            ? {
                operatingPoint: {
                  sensitivity: m.metrics.at_operating_threshold.sensitivity,
                  specificity: m.metrics.at_operating_threshold.specificity,
                  split: `PneumoniaMNIST validation, ${m.metrics.n} images (threshold chosen on it)`,
                },
              }
            : {}),
        },
      ],
      calibration: { temperature: m.calibration.temperature },
      modelCard: {
        intendedUse: 'Demonstration of Bedside image analysis only; must not inform any patient care.',
        trainingData: `${m.training.data}; ${m.training.n_train} training images (paediatric, Guangzhou).`,
        metrics: [
          { name: 'AUC', value: m.metrics.val_auc, split: `validation (${m.metrics.n} images)` },
          ...(m.metrics.specificity_at_sens95 !== undefined ? [{ name: 'specificity at sensitivity ≥ 0.95', value: m.metrics.specificity_at_sens95, split: `validation (${m.metrics.n} images)` }] : []),
          ...(m.ood ? [{ name: 'out-of-distribution false refusals (chest X-rays)', value: m.ood.val_false_refusal_rate, split: `validation (${m.metrics.n} images)` }] : []),
          ...(m.app_pipeline_eval
            ? (['auc', 'accuracy', 'sensitivity', 'specificity'] as const).map((k) => ({
                name: k === 'auc' ? 'AUC' : `${k} at the operating threshold`,
                value: m.app_pipeline_eval![k],
                split: `validation (${m.app_pipeline_eval!.n} images), through the app (npm run eval)`,
              }))
            : []),
        ],
        limits: `${DEMO_LIMITS} Frontal chest X-rays of children aged 1–5 years only, reduced to 28×28 pixels; a pattern score, not a diagnosis.`,
        license: 'Model: project licence; training data CC BY 4.0 (MedMNIST v2, Kermany et al. 2018).',
        credits: 'MedMNIST v2 (Yang et al. 2023); Kermany et al., Cell 2018.',
      },
    },
  };
}

/** The NCBI-disease NER pack (Hugging Face layout), once the model is trained. */
function nerPack(demoDir: string): PackSource | string {
  const dir = path.join(demoDir, 'ncbi-disease-ner');
  const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];
  const missing = files.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) return `ncbi-disease-ner: ${dir} lacks ${missing.join(', ')} (train it with models/training/ncbi_disease/train.py)`;
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { id2label: Record<string, string>; max_position_embeddings?: number };
  const metricsFile = path.join(dir, 'metrics.json');
  const metrics = fs.existsSync(metricsFile)
    ? (JSON.parse(fs.readFileSync(metricsFile, 'utf8')) as { version?: string; metrics?: Record<string, unknown>; app_pipeline_eval?: { precision: number; recall: number; f1: number; sentences: number } })
    : {};
  const labels = Object.entries(config.id2label)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([index, name]) => ({
      index: Number(index),
      name,
      // SNOMED CT 64572001 |Disease (disorder)|: the NCBI corpus tags disease mentions of any kind.
      codes: name === 'O' ? [] : [{ system: 'SNOMED CT' as const, code: '64572001', display: 'Disease' }],
      // The model was trained for argmax tagging, and an argmax over 3 tags is ≥ 1/3: every
      // entity the model finds is kept, those it is less than 50% sure of marked 'uncertain'.
      threshold: 0.5,
      ...(name === 'O' ? {} : { uncertainBand: [0.34, 0.5] as [number, number] }),
    }));
  const f1 = Object.entries(metrics.metrics ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number' && /f1/i.test(e[0]));
  return {
    sourceDir: dir,
    include: [...files, ...['special_tokens_map.json', 'vocab.txt', 'MODEL_CARD.md', 'metrics.json'].filter((f) => fs.existsSync(path.join(dir, f)))],
    manifest: {
      formatVersion: 1,
      id: 'ncbi-disease-ner',
      version: metrics.version ?? '0.1.0',
      name: 'Disease mentions in notes (demo)',
      task: 'token-classification',
      input: { kind: 'text', model: 'onnx/model.onnx', modelDir: '.', tokenizerFiles: ['tokenizer.json', 'tokenizer_config.json'], maxLength: Math.min(128, config.max_position_embeddings ?? 128), stride: 32, outputName: 'logits', activation: 'softmax' },
      labels,
      calibration: { temperature: 1 },
      modelCard: {
        intendedUse: 'Demonstration of Bedside note highlighting only; must not inform any patient care.',
        trainingData: 'NCBI disease corpus (Doğan et al. 2014), PubMed abstracts: not clinical notes.',
        metrics: [
          ...f1.map(([name, value]) => ({ name, value, split: 'see metrics.json' })),
          ...(metrics.app_pipeline_eval
            ? (['precision', 'recall', 'f1'] as const).map((k) => ({ name: `entity ${k}`, value: metrics.app_pipeline_eval![k], split: `devel (${metrics.app_pipeline_eval!.sentences} sentences), through the app (npm run eval)` }))
            : []),
        ],
        limits: `${DEMO_LIMITS} Trained on biomedical abstracts, not clinical notes.`,
        license: 'Model: project licence; NCBI disease corpus: public domain (NCBI).',
        credits: 'Doğan R.I., Leaman R., Lu Z., J Biomed Inform 2014.',
      },
    },
  };
}

interface TaggerMetrics {
  version?: string;
  devel_model?: { final_devel?: { precision: number; recall: number; f1: number }; history?: unknown[] };
  seeds?: number[];
  app_pipeline_eval?: { precision: number; recall: number; f1: number; sentences: number };
}

const TAGGER_FILES = ['onnx/model.onnx', 'words.txt', 'chars.json', 'crf.json', 'lexicon-ncbi.txt', 'lexicon-wordnet.txt', 'concepts.tsv', 'concept-names.tsv'];

/** The NCBI-disease BiLSTM-CRF tagger pack (the bundled note model), once trained. */
function taggerPack(demoDir: string): PackSource | string {
  const dir = path.join(demoDir, 'ncbi-disease-bilstm-crf');
  const missing = [...TAGGER_FILES, 'metrics.json'].filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) return `ncbi-disease-bilstm-crf: ${dir} lacks ${missing.join(', ')} (train it with models/training/ncbi_disease_crf/train.py)`;
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8')) as TaggerMetrics & { max_chars: number; max_lexicon_tokens: number };
  const dev = m.devel_model?.final_devel;
  // SNOMED CT 64572001 |Disease (disorder)|: the NCBI corpus tags disease mentions of any kind.
  const codes = [{ system: 'SNOMED CT' as const, code: '64572001', display: 'Disease' }];
  // Viterbi decides the tags; an entity whose tokens' mean tag probability is under 0.5 is marked 'uncertain'.
  const labels = ['O', 'B-Disease', 'I-Disease'].map((name, index) => ({ index, name, codes: name === 'O' ? [] : codes, threshold: 0.5, ...(name === 'O' ? {} : { uncertainBand: [0, 0.5] as [number, number] }) }));
  return {
    sourceDir: dir,
    include: [...TAGGER_FILES, ...['MODEL_CARD.md', 'metrics.json', 'WORDNET-LICENSE.txt'].filter((f) => fs.existsSync(path.join(dir, f)))],
    manifest: {
      formatVersion: 1,
      id: 'ncbi-disease-bilstm-crf',
      version: m.version ?? '1.0.0',
      name: 'Disease mentions in notes (BiLSTM-CRF, demo)',
      task: 'token-classification',
      input: {
        kind: 'sequence',
        model: 'onnx/model.onnx',
        outputName: 'emissions',
        words: 'words.txt',
        chars: 'chars.json',
        maxChars: m.max_chars,
        lexicons: ['lexicon-ncbi.txt', 'lexicon-wordnet.txt'],
        maxLexiconTokens: m.max_lexicon_tokens,
        crf: 'crf.json',
        concepts: { dictionary: 'concepts.tsv', names: 'concept-names.tsv' },
        batchSize: 8,
      },
      labels,
      calibration: { temperature: 1 },
      modelCard: {
        intendedUse: 'Demonstration of Bedside note highlighting and problem-list suggestions only; must not inform any patient care.',
        trainingData: `NCBI disease corpus (Doğan et al. 2014), PubMed abstracts, not clinical notes: shipped weights trained on train + devel (${(m.seeds ?? []).length} seeds averaged); devel figures from a separate model trained on train only.`,
        metrics: [
          ...(dev ? (['precision', 'recall', 'f1'] as const).map((k) => ({ name: `entity ${k}`, value: dev[k], split: 'devel (923 sentences), model trained on the train split only' })) : []),
          ...(m.app_pipeline_eval
            ? (['precision', 'recall', 'f1'] as const).map((k) => ({ name: `entity ${k}`, value: m.app_pipeline_eval![k], split: `devel (${m.app_pipeline_eval!.sentences} sentences) through the app, shipped model (devel was in its training data)` }))
            : []),
        ],
        limits: `${DEMO_LIMITS} Trained on biomedical abstracts, not clinical notes: clinical abbreviations, lists and templated text are read less well; see MODEL_CARD.md.`,
        license: 'Model: project licence; NCBI disease corpus: public domain (NCBI); lexicon-wordnet.txt: WordNet 3.0 licence (Princeton), see WORDNET-LICENSE.txt.',
        credits: 'Doğan R.I., Leaman R., Lu Z., J Biomed Inform 2014; Lample et al., NAACL 2016 (BiLSTM-CRF); Princeton WordNet 3.0.',
      },
    },
  };
}

/** Every bundled demo pack: a buildable source, or why it cannot be built yet. */
export function demoPackSources(demoDir: string): (PackSource | string)[] {
  return [pneumoniaPack(demoDir), taggerPack(demoDir)];
}

/** Demo packs built but not bundled (installable by an admin): the earlier BERT disease tagger. */
export function optionalDemoPackSources(demoDir: string): (PackSource | string)[] {
  return [nerPack(demoDir)];
}
