/**
 * Which version of each pack is active, and the versions active before it (for rollback).
 * Kept in one small JSON file, written to a temporary file and renamed over the old one so a
 * crash leaves either the old state or the new, never half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({
  formatVersion: z.literal(1),
  packs: z.record(z.string(), z.object({ active: z.string(), history: z.array(z.string()) })),
});
export type PackState = z.infer<typeof stateSchema>;

export const STATE_FILE = 'active.json';

/** Reads the state file; a missing file is an empty state, a damaged one is reported and set aside. */
export function readPackState(packsDir: string, onProblem: (m: string) => void = () => undefined): PackState {
  const file = path.join(packsDir, STATE_FILE);
  if (!fs.existsSync(file)) return { formatVersion: 1, packs: {} };
  try {
    return stateSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    const aside = `${file}.damaged-${Date.now()}`;
    fs.renameSync(file, aside);
    onProblem(`The list of active model versions (${file}) was damaged; it was kept as ${aside} and each pack's newest version is used.`);
    return { formatVersion: 1, packs: {} };
  }
}

/** Writes the state atomically (temp file, fsync, rename). */
export function writePackState(packsDir: string, state: PackState): void {
  const file = path.join(packsDir, STATE_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
