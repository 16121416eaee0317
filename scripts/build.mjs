// Builds Bedside: the Node/Electron entry points with esbuild (dependencies stay external, so
// native modules load from node_modules) and the renderer with Vite.
//   node scripts/build.mjs [--quiet] [--main-only]
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const mainOnly = process.argv.includes('--main-only');
const log = (m) => quiet || console.log(m);

const entries = [
  'electron/main.ts',
  'electron/preload.ts',
  'electron/server/serve.ts',
  'electron/cli/admin.ts',
  'electron/cli/eval.ts',
  'electron/inference-host/host.ts',
].filter((e) => fs.existsSync(path.join(root, e)));

const started = Date.now();
await esbuild({
  absWorkingDir: root,
  entryPoints: entries,
  outbase: '.',
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
log(`built ${entries.length} entry points in ${Date.now() - started} ms`);

if (!mainOnly) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: quiet ? 'warn' : 'info' });
}
