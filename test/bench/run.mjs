// Benchmark runner: `npm run bench -- <suite> [args]` runs test/bench/<suite>.mjs (each suite
// prints a table and a last line `BENCH {json}`); with no suite it runs every suite in turn.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const suites = fs.readdirSync(here).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs').map((f) => f.slice(0, -4)).sort();
const [asked, ...rest] = process.argv.slice(2);
if (asked && !suites.includes(asked)) {
  console.error(`No benchmark suite "${asked}". Suites: ${suites.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const suite of asked ? [asked] : suites) {
  const r = spawnSync(process.execPath, [...process.execArgv, path.join(here, `${suite}.mjs`), suite, ...rest], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
