import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { FileKeyStore } from '../../../electron/services/records/keyStore';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import type { BedsideError } from '../../../electron/services/errors';
import { heartRate, note, openRecords, patient, tempDir } from './fixtures';

const open: RecordsService[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.shutdown();
});

function boot(dir: string): RecordsService {
  const s = openRecords(dir);
  open.push(s);
  return s;
}

function bootError(dir: string): BedsideError {
  try {
    const s = boot(dir);
    s.counts();
  } catch (e) {
    return e as BedsideError;
  }
  throw new Error('expected an error');
}

describe('encrypted storage', () => {
  it('writes a 32-byte key file with mode 0600 and never stores note text in clear', async () => {
    const dir = tempDir();
    const s = boot(dir);
    s.saveResource('dr.test', patient('p1'));
    s.saveResource('dr.test', note('n1', 'p1', 'zebrafish-allergy-marker in the note'));
    await s.shutdown();
    open.length = 0;
    const keyFile = path.join(dir, 'bedside.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(new FileKeyStore(keyFile).load()!.length).toBe(32);
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('bedside.db'))) {
      const bytes = fs.readFileSync(path.join(dir, f));
      expect(bytes.includes('zebrafish-allergy-marker')).toBe(false);
      expect(bytes.includes(Buffer.from('zebrafish-allergy-marker').toString('base64').slice(0, 16))).toBe(false);
    }
    const raw = new Database(path.join(dir, 'bedside.db'));
    expect(() => raw.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    raw.close();
  });

  it('says the key is wrong, offering a backup, when the key does not match', async () => {
    const dir = tempDir();
    const s = boot(dir);
    s.saveResource('dr.test', patient('p1'));
    await s.shutdown();
    open.length = 0;
    fs.writeFileSync(path.join(dir, 'bedside.key'), 'ab'.repeat(32));
    const e = bootError(dir);
    expect(e.code).toBe('wrong-key');
    expect(e.message).toMatch(/different key/);
    expect(e.message).toMatch(/restore a backup/);
  });

  it('refuses to open existing records when the key file is missing', async () => {
    const dir = tempDir();
    await boot(dir).shutdown();
    open.length = 0;
    fs.rmSync(path.join(dir, 'bedside.key'));
    expect(bootError(dir).code).toBe('wrong-key');
  });

  it('reports a truncated file as damaged, with the way back', async () => {
    const dir = tempDir();
    const s = boot(dir);
    s.saveResource('dr.test', patient('p1'));
    for (let i = 0; i < 300; i++) s.saveResource('dr.test', heartRate(`o${i}`, 'p1', 60 + (i % 40)));
    await s.shutdown();
    open.length = 0;
    const file = path.join(dir, 'bedside.db');
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 2) + 100);
    const e = bootError(dir);
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/damaged/);
    expect(e.message).toMatch(/restore/i);
  });

  it('reports a file with scrambled pages as damaged', async () => {
    const dir = tempDir();
    const s = boot(dir);
    s.saveResource('dr.test', patient('p1'));
    for (let i = 0; i < 300; i++) s.saveResource('dr.test', heartRate(`o${i}`, 'p1', 70));
    await s.shutdown();
    open.length = 0;
    const file = path.join(dir, 'bedside.db');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 7), 0, 4096, 4096 * 3);
    fs.closeSync(fd);
    expect(bootError(dir).code).toBe('corrupt');
  });

  it('turns a full disk into a disk-full message and keeps the records as they were', () => {
    const s = boot(tempDir());
    s.saveResource('dr.test', patient('p1'));
    const before = s.counts().resources;
    const pages = Number(s.database.pragma('page_count', { simple: true }));
    s.database.pragma(`max_page_count = ${pages + 2}`);
    const big = Array.from({ length: 200 }, (_, i) => heartRate(`big${i}`, 'p1', 70));
    let err: BedsideError | undefined;
    try {
      s.importBundle('dr.test', { resourceType: 'Bundle', type: 'transaction', entry: big.map((resource) => ({ resource })) });
    } catch (e) {
      err = e as BedsideError;
    }
    expect(err?.code).toBe('disk-full');
    expect(err?.message).toMatch(/disk is full/);
    expect(s.counts().resources).toBe(before);
  });
});
