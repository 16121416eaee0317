import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BedsideError } from '../../../electron/services/errors';
import { openEncryptedDatabase } from '../../../electron/services/records/database';
import { CURRENT_SCHEMA_VERSION, migrate, schemaVersion } from '../../../electron/services/records/migrate';
import { migrations } from '../../../electron/services/records/migrations';
import { ResourceStore } from '../../../electron/services/records/resourceStore';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { heartRate, openRecords, patient, tempDir } from './fixtures';

const services: RecordsService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.shutdown();
});
function open(dir?: string): RecordsService {
  const s = openRecords(dir);
  services.push(s);
  return s;
}

describe('audit trail', () => {
  it('records reads and writes, refuses changes, and finds tampering done with the triggers dropped', () => {
    const dir = tempDir();
    const s = open(dir);
    s.recordLogin('dr.ade');
    s.saveResource('dr.ade', patient('p1'));
    s.saveResource('dr.ade', heartRate('o1', 'p1', 70));
    s.chart('dr.bo', 'p1');
    s.getResource('dr.bo', 'Observation', 'o1');
    const rows = s.database.prepare<[], { actor: string; action: string; patient_id: string | null }>('SELECT actor, action, patient_id FROM audit_log ORDER BY seq').all();
    expect(rows.map((r) => r.action)).toEqual(['login', 'resource-create', 'resource-create', 'chart-read', 'resource-read']);
    expect(rows[3]).toMatchObject({ actor: 'dr.bo', patient_id: 'p1' });
    expect(s.verifyAudit()).toMatchObject({ ok: true, rows: 5, firstBrokenSeq: null });
    expect(() => s.database.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => s.database.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);

    // A raw connection drops the trigger and edits a row.
    s.database.exec('DROP TRIGGER audit_log_no_update');
    s.database.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3").run();
    const v = s.verifyAudit();
    expect(v).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    expect(v.message).toMatch(/entry 3/);
  });

  it('finds a removed row', () => {
    const s = open();
    for (let i = 0; i < 4; i++) s.recordLogin(`u${i}`);
    s.database.exec('DROP TRIGGER audit_log_no_delete');
    s.database.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(s.verifyAudit()).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });
});

describe('backup and restore', () => {
  it('writes an encrypted, verified backup and restores it atomically, keeping the replaced file', () => {
    const dir = tempDir();
    const s = open(dir);
    s.saveResource('t', patient('p1'));
    s.saveResource('t', heartRate('o1', 'p1', 70));
    const b = s.backup('admin');
    expect(b.resources).toBe(2);
    expect(fs.readFileSync(b.file).includes('Testperson')).toBe(false);
    s.saveResource('t', heartRate('o2', 'p1', 80));
    s.deleteResource('t', 'Observation', 'o1');
    const r = s.restore('admin', b.file);
    expect(r.resources).toBe(2);
    expect(fs.existsSync(r.keptPrevious)).toBe(true);
    expect(s.getResource('t', 'Observation', 'o1').id).toBe('o1');
    expect(() => s.getResource('t', 'Observation', 'o2')).toThrow(/not in Bedside/);
    expect(s.verifyAudit().ok).toBe(true);
    expect(s.database.prepare("SELECT count(*) FROM audit_log WHERE action = 'restore'").pluck().get()).toBe(1);
  });

  it('refuses a corrupt backup and one made with another key, changing nothing', () => {
    const dir = tempDir();
    const s = open(dir);
    s.saveResource('t', patient('p1'));
    for (let i = 0; i < 200; i++) s.saveResource('t', heartRate(`o${i}`, 'p1', 70));
    const b = s.backup('admin', path.join(dir, 'elsewhere'));
    const damaged = path.join(dir, 'damaged.db');
    fs.copyFileSync(b.file, damaged);
    const fd = fs.openSync(damaged, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 9), 0, 4096, 4096 * 4);
    fs.closeSync(fd);
    const e = (() => {
      try {
        s.restore('admin', damaged);
      } catch (x) {
        return x as BedsideError;
      }
      throw new Error('expected refusal');
    })();
    expect(e.code).toBe('verification-failed');
    expect(e.message).toMatch(/damaged/);
    expect(s.counts().resources).toBe(201);

    const other = open(tempDir());
    other.saveResource('t', patient('q'));
    const foreign = other.backup('admin');
    expect(() => s.restore('admin', foreign.file)).toThrow(/different key/);
    expect(() => s.restore('admin', path.join(dir, 'nope.db'))).toThrow(/no backup/);
    expect(s.counts().resources).toBe(201);
  });

  it('runs scheduled backups', async () => {
    const dir = tempDir();
    const s = open(dir);
    s.saveResource('t', patient('p1'));
    s.scheduleBackups({ intervalMs: 50, dest: path.join(dir, 'auto'), keep: 2 });
    await new Promise((r) => setTimeout(r, 400));
    s.stopScheduledBackups();
    const files = fs.readdirSync(path.join(dir, 'auto')).filter((n) => n.endsWith('.db'));
    expect(files.length).toBeGreaterThanOrEqual(1);
    expect(files.length).toBeLessThanOrEqual(2);
  });
});

describe('migrations', () => {
  it('are numbered in multiples of 10, strictly increasing (a new one always goes above the last)', () => {
    const versions = migrations.map((m) => m.version);
    for (const v of versions) expect(v % 10).toBe(0);
    for (let i = 1; i < versions.length; i++) expect(versions[i]!).toBeGreaterThan(versions[i - 1]!);
    expect(CURRENT_SCHEMA_VERSION).toBe(migrations.at(-1)!.version);
  });

  it('0010 creates the store on an empty database', () => {
    const dir = tempDir();
    const db = openEncryptedDatabase(path.join(dir, 'm.db'), Buffer.alloc(32, 5));
    expect(migrate(db, 'm.db', migrations, 10)).toEqual([10]);
    const store = new ResourceStore(db);
    db.transaction(() => store.write(patient('p1'), { mode: 'save' }))();
    expect(store.get('Patient', 'p1')?.id).toBe('p1');
    db.close();
  });

  it('0020 adds the audit trail over seeded 0010 data without touching it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'm.db');
    const key = Buffer.alloc(32, 6);
    let db = openEncryptedDatabase(file, key);
    migrate(db, file, migrations, 10);
    const store = new ResourceStore(db);
    db.transaction(() => {
      store.write(patient('p1'), { mode: 'save' });
      store.write(heartRate('o1', 'p1', 70), { mode: 'save' });
    })();
    db.close();
    db = openEncryptedDatabase(file, key);
    expect(schemaVersion(db)).toBe(10);
    expect(migrate(db, file, migrations, 20)).toEqual([20]);
    expect(schemaVersion(db)).toBe(20);
    expect(db.prepare('SELECT count(*) FROM resources').pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer Bedside', async () => {
    const dir = tempDir();
    const s = openRecords(dir);
    s.database.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 10}`);
    await s.shutdown();
    expect(() => openRecords(dir)).toThrow(/newer version of Bedside/);
  });
});
