/**
 * The app's model stack for evaluations and benchmarks: a ModelRegistry over a data folder
 * (bundled packs installed into it on first use, as at the app's first run) and an
 * InferenceService running the supervised host, built with the same options createBedside uses.
 * Every pack is verified (manifest, signature, every file's sha256) before it is evaluated.
 */
import path from 'node:path';
import { InferenceService } from '../inference/inferenceService';
import { probeProviders } from '../inference/providerProbe';
import { chooseProvider, type ProviderName } from '../inference/providers';
import { ModelRegistry } from '../models/registry';

/** Where the stack lives and how the host runs. */
export interface EvalEngineOptions {
  /** The data folder (a temporary one for a clean evaluation). */
  dataDir: string;
  /** Packs installed on first use (models/packs in a checkout). */
  bundledPacksDir: string;
  /** Trusted key folders (models/keys/trusted in a checkout); `<dataDir>/keys/trusted` is added. */
  trustedKeyDirs: readonly string[];
  /** The built inference host (dist/electron/inference-host/host.js). */
  hostScript: string;
  /** Default: the app's own choice (BEDSIDE_FORCE_CPU=1 forces the CPU). */
  provider?: ProviderName;
  intraOpNumThreads?: number;
  hostEnv?: Record<string, string>;
  log?: (message: string) => void;
}

/** A verified pack ready for evaluation. */
export interface VerifiedPackInfo {
  id: string;
  version: string;
  task: string;
  files: number;
}

/** The running stack. */
export interface EvalEngine {
  registry: ModelRegistry;
  inference: InferenceService;
  /** Active version of every installed pack, verified. */
  packs: VerifiedPackInfo[];
  close(): Promise<void>;
}

/** Boots the registry (installing bundled packs), verifies every active pack and starts the inference service. */
export async function openEvalEngine(o: EvalEngineOptions): Promise<EvalEngine> {
  const log = o.log ?? (() => undefined);
  const registry = new ModelRegistry({
    packsDir: path.join(o.dataDir, 'packs'),
    bundledPacksDir: o.bundledPacksDir,
    trustedKeyDirs: [...o.trustedKeyDirs, path.join(o.dataDir, 'keys', 'trusted')],
    log,
  });
  registry.boot();
  await registry.whenReady();
  const packs: VerifiedPackInfo[] = [];
  for (const p of await registry.list()) {
    if (!p.active) continue;
    // Hash every file again even when the install just did: what is evaluated is what is on disk.
    registry.recheck(p.id);
    const r = await registry.resolve(p.id);
    packs.push({ id: r.id, version: r.version, task: r.manifest.task, files: r.manifest.files.length });
  }
  const inference = new InferenceService({
    registry,
    hostScript: o.hostScript,
    provider: o.provider ?? chooseProvider(probeProviders(), process.env.BEDSIDE_FORCE_CPU === '1'),
    cacheDir: path.join(o.dataDir, 'cache', 'transformers'),
    ...(o.intraOpNumThreads ? { intraOpNumThreads: o.intraOpNumThreads } : {}),
    ...(o.hostEnv ? { hostEnv: o.hostEnv } : {}),
    log,
  });
  inference.boot();
  return {
    registry,
    inference,
    packs,
    close: async () => {
      inference.shutdown();
      await registry.shutdown();
    },
  };
}
