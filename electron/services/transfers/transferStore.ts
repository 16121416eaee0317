/**
 * Files that cross between a browser and the browser host, without any client naming a path on
 * the server. Exports and backups are offered as single-use downloads; restores and imports
 * arrive as uploads into slots the server opened (with a size cap), streamed into a private
 * folder (mode 0700, files 0600, random names). Tokens are random (256 bits), belong to the
 * session that asked for them, are used once, and expire after ten minutes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Service } from '../container';
import { BedsideError } from '../errors';

/** What an upload slot is for (each has its own cap and its own channel). */
export type UploadPurpose = 'restore' | 'import';

/** A download the client may fetch once. */
export interface DownloadOffer {
  url: string;
  name: string;
  bytes: number;
}

interface Download {
  file: string;
  name: string;
  bytes: number;
  owner: string;
  expiresAt: number;
  /** Delete the file once sent (a temporary export) or keep it (a backup in the backups folder). */
  temporary: boolean;
}

interface Upload {
  file: string;
  name: string;
  owner: string;
  purpose: UploadPurpose;
  maxBytes: number;
  expiresAt: number;
  state: 'open' | 'receiving' | 'received';
}

/** Default upload caps: a record import file, and a backup (the whole encrypted database). */
export const DEFAULT_UPLOAD_CAPS: Readonly<Record<UploadPurpose, number>> = Object.freeze({ import: 2 * 1024 ** 3, restore: 16 * 1024 ** 3 });
const TTL_MS = 10 * 60_000;
const SAFE_EXTENSION = /\.(json|ndjson|jsonl|db)$/i;

/** A file name fit for a Content-Disposition header and a download folder. */
export function safeFileName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return base.slice(-120) || 'bedside-file';
}

/** The private transfer folder and its tokens. */
export class TransferStore implements Service {
  private readonly downloads = new Map<string, Download>();
  private readonly uploads = new Map<string, Upload>();

  constructor(
    readonly dir: string,
    private readonly options: { caps?: Partial<Record<UploadPurpose, number>>; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Empties the folder (files left by a stopped process are not needed) and makes it private. */
  boot(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(this.dir, 0o700);
  }

  /** Removes every transfer file. */
  shutdown(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A new private file path in the transfer folder (random name, the given extension). */
  newFile(extension: string): string {
    return path.join(this.dir, `${crypto.randomBytes(16).toString('hex')}${extension}`);
  }

  private expire(): void {
    const t = this.now();
    for (const [k, d] of this.downloads) if (d.expiresAt < t) this.dropDownload(k, d);
    for (const [k, u] of this.uploads) if (u.expiresAt < t && u.state !== 'receiving') this.release(k, u.file);
  }

  private dropDownload(token: string, d: Download): void {
    this.downloads.delete(token);
    if (d.temporary) fs.rmSync(d.file, { force: true });
  }

  /** Offers `file` to `owner` as a single-use download named `name`. */
  offerDownload(owner: string, file: string, name: string, options: { temporary: boolean }): DownloadOffer {
    this.expire();
    const token = crypto.randomBytes(32).toString('base64url');
    const bytes = fs.statSync(file).size;
    this.downloads.set(token, { file, name: safeFileName(name), bytes, owner, expiresAt: this.now() + TTL_MS, temporary: options.temporary });
    return { url: `/files/download/${token}`, name: safeFileName(name), bytes };
  }

  /** Takes a download (once): the file to stream, and a `done` to call when it has been sent. */
  takeDownload(token: string): { file: string; name: string; bytes: number; done: () => void } | null {
    this.expire();
    const d = this.downloads.get(token);
    if (!d) return null;
    this.downloads.delete(token);
    return { file: d.file, name: d.name, bytes: d.bytes, done: () => d.temporary && fs.rmSync(d.file, { force: true }) };
  }

  /** Opens an upload slot for `owner`; refused when the declared size is over the purpose's cap. */
  openUpload(owner: string, purpose: UploadPurpose, name: string, bytes: number): { token: string; url: string; maxBytes: number } {
    this.expire();
    const cap = this.options.caps?.[purpose] ?? DEFAULT_UPLOAD_CAPS[purpose];
    if (bytes > cap) {
      throw new BedsideError('too-large', `${safeFileName(name)} is ${(bytes / 1024 ** 2).toFixed(0)} MB; Bedside accepts up to ${(cap / 1024 ** 2).toFixed(0)} MB for ${purpose === 'restore' ? 'a backup' : 'an import'} through the browser. Nothing was uploaded; use the admin command line on the server for larger files.`);
    }
    const safe = safeFileName(name);
    const extension = SAFE_EXTENSION.exec(safe)?.[0]?.toLowerCase() ?? (purpose === 'restore' ? '.db' : '.json');
    const token = crypto.randomBytes(32).toString('base64url');
    this.uploads.set(token, { file: this.newFile(extension), name: safe, owner, purpose, maxBytes: Math.max(0, bytes), expiresAt: this.now() + TTL_MS, state: 'open' });
    return { token, url: `/files/upload/${token}`, maxBytes: bytes };
  }

  /**
   * Streams an upload's body into its private file; refuses an unknown or used slot and stops
   * at the declared size (a longer body is refused and its bytes deleted).
   */
  async receiveUpload(token: string, body: Readable): Promise<{ bytes: number }> {
    this.expire();
    const u = this.uploads.get(token);
    if (!u || u.state !== 'open') throw new BedsideError('not-found', 'This upload link is not valid (it was used already or expired). Choose the file again; nothing was changed.');
    u.state = 'receiving';
    const out = fs.createWriteStream(u.file, { mode: 0o600, flags: 'wx' });
    let bytes = 0;
    try {
      for await (const chunk of body) {
        bytes += (chunk as Buffer).length;
        if (bytes > u.maxBytes) throw new BedsideError('too-large', `The upload is larger than the ${u.maxBytes} bytes announced for ${u.name}; it was refused and nothing was kept.`);
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      u.state = 'received';
      return { bytes };
    } catch (e) {
      // The file is opened asynchronously: remove it only once the stream has closed.
      await new Promise<void>((r) => {
        out.once('close', () => r());
        out.destroy();
      });
      this.release(token, u.file);
      throw e;
    }
  }

  /** Hands a received upload to the channel that asked for it (once): the private file to read. */
  claimUpload(token: string, owner: string, purpose: UploadPurpose): { file: string; name: string; release: () => void } {
    this.expire();
    const u = this.uploads.get(token);
    if (!u || u.owner !== owner || u.purpose !== purpose) throw new BedsideError('not-found', 'There is no such upload for this session (it may have expired). Choose the file again; nothing was changed.');
    if (u.state !== 'received') throw new BedsideError('invalid-input', 'The file has not finished uploading. Wait for the upload, then try again; nothing was changed.');
    this.uploads.delete(token);
    return { file: u.file, name: u.name, release: () => fs.rmSync(u.file, { force: true }) };
  }

  private release(token: string, file: string): void {
    this.uploads.delete(token);
    fs.rmSync(file, { force: true });
  }
}
