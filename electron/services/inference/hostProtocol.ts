/**
 * Messages between the main process and the inference host. Both sides import these types;
 * the host answers each `run` with exactly one `result` or `error`.
 */
import type { ImageAnalysis, OcrAnalysis, TextAnalysis } from '../../contract/channels/inference';
import type { PackManifest } from '../models/manifest';
import type { ProviderName } from './providers';

/** Occlusion patch and stride in model-input pixels; omitted ones are chosen from the input size. */
export interface OcclusionOptions {
  patch?: number;
  stride?: number;
}

/** How the host sets up ONNX Runtime. */
export interface HostSettings {
  /** Threads ORT uses inside one operator (its own pool). */
  intraOpNumThreads: number;
  /** Threads running independent operators in parallel: 1 (sequential), on purpose. */
  interOpNumThreads: number;
  /** Provider to try first; the CPU is the fallback. */
  provider: ProviderName;
  /** transformers.js cache folder (outside the app bundle). */
  cacheDir: string;
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
}

/** A pack version the host can load (already verified by the registry). */
export interface PackRef {
  id: string;
  version: string;
  dir: string;
  manifest: PackManifest;
}

/** Work for the host. */
export type HostJob =
  | { kind: 'image'; pack: PackRef; bytes: Uint8Array; fileName: string; confirmed?: boolean; explain?: OcclusionOptions & { batch: number } }
  | { kind: 'text'; pack: PackRef; text: string; explain: boolean; batch: number }
  | { kind: 'ocr'; pack: PackRef; bytes: Uint8Array; fileName: string };

/** A result before the main process adds the job id, queue time and attempt count. */
export type HostImageResult = Omit<ImageAnalysis, 'jobId'>;
/** See HostImageResult. */
export type HostTextResult = Omit<TextAnalysis, 'jobId'>;
/** See HostImageResult. */
export type HostOcrResult = Omit<OcrAnalysis, 'jobId'>;
export type HostResult = HostImageResult | HostTextResult | HostOcrResult;

/** Main → host. */
export type ToHost =
  | { type: 'configure'; settings: HostSettings }
  | { type: 'run'; id: string; job: HostJob }
  | { type: 'cancel'; id: string }
  | { type: 'stats'; id: string }
  | { type: 'unload'; id: string; packId?: string };

/** An error as it crosses the process boundary. */
export interface HostError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Memory of the host, for the admin screen and the benchmark. */
export interface HostStats {
  rssBytes: number;
  heapUsedBytes: number;
  sessions: { key: string; provider: ProviderName; fileBytes: number }[];
}

/** Host → main. */
export type FromHost =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: string; fraction: number | null; message: string }
  | { type: 'result'; id: string; result: HostResult }
  | { type: 'error'; id: string; error: HostError }
  | { type: 'stats'; id: string; stats: HostStats }
  | { type: 'unloaded'; id: string };
