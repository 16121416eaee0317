// Builds Bedside: the Node/Electron entry points with esbuild (dependencies stay external, so
// native modules load from node_modules) and the renderer with Vite.
//   node scripts/build.mjs [--quiet] [--main-only]
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import semver from 'semver';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Every npm script builds first, so this is where an old Node is caught (package.json engines).
const wanted = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;
if (!semver.satisfies(process.version, wanted)) {
  console.error(`Bedside needs Node.js ${wanted}; this is ${process.version}. Run "source scripts/node-env.sh" (it installs Node.js 24 into .cache/node24 if needed), or use the version in .nvmrc.`);
  process.exit(1);
}
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
  // Electron's own Node is 22 or newer; the browser host and admin command line run on Node 24.
  target: 'node22',
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
