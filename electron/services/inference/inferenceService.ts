/**
 * The inference service in the main process: resolves the active pack version from the
 * registry, queues the job, runs it in the supervised host, retries once after a host crash,
 * and publishes progress as 'jobs.progress' events. Nothing loads at boot; the host starts
 * and each model loads on first use.
 */
import crypto from 'node:crypto';
import type { EmitEvent } from '../../contract/events';
import type { ImageAnalysis, OcrAnalysis, TextAnalysis } from '../../contract/channels/inference';
import type { Service } from '../container';
import { BedsideError } from '../errors';
import type { ModelRegistry, ResolvedPack } from '../models/registry';
import { forkHostLauncher, type HostLauncher } from './hostLauncher';
import type { HostImageResult, HostJob, HostOcrResult, HostResult, HostSettings, HostStats, HostTextResult, OcclusionOptions } from './hostProtocol';
import { JobQueue, type JobPriority } from './jobQueue';
import type { ProviderName } from './providers';
import { HostCrashedError, HostSupervisor } from './supervisor';
import { defaultIntraOpThreads } from './threads';

/** How the service is set up. */
export interface InferenceServiceOptions {
  registry: ModelRegistry;
  hostScript: string;
  /** The provider to try first (from chooseProvider); the CPU is always the fallback. */
  provider: ProviderName;
  cacheDir: string;
  launcher?: HostLauncher;
  emit?: EmitEvent;
  intraOpNumThreads?: number;
  graphOptimizationLevel?: HostSettings['graphOptimizationLevel'];
  /** Windows (text) or occlusion patches (image) per forward pass. */
  batchSize?: number;
  initialBackoffMs?: number;
  /** Extra environment for the host process. */
  hostEnv?: Record<string, string>;
  log?: (message: string) => void;
}

/** An image analysis request as the channel delivers it (bytes already decoded from base64). */
export interface ImageRequest {
  packId: string;
  bytes: Uint8Array;
  fileName: string;
  explain?: OcclusionOptions;
  /** The clinician confirmed a PNG/JPEG shows what the pack accepts (DICOM is judged by its attributes). */
  confirmed?: boolean;
  priority?: JobPriority;
  jobId?: string;
}

/** A page to read (OCR), bytes already decoded from base64. */
export interface OcrRequest {
  packId: string;
  bytes: Uint8Array;
  fileName: string;
  priority?: JobPriority;
  jobId?: string;
}

/** A note analysis request. */
export interface TextRequest {
  packId: string;
  text: string;
  explain?: boolean;
  priority?: JobPriority;
  jobId?: string;
}

/** Runs analyses in the supervised inference host. */
export class InferenceService implements Service {
  readonly supervisor: HostSupervisor;
  private readonly queue = new JobQueue();
  private lastProvider: ProviderName | null = null;
  private readonly batch: number;

  constructor(private readonly options: InferenceServiceOptions) {
    this.batch = options.batchSize ?? 8;
    this.supervisor = new HostSupervisor({
      script: options.hostScript,
      launcher: options.launcher ?? forkHostLauncher,
      settings: {
        intraOpNumThreads: options.intraOpNumThreads ?? defaultIntraOpThreads(),
        interOpNumThreads: 1,
        provider: options.provider,
        cacheDir: options.cacheDir,
        graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      },
      ...(options.hostEnv ? { env: options.hostEnv } : {}),
      ...(options.initialBackoffMs !== undefined ? { initialBackoffMs: options.initialBackoffMs } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  }

  /** Nothing to open: the host starts on first use, so start-up never waits for models. */
  boot(): void {}

  /** Stops queued work and the host. */
  shutdown(): void {
    this.queue.clear(new BedsideError('unavailable', 'Bedside is shutting down; the analysis was not run.'));
    this.supervisor.shutdown();
  }

  /** The provider the last analysis actually ran on (null before the first). */
  activeProvider(): ProviderName | null {
    return this.lastProvider;
  }

  /** Classifies an image with the active version of an image pack. */
  async analyzeImage(req: ImageRequest): Promise<ImageAnalysis> {
    return this.submit(req.jobId, req.priority ?? 'interactive', 'image-analysis', req.packId, (pack) => {
      if (pack.manifest.task === 'ocr') throw new BedsideError('invalid-input', `Model pack ${pack.id} reads printed text from pages; it does not classify images. Use "Read text" (inference.ocr) with it, or choose an image pack.`);
      if (pack.manifest.input.kind !== 'image') throw wrongKind(pack, 'images');
      if (pack.manifest.task !== 'image-classification') {
        throw new BedsideError('unsupported', `Model pack ${pack.id} is for ${pack.manifest.task}, which this version of Bedside cannot run yet. Nothing was analysed.`);
      }
      return { kind: 'image', pack, bytes: req.bytes, fileName: req.fileName, confirmed: req.confirmed ?? false, ...(req.explain ? { explain: { ...req.explain, batch: this.batch } } : {}) };
    }) as Promise<ImageAnalysis>;
  }

  /** Analyses a note with the active version of a text pack. */
  async analyzeText(req: TextRequest): Promise<TextAnalysis> {
    return this.submit(req.jobId, req.priority ?? 'interactive', 'note-analysis', req.packId, (pack) => {
      if (pack.manifest.input.kind !== 'text' && pack.manifest.input.kind !== 'sequence') throw wrongKind(pack, 'notes');
      return { kind: 'text', pack, text: req.text, explain: req.explain ?? false, batch: this.batch };
    }) as Promise<TextAnalysis>;
  }

  /** Reads the printed text on a page image with the active version of an OCR pack. */
  async readText(req: OcrRequest): Promise<OcrAnalysis> {
    return this.submit(req.jobId, req.priority ?? 'interactive', 'page-reading', req.packId, (pack) => {
      if (pack.manifest.input.kind !== 'ocr') throw wrongKind(pack, 'page images for text (OCR)');
      return { kind: 'ocr', pack, bytes: req.bytes, fileName: req.fileName };
    }) as Promise<OcrAnalysis>;
  }

  /** Cancels a queued or running job. */
  cancel(jobId: string): boolean {
    return this.queue.cancel(jobId);
  }

  /** The host's memory and loaded models. */
  hostStats(): Promise<HostStats> {
    return this.supervisor.stats();
  }

  /** Releases a pack's loaded sessions, so the next job loads the newly active version. */
  async unloadPack(packId: string): Promise<void> {
    await this.supervisor.unload(packId).catch(() => undefined);
  }

  private async submit(jobIdIn: string | undefined, priority: JobPriority, kind: string, packId: string, makeJob: (pack: ResolvedPack) => HostJob): Promise<ImageAnalysis | TextAnalysis | OcrAnalysis> {
    const jobId = jobIdIn ?? crypto.randomUUID();
    const emit = (state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled', fraction: number | null, message: string): void => {
      try {
        this.options.emit?.('jobs.progress', { jobId, kind, fraction, message, state });
      } catch (e) {
        this.options.log?.(`Progress event not sent: ${(e as Error).message}`);
      }
    };
    let hostId = jobId;
    emit('queued', null, 'Waiting for the model');
    try {
      const result = await this.queue.enqueue<ImageAnalysis | TextAnalysis | OcrAnalysis>({
        id: jobId,
        priority,
        cancelRunning: () => this.supervisor.cancel(hostId),
        onStart: () => emit('running', 0, 'Starting'),
        run: async (queueMs) => {
          const pack = await this.options.registry.resolve(packId);
          const job = makeJob(pack);
          let attempts = 0;
          for (;;) {
            attempts++;
            hostId = `${jobId}#${attempts}`;
            try {
              const result = await this.supervisor.run(hostId, job, (f, m) => emit('running', f, m));
              return this.finish(jobId, result, queueMs, attempts);
            } catch (e) {
              if (!(e instanceof HostCrashedError)) throw e;
              if (attempts >= 2) {
                throw new BedsideError(
                  'unavailable',
                  `The inference engine stopped unexpectedly twice while analysing with model ${pack.id} ${pack.version} (${e.exitDescription}), so the analysis was abandoned. Nothing was saved; other models keep working. If it happens again, tell your administrator: this model may be faulty.`,
                );
              }
              this.options.log?.(`Job ${jobId}: the host stopped (${e.exitDescription}); retrying once.`);
              emit('running', null, 'The inference engine restarted; trying again');
            }
          }
        },
      });
      emit('done', 1, 'Done');
      return result;
    } catch (e) {
      const cancelled = e instanceof BedsideError && e.code === 'cancelled';
      emit(cancelled ? 'cancelled' : 'failed', null, e instanceof Error ? e.message.slice(0, 300) : 'Failed');
      throw e;
    }
  }

  private finish(jobId: string, result: HostResult, queueMs: number, attempts: number): ImageAnalysis | TextAnalysis | OcrAnalysis {
    this.lastProvider = result.provenance.provider;
    const timings = { ...result.provenance.timings, queueMs: Math.round(queueMs * 100) / 100 };
    timings.totalMs = Math.round((timings.queueMs + timings.loadMs + timings.preprocessMs + timings.runMs + timings.postprocessMs) * 100) / 100;
    const provenance = { ...result.provenance, timings, attempts };
    if (result.task === 'image-classification') return { ...(result as HostImageResult), jobId, provenance };
    if (result.task === 'ocr') return { ...(result as HostOcrResult), jobId, provenance };
    return { ...(result as HostTextResult), jobId, provenance };
  }
}

function wrongKind(pack: ResolvedPack, what: string): BedsideError {
  return new BedsideError('invalid-input', `Model pack ${pack.id} is for ${pack.manifest.task}; it cannot analyse ${what}. Choose a pack made for ${what}.`);
}
