// Interoperability benchmark: `npm run bench -- interop` or `node test/bench/interop.mjs [--n=200]`.
// Bundles test/bench/interop.core.ts with esbuild (packages stay external) and runs it.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Inside node_modules so that the bundle's require() finds zod and the other packages.
const outfile = path.join(root, 'node_modules', '.cache', 'bedside-bench', 'interop-bench.cjs');
fs.mkdirSync(path.dirname(outfile), { recursive: true });
await build({ absWorkingDir: root, entryPoints: ['test/bench/interop.core.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', outfile, logLevel: 'warning' });
const { main } = await import(pathToFileURL(outfile).href);
await main();
// The host and the inference child are closed by main(); leave no timer keeping the run alive.
process.exit(0);
