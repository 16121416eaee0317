/** Where the shared public data lives (../shared/data beside the checkout, or BEDSIDE_SHARED_DATA). */
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** The shared data folder, or null when it is not present on this machine. */
export function sharedDataDir(): string | null {
  const dir = process.env.BEDSIDE_SHARED_DATA ?? path.resolve(repoRoot, '..', 'shared', 'data');
  return fs.existsSync(dir) ? dir : null;
}

/** A message for tests skipped because the shared data is absent. */
export const SHARED_DATA_MISSING = 'shared data folder not found (set BEDSIDE_SHARED_DATA or place ../shared/data beside the checkout)';
