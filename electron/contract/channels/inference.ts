/** Inference channels: analyse an image or a note, or read a page's text, with an installed model pack; cancel a job. */
import { z } from 'zod';
import { channel } from '../define';

export const providerNameSchema = z.enum(['cuda', 'dml', 'coreml', 'cpu']);

const codeSchema = z.object({ system: z.string(), code: z.string(), display: z.string() });

/** Where a result came from: enough to reproduce it and to audit it. */
export const provenanceSchema = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  /** sha256 of the ONNX file that ran. */
  fileSha256: z.string(),
  /** The execution provider that actually ran. */
  provider: providerNameSchema,
  requestedProvider: providerNameSchema,
  /** Why the requested provider was not used, when it was not. */
  fallbackReason: z.string().optional(),
  /** sha256 of the input (image bytes, or the note's UTF-8 text). */
  inputSha256: z.string(),
  timings: z.object({
    queueMs: z.number(),
    loadMs: z.number(),
    preprocessMs: z.number(),
    runMs: z.number(),
    postprocessMs: z.number(),
    totalMs: z.number(),
  }),
  /** Host attempts this result took (2 after a host crash and a retry). */
  attempts: z.number().int().positive(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

/** A label's calibrated probability and what it means at the pack's threshold. */
export const labelResultSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  probability: z.number(),
  threshold: z.number(),
  /** 'uncertain' when the probability falls in the label's uncertain band: no forced answer. */
  status: z.enum(['present', 'absent', 'uncertain']),
  codes: z.array(codeSchema),
  /** Sensitivity and specificity at the threshold, measured on held-out data (`split`), when the pack states them. */
  operatingPoint: z.object({ sensitivity: z.number(), specificity: z.number(), split: z.string() }).optional(),
});
export type LabelResult = z.infer<typeof labelResultSchema>;

export const occlusionExplanationSchema = z.object({
  kind: z.literal('occlusion'),
  label: z.string(),
  /** Heatmap grid covering the whole image (row-major), values = drop in probability when occluded. */
  width: z.number().int(),
  height: z.number().int(),
  values: z.array(z.number()),
  imageWidth: z.number().int(),
  imageHeight: z.number().int(),
  patch: z.number().int(),
  stride: z.number().int(),
  forwardPasses: z.number().int(),
  costMs: z.number(),
});

export const leaveOneOutExplanationSchema = z.object({
  kind: z.literal('leave-one-out'),
  label: z.string(),
  /** Per word: the drop in the label's probability when the word is left out. */
  words: z.array(z.object({ start: z.number().int(), end: z.number().int(), text: z.string(), attribution: z.number() })),
  forwardPasses: z.number().int(),
  /** True when only the most relevant window of a long note was explained. */
  partial: z.boolean(),
  costMs: z.number(),
});

export const entitySchema = z.object({
  label: z.string(),
  /** Character offsets into the note (UTF-16 code units, as JavaScript strings index). */
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  score: z.number(),
  status: z.enum(['present', 'uncertain']),
  codes: z.array(codeSchema),
  /** ConText assertion (Harkema et al. 2009): negated / possible, historical / hypothetical, whose. */
  assertion: z
    .object({
      negation: z.enum(['affirmed', 'negated', 'possible']),
      temporality: z.enum(['recent', 'historical', 'hypothetical']),
      experiencer: z.enum(['patient', 'family', 'other']),
      cues: z.array(z.string()),
    })
    .optional(),
  /** The concept the mention was normalised to (NCBI disease corpus ids: MeSH or OMIM). */
  concept: z.object({ id: z.string(), name: z.string(), match: z.enum(['exact', 'variant', 'fuzzy']), similarity: z.number() }).optional(),
});
export type Entity = z.infer<typeof entitySchema>;

export const imageAnalysisSchema = z.object({
  jobId: z.string(),
  task: z.literal('image-classification'),
  labels: z.array(labelResultSchema),
  image: z.object({ width: z.number().int(), height: z.number().int(), source: z.string() }),
  explanation: occlusionExplanationSchema.optional(),
  /** The picture the model actually saw (model-sized, 8-bit grey or RGB, row-major, channels interleaved). */
  modelInput: z.object({ width: z.number().int(), height: z.number().int(), channels: z.number().int(), pixels: z.array(z.number().int()) }).optional(),
  /** What the pack accepts and how this image fared on its checks. */
  suitability: z
    .object({
      /** A demonstration pack: "Demo – not for diagnosis". */
      demo: z.boolean(),
      description: z.string().optional(),
      ageYears: z.tuple([z.number(), z.number()]).optional(),
      /** DICOM attributes read for the check (absent for PNG/JPEG). */
      dicom: z.object({ modality: z.string().optional(), bodyPart: z.string().optional(), viewPosition: z.string().optional(), ageYears: z.number().optional() }).optional(),
      /** Out-of-distribution distance of the model's features and the refusal threshold. */
      ood: z.object({ distance: z.number(), threshold: z.number(), method: z.string() }).optional(),
    })
    .optional(),
  provenance: provenanceSchema,
});
export type ImageAnalysis = z.infer<typeof imageAnalysisSchema>;

export const textAnalysisSchema = z.object({
  jobId: z.string(),
  task: z.enum(['text-classification', 'token-classification', 'feature-extraction']),
  labels: z.array(labelResultSchema).optional(),
  entities: z.array(entitySchema).optional(),
  embedding: z.array(z.number()).optional(),
  /** How the note was read: windows of `windowTokens` overlapping by `strideTokens`. */
  windows: z.object({ count: z.number().int(), windowTokens: z.number().int(), strideTokens: z.number().int(), totalTokens: z.number().int() }),
  explanation: leaveOneOutExplanationSchema.optional(),
  provenance: provenanceSchema,
});
export type TextAnalysis = z.infer<typeof textAnalysisSchema>;

const pointSchema = z.tuple([z.number(), z.number()]);

/** One line of printed text read from a page image. */
export const ocrLineSchema = z.object({
  text: z.string(),
  /** Mean probability of the characters read, 0–1. */
  confidence: z.number(),
  /** Corners in page pixels (after EXIF orientation): top-left, top-right, bottom-right, bottom-left. */
  box: z.tuple([pointSchema, pointSchema, pointSchema, pointSchema]),
});
export type OcrLineResult = z.infer<typeof ocrLineSchema>;

export const ocrAnalysisSchema = z.object({
  jobId: z.string(),
  task: z.literal('ocr'),
  /** Lines in reading order. */
  lines: z.array(ocrLineSchema),
  /** The lines joined by newlines. */
  text: z.string(),
  page: z.object({ width: z.number().int(), height: z.number().int() }),
  /** Time per stage of the OCR pipeline (decode + detector preprocessing, detector, boxes, crops, direction, recogniser). */
  stages: z.object({ decodeMs: z.number(), detMs: z.number(), postprocessMs: z.number(), cropMs: z.number(), clsMs: z.number(), recMs: z.number() }),
  /** Every graph that ran, with its file's sha256 (provenance.fileSha256 is the detector's). */
  models: z.array(z.object({ role: z.enum(['detector', 'recognizer', 'classifier']), path: z.string(), sha256: z.string() })),
  provenance: provenanceSchema,
});
export type OcrAnalysis = z.infer<typeof ocrAnalysisSchema>;

const prioritySchema = z.enum(['interactive', 'background']).default('interactive');

/** The largest note accepted, in characters (about 2 MB of text: several hundred pages). */
export const MAX_NOTE_CHARS = 2_000_000;
/** The largest image accepted, in bytes of the file (before base64); the request then stays under the 64 MiB wire limit. */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

export const inferenceChannels = {
  analyzeImage: channel({
    summary: 'Classifies an image (PNG, JPEG or DICOM) with an installed image pack',
    maxRequestBytes: Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024,
    input: z.strictObject({
      packId: z.string().min(1),
      /** The file's bytes in base64. */
      bytesBase64: z.string().min(1).max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4),
      fileName: z.string().max(255).default('image'),
      /** Occlusion map; patch and stride in model-input pixels, by default chosen from the model's input size. */
      explain: z.strictObject({ patch: z.number().int().min(2).max(512).optional(), stride: z.number().int().min(1).max(512).optional() }).optional(),
      /** The clinician confirmed the PNG/JPEG shows what the pack accepts (e.g. a frontal chest X-ray); DICOM is judged by its attributes. */
      confirmed: z.boolean().default(false),
      priority: prioritySchema,
      jobId: z.string().max(64).optional(),
    }),
    output: imageAnalysisSchema,
  }),
  analyzeText: channel({
    summary: 'Finds entities, classifies, or embeds a clinical note with an installed text pack',
    maxRequestBytes: MAX_NOTE_CHARS * 6 + 64 * 1024,
    input: z.strictObject({
      packId: z.string().min(1),
      text: z.string().min(1).max(MAX_NOTE_CHARS, `notes longer than ${MAX_NOTE_CHARS.toLocaleString('en')} characters are not analysed; split the document`),
      explain: z.boolean().default(false),
      priority: prioritySchema,
      jobId: z.string().max(64).optional(),
    }),
    output: textAnalysisSchema,
  }),
  ocr: channel({
    summary: 'Reads the printed text on a page image (PNG, JPEG, TIFF, WebP) with an installed OCR pack',
    maxRequestBytes: Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 64 * 1024,
    input: z.strictObject({
      packId: z.string().min(1),
      /** The file's bytes in base64. */
      bytesBase64: z.string().min(1).max(Math.ceil((MAX_IMAGE_BYTES * 4) / 3) + 4),
      fileName: z.string().max(255).default('page'),
      priority: prioritySchema,
      jobId: z.string().max(64).optional(),
    }),
    output: ocrAnalysisSchema,
  }),
  cancel: channel({
    summary: 'Cancels a queued or running inference job',
    input: z.strictObject({ jobId: z.string().min(1) }),
    output: z.object({ cancelled: z.boolean() }),
  }),
};
