/**
 * The model pack manifest: what a pack contains, how its inputs are prepared, what its
 * outputs mean (labels with codes, thresholds, calibration) and its model card. Every pack is
 * checked against this schema before anything else is read from it.
 */
import { z } from 'zod';
import semver from 'semver';

/** Pack ids are folder names too: lower-case letters, digits and dashes. */
export const packIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a pack id uses lower-case letters, digits and dashes');

/** Semantic version (2.0.0), pre-release allowed, build metadata refused (it would not sort). */
export const semverSchema = z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/, 'a version looks like 1.2.3');

export const packTaskSchema = z.enum(['text-classification', 'token-classification', 'feature-extraction', 'image-classification', 'ocr', 'knowledge']);
export type PackTask = z.infer<typeof packTaskSchema>;

/** A relative path inside the pack: forward slashes, no `..`, no absolute paths. */
export const packPathSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((s) => s === '..' || s === '.' || s === ''), 'a pack file path must stay inside the pack');

export const packFileSchema = z.object({
  path: packPathSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lower-case hex digits'),
  bytes: z.number().int().nonnegative(),
});
export type PackFile = z.infer<typeof packFileSchema>;

export const codeSchema = z.object({
  system: z.enum(['SNOMED CT', 'ICD-10', 'RadLex']),
  code: z.string().min(1),
  display: z.string().min(1),
});

export const labelSchema = z.object({
  index: z.number().int().nonnegative(),
  name: z.string().min(1),
  codes: z.array(codeSchema).default([]),
  /** Probability at or above which the label is reported as present. */
  threshold: z.number().min(0).max(1),
  /** Probabilities in [low, high] are reported as 'uncertain' instead of a forced yes or no. */
  uncertainBand: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).optional(),
  /** Sensitivity and specificity at `threshold`, measured on held-out data named by `split`. */
  operatingPoint: z.object({ sensitivity: z.number().min(0).max(1), specificity: z.number().min(0).max(1), split: z.string().min(1) }).optional(),
});
export type PackLabel = z.infer<typeof labelSchema>;

const windowSchema = z.object({ center: z.number(), width: z.number().positive() });

export const imageInputSchema = z.object({
  kind: z.literal('image'),
  /** The ONNX file (a path listed in `files`). */
  model: packPathSchema,
  /** Name of the graph input that takes the image tensor [N, C, H, W]. */
  inputName: z.string().default('input'),
  outputName: z.string().default('logits'),
  width: z.number().int().positive().max(4096),
  height: z.number().int().positive().max(4096),
  channels: z.union([z.literal(1), z.literal(3)]),
  /** Per channel (or one for all), applied as (x/255 − mean)/std. */
  mean: z.array(z.number()).min(1).max(3),
  std: z.array(z.number().positive()).min(1).max(3),
  /** DICOM window to apply instead of the file's own. */
  dicomWindow: windowSchema.optional(),
  /** How the logits become probabilities: one label of several (softmax) or each label alone (sigmoid). */
  activation: z.enum(['softmax', 'sigmoid']).default('softmax'),
  /**
   * How a larger image is brought to width × height. `center-square` + `area`: centre crop to a
   * square on the short edge, then exact area averaging (antialiased, as MedMNIST prepared its
   * images), rounded to 8 bits. Absent: stretched with sharp's linear kernel (the default).
   */
  resize: z.object({ crop: z.enum(['none', 'center-square']), filter: z.enum(['linear', 'area']) }).optional(),
  /** What the model was trained on; anything else is refused with the reason, never scored. */
  accepts: z
    .object({
      /** DICOM Modality (0008,0060) values, e.g. CR, DX. */
      modalities: z.array(z.string().regex(/^[A-Z0-9 _]{1,16}$/)).min(1),
      /** DICOM Body Part Examined (0018,0015) values, e.g. CHEST; a file that names another is refused. */
      bodyParts: z.array(z.string().regex(/^[A-Z0-9 _]{1,16}$/)).min(1),
      /** DICOM View Position (0018,5101) values, e.g. PA, AP; a file that names another (LL) is refused. */
      viewPositions: z.array(z.string().regex(/^[A-Z0-9 _]{1,16}$/)).min(1),
      /** Ages the training data covered, in years [from, to] inclusive. */
      ageYears: z.tuple([z.number().min(0).max(150), z.number().min(0).max(150)]).optional(),
      /** Refuse colour images (greyscale radiographs only). */
      greyscale: z.boolean().default(true),
      /** What the clinician confirms for a PNG or JPEG, which carries no such attributes ("frontal chest X-ray"). */
      description: z.string().min(1).max(80),
    })
    .optional(),
  /**
   * Out-of-distribution check: a second graph output holding a distance of the image's features
   * from the training images (e.g. Mahalanobis of the penultimate activations); above
   * `threshold` the image is refused.
   */
  ood: z.object({ outputName: z.string().min(1), threshold: z.number().positive(), method: z.string().min(1) }).optional(),
});
export type ImageInputSpec = z.infer<typeof imageInputSchema>;

export const textInputSchema = z.object({
  kind: z.literal('text'),
  /** Folder inside the pack in the Hugging Face layout (config.json, tokenizer.json, onnx/model.onnx). */
  modelDir: z.string().default('.'),
  /** The ONNX file, relative to the pack root. */
  model: packPathSchema,
  tokenizerFiles: z.array(packPathSchema).min(1),
  /** Tokens per window including [CLS] and [SEP]. */
  maxLength: z.number().int().min(8).max(4096),
  /** Tokens shared by consecutive windows, so an entity at a window edge is seen whole. */
  stride: z.number().int().nonnegative(),
  outputName: z.string().default('logits'),
  /** Text classification only: each label independently (sigmoid) or one of several (softmax). */
  activation: z.enum(['softmax', 'sigmoid']).default('sigmoid'),
});
export type TextInputSpec = z.infer<typeof textInputSchema>;

/**
 * A sequence-labelling pack (task token-classification): a word-level BiLSTM-CRF. The graph takes
 * words [N,T] int64, chars [N,T,maxChars] int64, feats [N,T,F] float32 and rev [N,T] int64
 * (each sentence's reversed positions) and returns emissions [N,T,labels]; the CRF's transition,
 * start and end scores are decoded by Viterbi in the host. Features: see
 * electron/services/nlp/taggerFeatures.ts (the training script builds the same ones).
 */
export const sequenceInputSchema = z.object({
  kind: z.literal('sequence'),
  model: packPathSchema,
  outputName: z.string().default('emissions'),
  /** Word vocabulary, one per line, line number = id (0 padding, 1 unknown). */
  words: packPathSchema,
  /** Character vocabulary: a JSON array, index = id (0 padding, 1 unknown). */
  chars: packPathSchema,
  maxChars: z.number().int().min(1).max(64),
  /** Lexicons in feature order: lower-cased token sequences, one per line. */
  lexicons: z.array(packPathSchema).max(8),
  maxLexiconTokens: z.number().int().min(1).max(32),
  /** CRF scores: {labels, transitions, start, end}. */
  crf: packPathSchema,
  /** Optional concept normalisation: mention key TAB concept id, and concept id TAB name. */
  concepts: z.object({ dictionary: packPathSchema, names: packPathSchema }).optional(),
  /** Sentences per forward pass. */
  batchSize: z.number().int().min(1).max(256).default(32),
});
export type SequenceInputSpec = z.infer<typeof sequenceInputSchema>;

const graphIoSchema = { inputName: z.string().min(1).default('x'), outputName: z.string().min(1) };

/**
 * An OCR pack (PaddleOCR-style): a text detector, a recogniser with its dictionary, and an
 * optional direction classifier, each a single-input single-output float32 graph. `model` is
 * the detector (the file every pack names in `input.model`). Normalisation and channel order
 * are fixed by the pipeline (electron/services/ocr: ImageNet mean/std in BGR for the detector,
 * x/127.5 − 1 for the recogniser); the tunables below are PaddleOCR's for the v4 models.
 */
export const ocrInputSchema = z.object({
  kind: z.literal('ocr'),
  /** Text detection (DB): x [N,3,H,W] → probabilities [N,1,H,W]. */
  model: packPathSchema,
  ...graphIoSchema,
  /** The page's longest side is scaled down to this (a multiple of 32) for detection. */
  limitSideLen: z.number().int().min(32).max(4096).default(960),
  /** Scale small pages up to `limitSideLen` too (PaddleOCR 'max' does not). */
  upscale: z.boolean().default(false),
  /** DB postprocessing: pixel threshold, region score, unclip ratio, smallest side, most regions. */
  db: z
    .object({
      threshold: z.number().min(0).max(1).default(0.3),
      boxThreshold: z.number().min(0).max(1).default(0.6),
      unclipRatio: z.number().positive().max(10).default(1.5),
      minSize: z.number().nonnegative().default(3),
      maxCandidates: z.number().int().positive().default(1000),
    })
    .default({ threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, minSize: 3, maxCandidates: 1000 }),
  /** Text recognition (CTC): x [N,3,48,W] → [N,T,classes]; classes = blank + keys + space. */
  recognizer: z.object({
    model: packPathSchema,
    ...graphIoSchema,
    /** One character per line (PaddleOCR keys file). */
    keys: packPathSchema,
    batchSize: z.number().int().min(1).max(64).default(6),
    /** Lines read with a lower mean character confidence are dropped. */
    dropScore: z.number().min(0).max(1).default(0.5),
  }),
  /** Optional direction classifier: x [N,3,48,192] → [N,2] (0°, 180°). */
  classifier: z
    .object({
      model: packPathSchema,
      ...graphIoSchema,
      /** A line is turned 180° at or above this probability. */
      threshold: z.number().min(0).max(1).default(0.9),
      batchSize: z.number().int().min(1).max(64).default(6),
    })
    .optional(),
});
export type OcrInputSpec = z.infer<typeof ocrInputSchema>;

/**
 * A knowledge pack (no model): one data file the service that owns the format validates
 * (e.g. `bedside-drug-vocabulary`, read by the CDS service). `model` names that data file, so
 * every pack keeps one main file the signature and the file checks cover alike.
 */
export const knowledgeInputSchema = z.object({
  kind: z.literal('knowledge'),
  /** The data file (a path listed in `files`). */
  model: packPathSchema,
  /** Which reader understands it. */
  format: z.enum(['bedside-drug-vocabulary']),
});
export type KnowledgeInputSpec = z.infer<typeof knowledgeInputSchema>;

export const modelCardSchema = z.object({
  intendedUse: z.string().min(1),
  trainingData: z.string().min(1),
  metrics: z.array(z.object({ name: z.string(), value: z.number(), split: z.string() })),
  limits: z.string().min(1),
  license: z.string().min(1),
  credits: z.string().min(1),
});
export type ModelCard = z.infer<typeof modelCardSchema>;

export const manifestSchema = z
  .object({
    formatVersion: z.literal(1),
    id: packIdSchema,
    version: semverSchema,
    name: z.string().min(1),
    task: packTaskSchema,
    files: z.array(packFileSchema).min(1),
    input: z.discriminatedUnion('kind', [imageInputSchema, textInputSchema, ocrInputSchema, sequenceInputSchema, knowledgeInputSchema]),
    labels: z.array(labelSchema),
    calibration: z.object({ temperature: z.number().positive() }).default({ temperature: 1 }),
    modelCard: modelCardSchema,
    /** A demonstration pack: every result says "Demo – not for diagnosis". */
    demo: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    const listed = new Set(m.files.map((f) => f.path));
    if (listed.size !== m.files.length) ctx.addIssue({ code: 'custom', path: ['files'], message: 'a file is listed twice' });
    if (!listed.has(m.input.model)) ctx.addIssue({ code: 'custom', path: ['input', 'model'], message: `the model file ${m.input.model} is not listed in files` });
    if (m.input.kind === 'text') {
      for (const t of m.input.tokenizerFiles) if (!listed.has(t)) ctx.addIssue({ code: 'custom', path: ['input', 'tokenizerFiles'], message: `${t} is not listed in files` });
      if (m.input.stride >= m.input.maxLength - 2) ctx.addIssue({ code: 'custom', path: ['input', 'stride'], message: 'the overlap must be shorter than the window' });
    }
    if (m.input.kind === 'ocr') {
      const { recognizer, classifier } = m.input;
      for (const [where, file] of [['recognizer.model', recognizer.model], ['recognizer.keys', recognizer.keys], ['classifier.model', classifier?.model]] as const) {
        if (file !== undefined && !listed.has(file)) ctx.addIssue({ code: 'custom', path: ['input', ...where.split('.')], message: `${file} is not listed in files` });
      }
    }
    if (m.input.kind === 'sequence') {
      const { words, chars, crf, lexicons, concepts } = m.input;
      for (const file of [words, chars, crf, ...lexicons, ...(concepts ? [concepts.dictionary, concepts.names] : [])]) {
        if (!listed.has(file)) ctx.addIssue({ code: 'custom', path: ['input'], message: `${file} is not listed in files` });
      }
      if (m.task !== 'token-classification') ctx.addIssue({ code: 'custom', path: ['input', 'kind'], message: `task ${m.task} does not take sequence input` });
    }
    if (m.input.kind === 'image' && m.input.accepts?.ageYears && m.input.accepts.ageYears[0] > m.input.accepts.ageYears[1]) {
      ctx.addIssue({ code: 'custom', path: ['input', 'accepts', 'ageYears'], message: 'the age range runs from the lower age to the higher' });
    }
    const expectedKind = m.task === 'image-classification' ? 'image' : m.task === 'ocr' ? 'ocr' : m.task === 'knowledge' ? 'knowledge' : 'text';
    if (m.input.kind !== 'sequence' && expectedKind !== m.input.kind) ctx.addIssue({ code: 'custom', path: ['input', 'kind'], message: `task ${m.task} does not take ${m.input.kind} input` });
    m.labels.forEach((l, i) => {
      if (l.index !== i) ctx.addIssue({ code: 'custom', path: ['labels', i, 'index'], message: 'labels are listed in output order, index 0, 1, 2…' });
      if (l.uncertainBand && !(l.uncertainBand[0] <= l.threshold && l.threshold <= l.uncertainBand[1])) {
        ctx.addIssue({ code: 'custom', path: ['labels', i, 'uncertainBand'], message: 'the uncertain band must contain the threshold' });
      }
    });
    if (m.task !== 'feature-extraction' && m.task !== 'ocr' && m.task !== 'knowledge' && m.labels.length === 0) ctx.addIssue({ code: 'custom', path: ['labels'], message: 'a classifier needs its labels' });
  });
export type PackManifest = z.infer<typeof manifestSchema>;
/** The manifest as written by an author, before defaults are filled in. */
export type PackManifestInput = z.input<typeof manifestSchema>;

/** Parses a manifest, naming the first problem in words an admin can act on. */
export function parseManifest(raw: unknown): { ok: true; manifest: PackManifest } | { ok: false; reason: string } {
  const r = manifestSchema.safeParse(raw);
  if (r.success) return { ok: true, manifest: r.data };
  const first = r.error.issues[0];
  const at = first ? first.path.map(String).join('.') || '(manifest)' : '(manifest)';
  return { ok: false, reason: `its manifest is not valid (${at}: ${first?.message ?? 'unknown problem'}).` };
}

/**
 * Compares two pack versions by Semantic Versioning 2.0.0 precedence (the `semver` package;
 * 1.0.0-rc.10 after 1.0.0-rc.2, pre-releases before their release): negative, zero or positive.
 * Versions reach here validated by semverSchema.
 */
export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b);
}
