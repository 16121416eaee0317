/**
 * The desktop app's database key store: the key encrypted by Electron safeStorage (DPAPI on
 * Windows, the Keychain on macOS, the Secret Service or KWallet on Linux) and written to the data
 * folder as `bedside.key.safe`. Written against a minimal interface so it is tested without
 * Electron; main.ts passes the real `safeStorage`.
 *
 * When the OS keychain is lost, `npm run admin -- recover-key` unwraps the key with the recovery
 * code and writes it to the plain key file (`bedside.key`, mode 0600); at the next start this
 * store moves it back under safeStorage and deletes the plain file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BedsideError } from '../services/errors';
import { DATABASE_KEY_BYTES, FileKeyStore, type KeyStore } from '../services/records/keyStore';
import { recoveredMarker } from '../services/auth/recoveryKey';

/** The parts of Electron's safeStorage this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no real keychain (a fixed, public password). */
  getSelectedStorageBackend?(): string;
}

/** The encrypted key blob's file name in the data folder. */
export const SAFE_KEY_FILE = 'bedside.key.safe';

/** A KeyStore backed by the OS keychain through safeStorage. */
export class SafeStorageKeyStore implements KeyStore {
  readonly file: string;
  private readonly plain: FileKeyStore;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    dataDir: string,
    plainKeyFile: string,
    private readonly log: (message: string) => void = () => undefined,
    /** The blob's file name (the audit keys use their own: see docs/security.md). */
    blobName: string = SAFE_KEY_FILE,
  ) {
    this.file = path.join(dataDir, blobName);
    this.plain = new FileKeyStore(plainKeyFile);
  }

  private assertUsable(): void {
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new BedsideError('unavailable', "This computer's keychain is not available, so Bedside cannot protect the key to the patient records. On Linux, install and unlock a keyring (GNOME Keyring or KWallet), then start Bedside again. Nothing was changed.");
    }
    if (this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      this.log('safeStorage uses the basic_text backend (no keyring): the database key is only obfuscated. Install a keyring; see docs/security.md.');
    }
  }

  /**
   * The key from the safeStorage blob. When there is no usable blob, a plain key file is taken
   * over: one restored by `admin recover-key` (marked `.recovered`) is then deleted; one shared
   * with the browser host on this folder is left for it (see docs/security.md).
   */
  load(): Buffer | null {
    let blob: Buffer | null = null;
    try {
      blob = fs.readFileSync(this.file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new BedsideError('unavailable', `Bedside cannot read its key file ${this.file} (${(e as NodeJS.ErrnoException).code ?? 'error'}). Check the file's permissions.`);
    }
    if (blob) {
      this.assertUsable();
      let hex: string;
      try {
        hex = this.safeStorage.decryptString(blob);
      } catch {
        hex = '';
      }
      if (/^[0-9a-f]{64}$/i.test(hex)) return Buffer.from(hex, 'hex');
    }
    const plain = this.plain.load();
    if (plain) {
      this.save(plain);
      const marker = recoveredMarker(this.plain.file);
      if (fs.existsSync(marker)) {
        fs.rmSync(this.plain.file, { force: true });
        fs.rmSync(marker, { force: true });
        this.log('The recovered database key is now protected by the OS keychain; the plain key file was removed.');
      }
      return plain;
    }
    if (blob) {
      throw new BedsideError(
        'wrong-key',
        "This computer's keychain can no longer unlock the key to the patient records (the keychain was reset, or the data folder came from another computer or user). Nothing was changed. Run \"npm run admin -- recover-key\" with the recovery code written down at set-up, then start Bedside again.",
      );
    }
    return null;
  }

  /** Encrypts the key with safeStorage and writes it atomically (mode 0600). */
  save(key: Buffer): void {
    if (key.length !== DATABASE_KEY_BYTES) throw new Error(`A database key has ${DATABASE_KEY_BYTES} bytes`);
    this.assertUsable();
    const blob = this.safeStorage.encryptString(key.toString('hex'));
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, blob);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }
}
