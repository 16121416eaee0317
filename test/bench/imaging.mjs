// DICOM decode benchmark: `npm run bench -- imaging` or `node test/bench/imaging.mjs`.
// Bundles test/bench/imagingBench.ts with esbuild into .cache/bench-imaging (so it finds the
// repository's node_modules and the codecs' .wasm), compares Bedside's decoding with dcmtk's
// decompressors on the same files, prints a table and then one last line `BENCH {json}`.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = path.join(process.env.BEDSIDE_SHARED_DATA ?? path.resolve(root, '..', 'shared', 'data'), 'dicom');
if (!fs.existsSync(path.join(shared, 'JPGExtended.dcm'))) {
  console.error(`The imaging benchmark needs the shared DICOM files (${shared}); set BEDSIDE_SHARED_DATA.`);
  process.exit(1);
}
const missing = ['dcmdjpeg', 'dcmdjpls', 'dcmdrle', 'dcmcjpeg', 'dcmcjpls', 'dcmcrle', 'dcmconv', 'dump2dcm', 'gdcmconv'].filter(
  (t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0,
);
if (missing.length) {
  console.error(`The imaging benchmark compares with dcmtk and GDCM; missing: ${missing.join(', ')} (apt-get install dcmtk libgdcm-tools).`);
  process.exit(1);
}
const out = path.join(root, '.cache', 'bench-imaging');
await build({ absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning', entryPoints: ['test/bench/imagingBench.ts'], outfile: path.join(out, 'imagingBench.js') });
const { runImagingBench, withLargePages } = createRequire(import.meta.url)(path.join(out, 'imagingBench.js'));
// Decode as Bedside's Node processes do (the browser host and inference host start with glibc's
// large-page tunable, electron/services/imaging/largePages.ts): run again with it, which dcmtk's
// tools then inherit too, so both sides have the same memory settings. BEDSIDE_LARGE_PAGES=0 measures
// without it.
const env = withLargePages(process.env);
if (env !== process.env) {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}
console.log(`Memory: GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? '(none)'} for Bedside and the tools alike.`);
const results = await runImagingBench(shared);
const round = (v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v);
console.log(`BENCH ${JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, round(v)])))}`);
