/**
 * Where this installation looks for updates: a folder (a USB stick, a mapped share) or a
 * clinic-network address, chosen by an administrator in settings and kept in the data folder
 * (`<data>/updates/settings.json`). No address is set by default: Bedside never looks online.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { BedsideError } from '../errors';

export const updateSettingsSchema = z.object({
  /** A file:// URL of a folder, or an http(s):// URL on the clinic network; null: updates off. */
  feedUrl: z.string().nullable(),
  updatedAt: z.string().optional(),
});
export type UpdateSettings = z.infer<typeof updateSettingsSchema>;

const SETTINGS_FILE = 'settings.json';

/** A file URL for a Windows path (E:\\updates or \\\\server\\share\\updates), whatever this process runs on. */
function windowsFileUrl(winPath: string): string {
  const parts = winPath.replace(/\\/g, '/').split('/').filter(Boolean);
  if (winPath.startsWith('\\\\')) {
    const [host, ...rest] = parts;
    return `file://${host}/${rest.map(encodeURIComponent).join('/')}`;
  }
  const [drive, ...rest] = parts;
  return `file:///${drive}/${rest.map(encodeURIComponent).join('/')}`;
}

/** Turns what an administrator typed (a folder path or a URL) into a feed URL, or refuses it. */
export function normaliseFeed(input: string, platform: NodeJS.Platform = process.platform): string {
  const value = input.trim();
  if (!value) throw new BedsideError('invalid-input', 'Enter the folder or network address that holds Bedside updates.');
  if (/^https?:\/\//i.test(value)) {
    const url = new URL(value);
    if (url.username || url.password) throw new BedsideError('invalid-input', 'Put no user name or password in the update address; use a share the workstation can already read.');
    return url.toString().endsWith('/') ? url.toString() : `${url.toString()}/`;
  }
  if (/^file:\/\//i.test(value)) {
    const url = new URL(value);
    return url.toString().endsWith('/') ? url.toString() : `${url.toString()}/`;
  }
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (p.isAbsolute(value)) {
    const href = platform === 'win32' ? windowsFileUrl(value) : pathToFileURL(value).toString();
    return href.endsWith('/') ? href : `${href}/`;
  }
  throw new BedsideError('invalid-input', `"${value}" is not a folder path or an http(s) address. Use a full path such as E:\\bedside-updates or /media/usb/bedside-updates, or an address such as http://clinic-server/bedside-updates/.`);
}

/** The saved settings, or updates off when none are saved or the file is unreadable. */
export function readUpdateSettings(updatesDir: string): UpdateSettings {
  const file = path.join(updatesDir, SETTINGS_FILE);
  try {
    const parsed = updateSettingsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // missing or unreadable: fall through to "off"
  }
  return { feedUrl: null };
}

/** Saves the update source (null turns updates off); written atomically. */
export function writeUpdateSettings(updatesDir: string, feed: string | null): UpdateSettings {
  const settings: UpdateSettings = { feedUrl: feed === null ? null : normaliseFeed(feed), updatedAt: new Date().toISOString() };
  fs.mkdirSync(updatesDir, { recursive: true });
  const file = path.join(updatesDir, SETTINGS_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return settings;
}
