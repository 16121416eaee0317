// Runs the end-to-end tests with Node's test runner, one file at a time (they share the CPU
// with a browser), and ends with a plain "N passed, N failed, N skipped" line.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .map((f) => path.join(dir, f));

// The packs the e2e tests install are signed with the public demo key: only demo mode trusts it.
process.env.BEDSIDE_DEMO = '1';

let passed = 0;
let failed = 0;
let skipped = 0;
const stream = run({ files, concurrency: 1, timeout: 300_000 });
stream.on('test:pass', (t) => {
  if (t.details?.type === 'suite') return;
  if (t.skip) skipped++;
  else passed++;
});
stream.on('test:fail', (t) => {
  if (t.details?.type !== 'suite') failed++;
});
stream.compose(spec).pipe(process.stdout);
// Printed last, after the reporter has flushed.
process.on('beforeExit', () => {
  if (process.exitCode === undefined || process.exitCode === 0) process.exitCode = failed > 0 ? 1 : 0;
  if (!printed) console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  printed = true;
});
let printed = false;
