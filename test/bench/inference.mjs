// Inference benchmark entry: `node test/bench/inference.mjs` or `npm run bench -- inference`.
// Bundles the benchmark and the inference host with esbuild into .cache/bench (so both find the
// repository's node_modules), runs them, prints a table and then one last line `BENCH {json}`.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, '.cache', 'bench');
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' };
await build({ ...common, entryPoints: ['electron/inference-host/host.ts'], outfile: path.join(out, 'host.js') });
await build({ ...common, entryPoints: ['test/bench/inferenceBench.ts'], outfile: path.join(out, 'inferenceBench.js') });
const { runInferenceBench } = createRequire(import.meta.url)(path.join(out, 'inferenceBench.js'));
const results = await runInferenceBench(path.join(out, 'host.js'));
const round = (v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);
console.log(`BENCH ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v)])))}`);
