/**
 * ONNX Runtime sessions, one per pack version, created on first use. The preferred execution
 * provider is tried first and the CPU on failure, and every result reports which one ran.
 * A model whose inputs or outputs do not match its manifest is refused at load, by name.
 */
import path from 'node:path';
import fs from 'node:fs';
import * as ort from 'onnxruntime-node';
import { BedsideError } from '../services/errors';
import type { HostSettings, PackRef } from '../services/inference/hostProtocol';
import type { ProviderName } from '../services/inference/providers';
import { checkModelSignature } from './modelSignature';

/** A loaded model and the facts every result reports about it. */
export interface LoadedModel {
  key: string;
  session: ort.InferenceSession;
  provider: ProviderName;
  requestedProvider: ProviderName;
  fallbackReason?: string;
  fileSha256: string;
  fileBytes: number;
  loadMs: number;
  /** Runs the session; serialised per session where the provider needs it (DirectML). */
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>>;
}

function sessionOptions(settings: HostSettings, provider: ProviderName): ort.InferenceSession.SessionOptions {
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: [provider],
    intraOpNumThreads: settings.intraOpNumThreads,
    interOpNumThreads: settings.interOpNumThreads,
    graphOptimizationLevel: settings.graphOptimizationLevel,
    executionMode: 'sequential',
    // No busy-waiting between operators: on a shared 2–4 core workstation spinning threads
    // steal the cores the window and the next forward pass need (measured: DenseNet-121 ran
    // 82 ms spinning, 60 ms not, on the 2-vCPU build machine, and idled at 0 instead of ~20% CPU).
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
  // DirectML does not support memory patterns or parallel execution (ORT's DML docs).
  if (provider === 'dml') options.enableMemPattern = false;
  return options;
}

/** Loads sessions lazily and keeps them until unloaded. */
export class SessionCache {
  private readonly models = new Map<string, Promise<LoadedModel>>();

  constructor(private readonly settings: () => HostSettings) {}

  /**
   * The loaded model of a pack version (loading it on first use): its `input.model`, or another
   * graph the pack lists (an OCR pack's recogniser and direction classifier).
   */
  load(pack: PackRef, rel: string = pack.manifest.input.model): Promise<LoadedModel> {
    const key = rel === pack.manifest.input.model ? `${pack.id}@${pack.version}` : `${pack.id}@${pack.version}#${rel}`;
    let loading = this.models.get(key);
    if (!loading) {
      loading = this.create(pack, key, rel);
      this.models.set(key, loading);
      loading.catch(() => this.models.delete(key));
    }
    return loading;
  }

  /** Releases sessions (of one pack id, or all). */
  async unload(packId?: string): Promise<void> {
    for (const [key, loading] of [...this.models]) {
      if (packId && !key.startsWith(`${packId}@`)) continue;
      this.models.delete(key);
      await loading.then((m) => m.session.release()).catch(() => undefined);
    }
  }

  /** Loaded sessions with their provider and file size. */
  async describe(): Promise<{ key: string; provider: ProviderName; fileBytes: number }[]> {
    const out: { key: string; provider: ProviderName; fileBytes: number }[] = [];
    for (const loading of this.models.values()) {
      const m = await loading.catch(() => null);
      if (m) out.push({ key: m.key, provider: m.provider, fileBytes: m.fileBytes });
    }
    return out;
  }

  private async create(pack: PackRef, key: string, rel: string): Promise<LoadedModel> {
    const t0 = performance.now();
    const settings = this.settings();
    const entry = pack.manifest.files.find((f) => f.path === rel);
    const file = path.join(pack.dir, ...rel.split('/'));
    if (!entry || !fs.existsSync(file)) {
      throw new BedsideError('corrupt', `The model file ${rel} of pack ${pack.id} ${pack.version} is missing. Reinstall the pack; other models keep working.`);
    }
    const requested = settings.provider;
    let provider: ProviderName = requested;
    let fallbackReason: string | undefined;
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(file, sessionOptions(settings, requested));
    } catch (e) {
      if (requested === 'cpu') throw unreadableModel(pack, rel, e);
      fallbackReason = `${requested.toUpperCase()} could not be used (${firstLine(e)}); the CPU ran instead.`;
      provider = 'cpu';
      try {
        session = await ort.InferenceSession.create(file, sessionOptions(settings, 'cpu'));
      } catch (e2) {
        throw unreadableModel(pack, rel, e2);
      }
    }
    try {
      checkModelSignature(session, pack, rel);
    } catch (e) {
      await session.release().catch(() => undefined);
      throw e;
    }
    let queue: Promise<unknown> = Promise.resolve();
    const run = (feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> => {
      if (provider !== 'dml') return session.run(feeds) as Promise<Record<string, ort.Tensor>>;
      // DirectML sessions are not safe to run concurrently: one run at a time per session.
      const next = queue.then(() => session.run(feeds) as Promise<Record<string, ort.Tensor>>);
      queue = next.catch(() => undefined);
      return next;
    };
    return {
      key,
      session,
      provider,
      requestedProvider: requested,
      ...(fallbackReason ? { fallbackReason } : {}),
      fileSha256: entry.sha256,
      fileBytes: entry.bytes,
      loadMs: performance.now() - t0,
      run,
    };
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
}

function unreadableModel(pack: PackRef, rel: string, e: unknown): BedsideError {
  return new BedsideError(
    'corrupt',
    `The model file ${rel} of pack ${pack.id} ${pack.version} could not be loaded by ONNX Runtime (${firstLine(e)}). Reinstall the pack or ask its supplier for a fixed version; other models keep working.`,
  );
}
