/**
 * Images retrieved from the PACS, kept in the data folder (`<data>/pacs/cache`) encrypted with
 * AES-256-GCM under a key derived from the database key (HKDF-SHA256), so that a copied data
 * folder without its key shows no image. Each file is written whole to a temporary name,
 * fsynced and renamed: a crash or a failed retrieve leaves no half-written entry, and a
 * damaged or foreign entry fails authentication and is dropped, never shown.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const MAGIC = Buffer.from('BSPACS1\n');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Oldest entries are removed beyond this size. */
export const DEFAULT_CACHE_LIMIT_BYTES = 2 * 1024 * 1024 * 1024;

/** The cache key derived from the database key (never the database key itself). */
export function cacheKeyFrom(databaseKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), 'bedside pacs cache v1', 32));
}

/** An encrypted, size-capped store of retrieved DICOM files keyed by their address. */
export class PacsCache {
  constructor(
    private readonly dir: string,
    private readonly key: Buffer,
    private readonly limitBytes = DEFAULT_CACHE_LIMIT_BYTES,
  ) {}

  private file(id: string): string {
    return path.join(this.dir, `${createHash('sha256').update(id).digest('hex')}.bin`);
  }

  /** The cached bytes, or null when absent or unreadable (a damaged entry is removed). */
  get(id: string): Buffer | null {
    const file = this.file(id);
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch {
      return null;
    }
    try {
      if (!data.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a cache entry');
      const iv = data.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
      const tag = data.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(data.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()]);
      const now = new Date();
      fs.utimesSync(file, now, now);
      return plain;
    } catch {
      fs.rmSync(file, { force: true });
      return null;
    }
  }

  /** Stores bytes atomically (temp file, fsync, rename), then trims the cache to its limit. */
  put(id: string, bytes: Buffer): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(id));
    const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
    const file = this.file(id);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const fd = fs.openSync(tmp, 'w', 0o600);
      try {
        fs.writeSync(fd, Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    this.trim();
  }

  /** Entries in the cache (tests and `admin pacs`). */
  entries(): string[] {
    try {
      return fs.readdirSync(this.dir).filter((f) => f.endsWith('.bin'));
    } catch {
      return [];
    }
  }

  private trim(): void {
    const files = this.entries().map((f) => {
      const full = path.join(this.dir, f);
      const st = fs.statSync(full);
      return { full, size: st.size, mtime: st.mtimeMs };
    });
    let total = files.reduce((s, f) => s + f.size, 0);
    for (const f of files.sort((a, b) => a.mtime - b.mtime)) {
      if (total <= this.limitBytes) break;
      fs.rmSync(f.full, { force: true });
      total -= f.size;
    }
  }
}
