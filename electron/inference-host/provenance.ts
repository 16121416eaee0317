/** Where a result came from: the model, its file, the provider that ran, the input's hash. */
import type { HostImageResult } from '../services/inference/hostProtocol';
import { sha256Bytes } from '../services/models/hashing';
import type { LoadedModel } from './ortSessions';

export type HostProvenance = HostImageResult['provenance'];
type Timings = Pick<HostProvenance['timings'], 'preprocessMs' | 'runMs' | 'postprocessMs'>;

/**
 * The provenance of one result from `model` (its file hash), with the provider of `ran` (the
 * session that fell back to the CPU, if any did), the input's sha256, and the host's timings;
 * the service adds queue and load times.
 */
export function hostProvenance(
  manifest: { id: string; version: string },
  model: Pick<LoadedModel, 'fileSha256'>,
  ran: Pick<LoadedModel, 'provider' | 'requestedProvider' | 'fallbackReason'>,
  input: Uint8Array | string,
  timings: Timings,
): HostProvenance {
  return {
    modelId: manifest.id,
    modelVersion: manifest.version,
    fileSha256: model.fileSha256,
    provider: ran.provider,
    requestedProvider: ran.requestedProvider,
    ...(ran.fallbackReason ? { fallbackReason: ran.fallbackReason } : {}),
    inputSha256: sha256Bytes(input),
    timings: { queueMs: 0, loadMs: 0, ...timings, totalMs: timings.preprocessMs + timings.runMs + timings.postprocessMs },
    attempts: 1,
  };
}
