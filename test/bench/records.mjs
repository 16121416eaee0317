// Records benchmark: `npm run bench -- records` or `node test/bench/records.mjs [--patients N] [--sample S]`.
// Bundles test/bench/records.core.ts with esbuild (native modules stay external) and runs it.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Inside node_modules so that the bundle's require() finds the native module.
const outfile = path.join(root, 'node_modules', '.cache', 'bedside-bench', 'records-bench.cjs');
fs.mkdirSync(path.dirname(outfile), { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: ['test/bench/records.core.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
const args = process.argv.slice(2).filter((a) => a !== 'records');
await main(args);
