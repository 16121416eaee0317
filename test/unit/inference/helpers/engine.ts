/** A registry plus inference service over real ORT in a forked host, for one test file. */
import path from 'node:path';
import { afterAll } from 'vitest';
import type { JobProgress } from '../../../../electron/contract';
import { InferenceService, type InferenceServiceOptions } from '../../../../electron/services/inference/inferenceService';
import { ModelRegistry } from '../../../../electron/services/models/registry';
import { tempDir } from '../../../helpers/tempDir';
import { repoRoot } from '../../../helpers/sharedData';
import { bundleHost } from './hostBundle';
import { makeKeys, type TestKeys } from './packFixtures';

/** What a test gets: the services, its keys and folders, and every progress event. */
export interface Engine {
  root: string;
  keys: TestKeys;
  built: string;
  registry: ModelRegistry;
  inference: InferenceService;
  progress: JobProgress[];
}

/** Starts a registry and an inference service in a temporary folder; stopped after the file. */
export function startEngine(options: Partial<InferenceServiceOptions> = {}): Engine {
  const root = tempDir('bedside-inf-');
  const keys = makeKeys(root);
  const registry = new ModelRegistry({ packsDir: path.join(root, 'packs'), trustedKeyDirs: [keys.trustedDir] });
  registry.boot();
  const progress: JobProgress[] = [];
  const inference = new InferenceService({
    registry,
    hostScript: bundleHost(root),
    provider: 'cpu',
    cacheDir: path.join(root, 'cache'),
    intraOpNumThreads: 1,
    initialBackoffMs: 10,
    // The bundle lives in a temporary folder: let it find the repository's node_modules.
    hostEnv: { NODE_PATH: path.join(repoRoot, 'node_modules') },
    emit: (name, payload) => {
      if (name === 'jobs.progress') progress.push(payload as JobProgress);
    },
    ...options,
  });
  inference.boot();
  afterAll(() => inference.shutdown());
  return { root, keys, built: path.join(root, 'built'), registry, inference, progress };
}
