/**
 * Looks at the installed ONNX Runtime files (without loading native code into this process)
 * to tell which execution providers can be tried. The inference host reports which one
 * actually ran with every result.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExecutionProviderInfo } from '../../contract/channels/app';
import { describeProviders, type BackendListing } from './providers';

/** The folder of onnxruntime-node's native binaries for this platform, if installed. */
export function ortBinaryDir(platform = process.platform, arch = process.arch): string | null {
  try {
    const pkg = require.resolve('onnxruntime-node/package.json');
    const dir = path.join(path.dirname(pkg), 'bin', 'napi-v6', platform, arch);
    return fs.existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

/** Execution providers for this machine, from the files onnxruntime-node installed. */
export function probeProviders(platform = process.platform, arch = process.arch): ExecutionProviderInfo[] {
  const dir = ortBinaryDir(platform, arch);
  const files = dir ? fs.readdirSync(dir) : [];
  const listing: BackendListing[] = [{ name: 'cpu', bundled: true }];
  if (platform === 'win32' && files.some((f) => f.toLowerCase() === 'directml.dll')) listing.push({ name: 'dml', bundled: true });
  if (platform === 'darwin') listing.push({ name: 'coreml', bundled: true });
  if (platform === 'linux' && arch === 'x64') listing.push({ name: 'cuda', bundled: false });
  const cudaPresent = files.some((f) => f.startsWith('libonnxruntime_providers_cuda'));
  return describeProviders(platform, listing, cudaPresent);
}
