/**
 * Encrypted exports in the age format (https://age-encryption.org/v1), with a passphrase
 * (scrypt recipient), written by `age-encryption` (the reference TypeScript implementation by
 * age's author). Clinic IT opens the file with the `age` command line (`age -d -o out.json
 * file.json.age`) or any age implementation. The plaintext is never written to disk: the Bundle
 * is built in memory and streamed through the encrypter into a `.partial` file that is fsynced
 * and renamed when complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../errors';
import type { Db } from './database';
import { bundleChunks, resourcesToExport, type ExportSummary } from './exporter';
import type { ResourceStore } from './resourceStore';

/** The shortest passphrase accepted for an encrypted export. */
export const MIN_EXPORT_PASSPHRASE = 12;

/** Refuses a passphrase too short to protect a chart. */
export function assertExportPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_EXPORT_PASSPHRASE) {
    throw new BedsideError('invalid-input', `The export passphrase needs at least ${MIN_EXPORT_PASSPHRASE} characters (a few unrelated words work well). Nothing was exported.`);
  }
}

/** Writes the Bundle encrypted with `passphrase` to exactly `file`; `scryptLogN` lowers the cost in tests only. */
export async function exportEncryptedBundle(db: Db, store: ResourceStore, patientId: string | 'all', file: string, passphrase: string, scryptLogN?: number): Promise<ExportSummary> {
  assertExportPassphrase(passphrase);
  const counter = { resources: 0 };
  // Built synchronously, so no other request runs on the connection while the rows are read.
  const chunks = [...bundleChunks(resourcesToExport(db, store, patientId), counter)];
  const { Encrypter } = await import('age-encryption');
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  if (scryptLogN !== undefined) encrypter.setScryptWorkFactor(scryptLogN);
  const encoder = new TextEncoder();
  const plaintext = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
  const encrypted = await encrypter.encrypt(plaintext);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    const reader = encrypted.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      fs.writeSync(fd, value);
    }
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return { files: [file], resources: counter.resources };
}
