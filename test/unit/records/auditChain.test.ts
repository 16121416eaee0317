/**
 * The audit trail cannot be silently rewritten by someone holding the database key (issue #13,
 * finding 3): links are sealed with a separate audit key, and signed checkpoints of the head
 * kept outside the database catch a chain cut short or rewritten with every key but the
 * signing key. Also: an existing (pre-0050) chain is carried over and sealed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRowHash, auditRowMac } from '../../../electron/services/records/auditLog';
import { checkpointSignatureValid } from '../../../electron/services/records/auditCheckpoint';
import { openEncryptedDatabase } from '../../../electron/services/records/database';
import { migrate } from '../../../electron/services/records/migrate';
import { migrations } from '../../../electron/services/records/migrations';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { tempDir } from '../../helpers/tempDir';
import { openRecords, patient } from './fixtures';

let s: RecordsService | undefined;
afterEach(async () => {
  await s?.shutdown();
  s = undefined;
});

type Row = { seq: number; at: string; actor: string; action: string; patient_id: string | null; target: string | null; detail: string | null; prev_hash: string; hash: string; keyed: number };

/** What an attacker with the database key does: drop the triggers, edit entry `seq`, and recompute every later link with `seal`. */
function rewrite(records: RecordsService, seq: number, seal: (prev: string, r: Row) => { hash: string; keyed: number }): void {
  const db = records.database;
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.prepare("UPDATE audit_log SET actor = 'user:somebody-else' WHERE seq = ?").run(seq);
  const rows = db.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq').all();
  let prev = '0'.repeat(64);
  const upd = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, keyed = ? WHERE seq = ?');
  for (const r of rows) {
    const sealed = seal(prev, r);
    upd.run(prev, sealed.hash, sealed.keyed, r.seq);
    prev = sealed.hash;
  }
}

function busyStore(): { records: RecordsService; dir: string } {
  const dir = tempDir();
  const records = openRecords(dir);
  records.saveResource('dr.a', patient('p1', 'Rivera'));
  records.chart('dr.a', 'p1');
  records.chart('dr.b', 'p1');
  return { records, dir };
}

describe('the keyed audit chain', () => {
  it('is sealed with its own key, kept apart from the database key (0600 file)', () => {
    const { records, dir } = busyStore();
    s = records;
    const keyFile = path.join(dir, 'bedside.audit.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyFile, 'utf8')).not.toBe(fs.readFileSync(path.join(dir, 'bedside.key'), 'utf8'));
    const rows = records.database.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq').all();
    expect(rows.every((r) => r.keyed === 1)).toBe(true);
    expect(records.verifyAudit()).toMatchObject({ ok: true, rows: 3 });
  });

  it('an edit recomputed with plain sha256 (what the database key allows) is found', () => {
    const { records } = busyStore();
    s = records;
    rewrite(records, 2, (prev, r) => ({ hash: auditRowHash(prev, r), keyed: 0 }));
    expect(records.verifyAudit()).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('an edit re-sealed with a guessed key is found at the edited entry', () => {
    const { records } = busyStore();
    s = records;
    const guessed = crypto.randomBytes(32);
    rewrite(records, 2, (prev, r) => ({ hash: auditRowMac(guessed, prev, r), keyed: 1 }));
    const v = records.verifyAudit();
    expect(v).toMatchObject({ ok: false, firstBrokenSeq: 1 });
    expect(v.message).toMatch(/does not match its seal/);
  });

  it('with the audit key too, a rewrite passes the chain but not the signed checkpoint', () => {
    const { records, dir } = busyStore();
    s = records;
    const c = records.writeAuditCheckpoint('system:cli');
    expect(c.seq).toBe(4);
    const auditKey = Buffer.from(fs.readFileSync(path.join(dir, 'bedside.audit.key'), 'utf8').trim(), 'hex');
    rewrite(records, 2, (prev, r) => ({ hash: auditRowMac(auditKey, prev, r), keyed: 1 }));
    const v = records.verifyAudit();
    expect(v.ok).toBe(false);
    expect(v.firstBrokenSeq).toBe(4);
    expect(v.message).toMatch(/is not the entry that was signed/);
  });

  it('removing the newest entries leaves a valid shorter chain, which the checkpoint catches', () => {
    const { records } = busyStore();
    s = records;
    records.writeAuditCheckpoint('system:cli');
    records.database.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 3;');
    const v = records.verifyAudit();
    expect(v).toMatchObject({ ok: false, firstBrokenSeq: 3 });
    expect(v.message).toMatch(/entries 3 to 4 were removed/);
  });

  it('a forged or edited checkpoint is refused', () => {
    const { records } = busyStore();
    s = records;
    const c = records.writeAuditCheckpoint('system:cli');
    const stored = JSON.parse(fs.readFileSync(c.file, 'utf8')) as { seq: number; publicKey: string };
    expect(checkpointSignatureValid(stored as never, records.auditPublicKey())).toBe(true);
    fs.writeFileSync(c.file, JSON.stringify({ ...stored, seq: 2 }));
    expect(records.verifyAudit().message).toMatch(/not signed by this Bedside's audit signing key/);
  });

  it('each backup leaves a signed checkpoint beside it and among the checkpoints', () => {
    const { records } = busyStore();
    s = records;
    const b = records.backup('system:test');
    const beside = JSON.parse(fs.readFileSync(`${b.file}.audit-checkpoint.json`, 'utf8')) as { seq: number; reason: string };
    expect(beside).toMatchObject({ seq: 3, reason: `backup ${path.basename(b.file)}` });
    expect(records.verifyAudit()).toMatchObject({ ok: true, checkpoints: 1 });
    // A restore of that backup sets aside checkpoints signed after it.
    records.writeAuditCheckpoint('system:cli');
    records.restore('system:test', b.file);
    const v = records.verifyAudit();
    expect(v).toMatchObject({ ok: true, checkpoints: 1 });
  });
});

describe('migration 0050 carries an existing chain over', () => {
  it('keeps the old sha256 links, seals the head at the next start, and verifies', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bedside.db');
    const key = crypto.randomBytes(32);
    fs.writeFileSync(path.join(dir, 'bedside.key'), key.toString('hex'), { mode: 0o600 });
    // A database at 0040 with a plain chain, as the previous release wrote it.
    const db = openEncryptedDatabase(file, key);
    migrate(db, file, migrations.filter((m) => m.version <= 40));
    let prev = '0'.repeat(64);
    for (let seq = 1; seq <= 3; seq++) {
      const row = { seq, at: `2026-01-0${seq}T00:00:00.000Z`, actor: 'dr.old', action: 'chart-read', patient_id: 'p1', target: 'Patient/p1', detail: null };
      const hash = auditRowHash(prev, row);
      db.prepare('INSERT INTO audit_log(seq, at, actor, action, patient_id, target, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)').run(seq, row.at, row.actor, row.action, row.patient_id, row.target, row.detail, prev, hash);
      prev = hash;
    }
    db.close();
    s = openRecords(dir);
    const rows = s.database.prepare<[], Row>('SELECT * FROM audit_log ORDER BY seq').all();
    expect(rows.map((r) => r.keyed)).toEqual([0, 0, 0, 1]);
    expect(rows[3]).toMatchObject({ action: 'audit-key', prev_hash: prev });
    expect(s.verifyAudit()).toMatchObject({ ok: true, rows: 4 });
  });
});
