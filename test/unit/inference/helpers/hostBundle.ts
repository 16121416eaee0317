/** Bundles the inference host once per test file, as scripts/build.mjs does for the app. */
import path from 'node:path';
import { buildSync } from 'esbuild';
import { repoRoot } from '../../../helpers/sharedData';

/** Writes host.js into `dir` and returns its path. */
export function bundleHost(dir: string): string {
  const outfile = path.join(dir, 'host.js');
  buildSync({
    absWorkingDir: repoRoot,
    entryPoints: [path.join(repoRoot, 'electron/inference-host/host.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
