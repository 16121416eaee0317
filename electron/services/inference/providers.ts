/**
 * Which ONNX Runtime execution provider to use on this workstation. The order follows what
 * each platform ships: CUDA on Linux (opt-in install), DirectML on Windows, CoreML on macOS,
 * then the CPU, which is always there.
 */
import type { ExecutionProviderInfo } from '../../contract/channels/app';

export type ProviderName = ExecutionProviderInfo['name'];

/** Provider preference for a platform, best first. */
export function providerPreference(platform: NodeJS.Platform): ProviderName[] {
  if (platform === 'linux') return ['cuda', 'cpu'];
  if (platform === 'win32') return ['dml', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'cpu'];
  return ['cpu'];
}

/** What ONNX Runtime's `listSupportedBackends()` reports. */
export interface BackendListing {
  name: string;
  bundled: boolean;
}

/**
 * Availability of each preferred provider from ORT's listing and whether the CUDA libraries
 * were installed (they are not bundled: see the README's GPU notes).
 */
export function describeProviders(
  platform: NodeJS.Platform,
  listing: readonly BackendListing[],
  cudaLibrariesPresent: boolean,
): ExecutionProviderInfo[] {
  return providerPreference(platform).map((name): ExecutionProviderInfo => {
    if (name === 'cpu') return { name, available: true };
    const entry = listing.find((b) => b.name === name);
    if (!entry) return { name, available: false, note: `ONNX Runtime on this platform does not include ${name.toUpperCase()}.` };
    if (name === 'cuda' && !entry.bundled && !cudaLibrariesPresent) {
      return {
        name,
        available: false,
        note: 'The CUDA libraries for ONNX Runtime are not installed. Reinstall with ONNXRUNTIME_NODE_INSTALL_CUDA=cuda12 on a connected machine to use an NVIDIA GPU.',
      };
    }
    return { name, available: true };
  });
}

/** The provider to try first: the best available one, or the CPU when forced or nothing else is. */
export function chooseProvider(providers: readonly ExecutionProviderInfo[], forceCpu: boolean): ProviderName {
  if (forceCpu) return 'cpu';
  return providers.find((p) => p.available)?.name ?? 'cpu';
}
