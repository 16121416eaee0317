// Model latency benchmark: `npm run bench -- models` or `node test/bench/models.mjs`.
// Bundles the benchmark and the inference host with esbuild into .cache/bench-models (so both
// find the repository's node_modules), installs the committed packs into a temporary data
// folder, and prints a table and then one last line `BENCH {json}`.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, '.cache', 'bench-models');
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' };
await build({ ...common, entryPoints: ['electron/inference-host/host.ts'], outfile: path.join(out, 'host.js') });
await build({ ...common, entryPoints: ['test/bench/modelsBench.ts'], outfile: path.join(out, 'modelsBench.js') });
const { runModelsBench } = createRequire(import.meta.url)(path.join(out, 'modelsBench.js'));
const results = await runModelsBench(path.join(out, 'host.js'), root);
const round = (v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);
console.log(`BENCH ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v)])))}`);
