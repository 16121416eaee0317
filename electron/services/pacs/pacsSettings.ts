/**
 * The PACS connection, set by clinic IT (`npm run admin -- pacs set`) and kept in the data
 * folder (`<data>/pacs/settings.json`, owner-only). There is none by default: with no file,
 * Bedside makes no network call at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PacsError } from './pacsError';

const authSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(256), password: z.string().max(1024) }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1).max(8192) }),
]);

export const pacsSettingsSchema = z.strictObject({
  /** The DICOMweb root, e.g. https://pacs.clinic.lan/dicom-web (QIDO, WADO and STOW paths hang off it). */
  baseUrl: z.string().url().max(2048),
  auth: authSchema.default({ type: 'none' }),
  /** A PEM file of the certificate authority that signed the PACS's certificate (clinic-internal CAs). */
  caFile: z.string().max(4096).optional(),
  /** Seconds to wait for the PACS before giving up on one request. */
  timeoutSeconds: z.number().int().min(1).max(600).default(30),
});
export type PacsSettings = z.infer<typeof pacsSettingsSchema>;

/** Where the settings live in a data folder. */
export function pacsSettingsFile(dataDir: string): string {
  return path.join(dataDir, 'pacs', 'settings.json');
}

/** Checks settings and returns them normalised (base URL without a trailing slash). */
export function checkPacsSettings(input: unknown): PacsSettings {
  const parsed = pacsSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PacsError('bad-settings', `The PACS settings are not valid (${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}). Set them again with "npm run admin -- pacs set".`);
  }
  const url = new URL(parsed.data.baseUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PacsError('bad-settings', `The PACS address must start with https:// (or http:// on a trusted network), not ${url.protocol}`);
  if (url.username || url.password) throw new PacsError('bad-settings', 'Put the PACS user name and password in the authentication settings, not in the address.');
  if (parsed.data.caFile !== undefined && !fs.existsSync(parsed.data.caFile)) throw new PacsError('bad-settings', `The certificate authority file ${parsed.data.caFile} does not exist.`);
  return { ...parsed.data, baseUrl: parsed.data.baseUrl.replace(/\/+$/, '') };
}

/** The saved settings, or null when no PACS is configured. A damaged file is an error, not "no PACS". */
export function loadPacsSettings(dataDir: string): PacsSettings | null {
  const file = pacsSettingsFile(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new PacsError('bad-settings', `Bedside cannot read the PACS settings ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}). Check the file's permissions.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PacsError('bad-settings', `The PACS settings file ${file} is not valid JSON. Set the PACS again with "npm run admin -- pacs set", or remove the file to turn the PACS off.`);
  }
  return checkPacsSettings(json);
}

/** Saves settings atomically (temp file, fsync, rename), owner-only; null removes them (PACS off). */
export function savePacsSettings(dataDir: string, settings: PacsSettings | null): void {
  const file = pacsSettingsFile(dataDir);
  if (settings === null) {
    fs.rmSync(file, { force: true });
    return;
  }
  const checked = checkPacsSettings(settings);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(checked, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
