/**
 * The database key under safeStorage, the recovery code made at set-up, and `admin recover-key`
 * when the OS keychain is lost; plus `admin create-user` and the accounts migration.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SafeStorageKeyStore, SAFE_KEY_FILE, type SafeStorageLike } from '../../../electron/shell/safeStorageKeyStore';
import { readRecoveryBlob, recoveryFile, writeRecoveryBlob } from '../../../electron/services/auth/recoveryKey';
import { runAdmin } from '../../../electron/cli/admin';
import { openEncryptedDatabase } from '../../../electron/services/records/database';
import { migrate, schemaVersion } from '../../../electron/services/records/migrate';
import { migrations } from '../../../electron/services/records/migrations';
import { tempDir } from '../../helpers/tempDir';

/** A stand-in keychain: AES with a secret that "the OS" holds; a new secret is a lost keychain. */
function fakeSafeStorage(secret = crypto.randomBytes(32)): SafeStorageLike & { secret: Buffer } {
  return {
    secret,
    isEncryptionAvailable: () => true,
    encryptString(text) {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', this.secret, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(blob) {
      const d = crypto.createDecipheriv('aes-256-gcm', this.secret, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('safeStorage key store', () => {
  it('keeps only an encrypted blob in the data folder', () => {
    const dir = tempDir();
    const store = new SafeStorageKeyStore(fakeSafeStorage(), dir, path.join(dir, 'bedside.key'));
    expect(store.load()).toBeNull();
    const key = crypto.randomBytes(32);
    store.save(key);
    expect(store.load()!.equals(key)).toBe(true);
    const blob = fs.readFileSync(path.join(dir, SAFE_KEY_FILE));
    expect(blob.includes(Buffer.from(key.toString('hex')))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'bedside.key'))).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, SAFE_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('refuses to work without a keychain', () => {
    const dir = tempDir();
    const store = new SafeStorageKeyStore({ ...fakeSafeStorage(), isEncryptionAvailable: () => false }, dir, path.join(dir, 'bedside.key'));
    expect(() => store.save(crypto.randomBytes(32))).toThrow(/keychain is not available/);
  });
});

describe('recovery', () => {
  it('a lost keychain is recovered with the code from set-up through "admin recover-key"', async () => {
    const dir = tempDir();
    const keychain = fakeSafeStorage();
    const store = new SafeStorageKeyStore(keychain, dir, path.join(dir, 'bedside.key'));
    const key = crypto.randomBytes(32);
    store.save(key);
    const db = openEncryptedDatabase(path.join(dir, 'bedside.db'), key);
    db.close();
    const code = writeRecoveryBlob(recoveryFile(dir), key);
    expect(code).toMatch(/^([A-Z2-9]{5}-){5}[A-Z2-9]{5}$/);
    expect(fs.readFileSync(recoveryFile(dir), 'utf8')).not.toContain(key.toString('hex'));

    keychain.secret = crypto.randomBytes(32); // the OS keychain is reset
    expect(() => store.load()).toThrow(/recover-key/);

    const out: string[] = [];
    expect(await runAdmin(['recover-key', '--code', 'WRONG-CODE0-00000-00000-00000-00000', '--data-dir', dir], (l) => out.push(l))).toBe(1);
    expect(out.join('\n')).toMatch(/does not open the recovery file/);
    expect(await runAdmin(['recover-key', '--code', code.toLowerCase(), '--data-dir', dir], (l) => out.push(l))).toBe(0);
    // At the next start the desktop app takes the key back under the keychain and removes the plain copy.
    expect(store.load()!.equals(key)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'bedside.key'))).toBe(false);
    expect(store.load()!.equals(key)).toBe(true);
  });

  it('a code for another key is refused', () => {
    const dir = tempDir();
    const code = writeRecoveryBlob(recoveryFile(dir), crypto.randomBytes(32));
    expect(readRecoveryBlob(recoveryFile(dir), code).length).toBe(32);
    expect(() => readRecoveryBlob(recoveryFile(dir), code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toThrow(/does not open/);
  });
});

describe('admin create-user', () => {
  it('creates the first administrator with a recovery code, then users with temporary passwords', async () => {
    const dir = tempDir();
    const out: string[] = [];
    const run = (args: string[]): Promise<number> => runAdmin([...args, '--data-dir', dir], (l) => out.push(l));
    expect(await run(['create-user', 'dr.ana', '--roles', 'admin,clinician', '--name', 'Dr Ana'])).toBe(0);
    expect(out.join('\n')).toMatch(/Temporary password \(shown once.*\): \w{4}-\w{4}-\w{4}-\w{4}/);
    expect(out.join('\n')).toMatch(/Database recovery code.*: ([A-Z2-9]{5}-){5}[A-Z2-9]{5}/);
    out.length = 0;
    expect(await run(['create-user', 'nurse.ben', '--roles', 'nurse'])).toBe(0);
    expect(out.join('\n')).not.toMatch(/recovery code/);
    expect(await run(['create-user', 'nurse.ben', '--roles', 'nurse'])).toBe(1);
    expect(await run(['create-user', 'x.y', '--roles', 'surgeon'])).toBe(1);
    expect(out.join('\n')).toMatch(/already an account called "nurse.ben"/);
    expect(out.join('\n')).toMatch(/"surgeon" is not a role/);
  }, 30_000);
});

describe('migration 0030 (accounts)', () => {
  it('adds the users table over a 0020 database without touching records or the audit trail', () => {
    const dir = tempDir();
    const file = path.join(dir, 'm.db');
    const key = Buffer.alloc(32, 9);
    let db = openEncryptedDatabase(file, key);
    migrate(db, file, migrations, 20);
    db.prepare("INSERT INTO audit_log(seq, at, actor, action, prev_hash, hash) VALUES (1, 'now', 'a', 'seed', '0', 'h')").run();
    db.close();
    db = openEncryptedDatabase(file, key);
    expect(migrate(db, file, migrations, 30)).toEqual([30]);
    expect(schemaVersion(db)).toBe(30);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
    db.prepare("INSERT INTO users(id, username, display_name, roles, password_hash, created_at, password_changed_at) VALUES ('1', 'Dr.Ana', 'Ana', '[]', 'h', 'now', 'now')").run();
    expect(() => db.prepare("INSERT INTO users(id, username, display_name, roles, password_hash, created_at, password_changed_at) VALUES ('2', 'dr.ana', 'Ana', '[]', 'h', 'now', 'now')").run()).toThrow(/UNIQUE/);
    db.close();
  });
});
