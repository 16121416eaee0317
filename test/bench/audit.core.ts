/**
 * Audit benchmark: time to verify an audit trail of N entries (default 100,000), keyed (HMAC,
 * what Bedside writes) against plain sha256 links (the pre-0050 chain), in the same run, on the
 * encrypted database; plus the time to append them and to verify through the service (chain and
 * a signed checkpoint), as `admin verify-audit` does.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditLog, setAuditKey } from '../../electron/services/records/auditLog';
import { openEncryptedDatabase, type Db } from '../../electron/services/records/database';
import { migrate } from '../../electron/services/records/migrate';
import { FileKeyStore } from '../../electron/services/records/keyStore';
import { RecordsService } from '../../electron/services/records/recordsService';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function fill(db: Db, n: number): number {
  const log = new AuditLog(db);
  const t0 = performance.now();
  for (let start = 0; start < n; start += 10_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(n, start + 10_000); i++) {
        log.append({ actor: `user:clinician-${i % 40}`, action: i % 7 === 0 ? 'resource-update' : 'chart-read', patientId: `p-${i % 5000}`, target: `Patient/p-${i % 5000}`, detail: `${i % 300} records` });
      }
    }).immediate();
  }
  return performance.now() - t0;
}

function timeVerify(log: AuditLog, runs: number): { medianMs: number; rows: number } {
  const times: number[] = [];
  let rows = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const v = log.verify();
    times.push(performance.now() - t0);
    if (!v.ok) throw new Error(v.message);
    rows = v.rows;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, rows };
}

/** Runs the benchmark and prints the table and the BENCH line. */
export function main(): void {
  const n = arg('rows', 100_000);
  const runs = arg('runs', 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-'));
  try {
    const key = crypto.randomBytes(32);
    const open = (name: string): Db => {
      const file = path.join(dir, name);
      const db = openEncryptedDatabase(file, key);
      migrate(db, file);
      return db;
    };
    const keyedDb = open('keyed.db');
    setAuditKey(keyedDb, crypto.randomBytes(32));
    const plainDb = open('plain.db');
    const appendKeyedMs = fill(keyedDb, n);
    const appendPlainMs = fill(plainDb, n);
    const keyed = timeVerify(new AuditLog(keyedDb), runs);
    const plain = timeVerify(new AuditLog(plainDb), runs);
    keyedDb.close();
    plainDb.close();

    // Through the service, with a signed checkpoint: what `admin verify-audit` runs.
    const sdir = path.join(dir, 'service');
    const records = new RecordsService({ databaseFile: path.join(sdir, 'bedside.db'), backupsDir: path.join(sdir, 'backups'), keyStore: new FileKeyStore(path.join(sdir, 'bedside.key')) });
    records.boot();
    fill(records.database, n);
    records.writeAuditCheckpoint('system:bench');
    const t0 = performance.now();
    const v = records.verifyAudit();
    const serviceMs = performance.now() - t0;
    if (!v.ok) throw new Error(v.message);
    void records.shutdown();

    const rate = (ms: number): number => Math.round(n / (ms / 1000));
    console.log(`audit trail of ${n.toLocaleString('en')} entries (encrypted database), median of ${runs} verifications`);
    console.log(`  verify, keyed (HMAC-SHA256)      ${keyed.medianMs.toFixed(0).padStart(7)} ms  ${rate(keyed.medianMs).toLocaleString('en')} entries/s`);
    console.log(`  verify, plain sha256 (pre-0050)  ${plain.medianMs.toFixed(0).padStart(7)} ms  ${rate(plain.medianMs).toLocaleString('en')} entries/s`);
    console.log(`  keyed / plain                    ${(keyed.medianMs / plain.medianMs).toFixed(2)}`);
    console.log(`  verify-audit via the service (chain + 1 signed checkpoint) ${serviceMs.toFixed(0)} ms`);
    console.log(`  append ${n.toLocaleString('en')} entries in 10k-entry transactions: keyed ${appendKeyedMs.toFixed(0)} ms, plain ${appendPlainMs.toFixed(0)} ms`);
    console.log(`BENCH ${JSON.stringify({ suite: 'audit', rows: n, runs, verifyKeyedMs: Math.round(keyed.medianMs), verifyPlainMs: Math.round(plain.medianMs), keyedOverPlain: Number((keyed.medianMs / plain.medianMs).toFixed(2)), verifyServiceMs: Math.round(serviceMs), appendKeyedMs: Math.round(appendKeyedMs), appendPlainMs: Math.round(appendPlainMs) })}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
