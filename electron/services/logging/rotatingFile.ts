/**
 * A size-capped, rotated log file: lines are appended to `<dir>/<name>.log`; when the next line
 * would take it past `maxBytes` it becomes `<name>.1.log` (the older ones shift up) and a new
 * file starts. At most `maxFiles` files are kept, so the logs never take more than
 * maxBytes × maxFiles. Writes are synchronous, so nothing is lost when the process exits.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** File stem: `bedside` gives bedside.log, bedside.1.log, … */
  name: string;
  maxBytes: number;
  maxFiles: number;
}

/** A pino destination (anything with write(line)) appending to a rotated, size-capped file. */
export class RotatingFile {
  private fd: number | null = null;
  private size = 0;

  constructor(readonly options: RotatingFileOptions) {}

  /** The current file. */
  get file(): string {
    return path.join(this.options.dir, `${this.options.name}.log`);
  }

  private rotated(n: number): string {
    return path.join(this.options.dir, `${this.options.name}.${n}.log`);
  }

  private open(): number {
    if (this.fd === null) {
      fs.mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
      this.fd = fs.openSync(this.file, 'a', 0o600);
      this.size = fs.fstatSync(this.fd).size;
    }
    return this.fd;
  }

  private rotate(): void {
    this.close();
    const { maxFiles } = this.options;
    fs.rmSync(this.rotated(maxFiles - 1), { force: true });
    for (let n = maxFiles - 2; n >= 1; n--) if (fs.existsSync(this.rotated(n))) fs.renameSync(this.rotated(n), this.rotated(n + 1));
    if (maxFiles > 1 && fs.existsSync(this.file)) fs.renameSync(this.file, this.rotated(1));
    else fs.rmSync(this.file, { force: true });
  }

  /** Appends one line (pino passes it with its newline). A log that cannot be written never stops Bedside. */
  write(line: string): boolean {
    try {
      const bytes = Buffer.byteLength(line);
      this.open();
      if (this.size > 0 && this.size + bytes > this.options.maxBytes) this.rotate();
      const fd = this.open();
      fs.writeSync(fd, line);
      this.size += bytes;
    } catch {
      // A full disk or a removed folder: the app goes on without its log.
    }
    return true;
  }

  /** Closes the file (it reopens on the next write). */
  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}
