/**
 * No client chooses a server path (issue #13, finding 2): exports, backups, restores and imports
 * move through the OS dialog of the desktop main process or through single-use downloads and
 * size-capped uploads of the browser host. Exports can be encrypted (age, passphrase) and open
 * with the reference `age` tool; every export is audited with its scope.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../electron/ipc/router';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import { HARNESS_IPC_CONTEXT, startHarness, type Harness } from '../../helpers/bedsideHarness';
import { tempDir } from '../../helpers/tempDir';
import { connectWs, type WsTestClient } from '../../helpers/wsClient';

const CLI: CallContext = { transport: 'cli', senderUrl: 'cli' };
const PASSPHRASE = 'copper kettle under seven maples';

let h: Harness;
let ws: WsTestClient;
let records: RecordsService;

beforeAll(async () => {
  h = await startHarness({ serve: true });
  records = h.bedside.container.get<RecordsService>('records');
  records.seedDemoClinic('system:test');
  ws = await connectWs(`${h.host!.origin.replace('http', 'ws')}/contract`, h.host!.origin);
});

const lastAudit = (action: string) => records.database.prepare<[string], { actor: string; patient_id: string | null; target: string; detail: string }>('SELECT actor, patient_id, target, detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1').get(action);

async function upload(purpose: 'restore' | 'import', name: string, body: Buffer, declared = body.length): Promise<{ token: string; status: number }> {
  const slot = await ws.call('records.uploadSlot', { purpose, name, bytes: declared });
  if (!slot.ok) throw new Error(slot.error.message);
  const { token, url } = slot.value as { token: string; url: string };
  const r = await fetch(`${h.host!.origin}${url}`, { method: 'POST', body, headers: { Origin: h.host!.origin, 'Content-Type': 'application/octet-stream' } });
  return { token, status: r.status };
}

describe('paths sent by a client are refused', () => {
  it('exportPatient, restore and importStart take no server path (the old requests are invalid and write nothing)', async () => {
    // A file in the data folder that nothing else writes (the registry itself rewrites packs/active.json at start-up).
    const target = path.join(h.dataDir, 'packs', 'overwritten-by-client.json');
    expect(await ws.call('records.exportPatient', { patientId: 'demo-02', dest: target })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(fs.existsSync(target)).toBe(false);
    expect(await ws.call('records.restore', { file: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await ws.call('records.importStart', { path: '/etc' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await ws.call('records.backup', { dest: '/tmp' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    // With no upload, the browser host has nothing to read.
    expect(await ws.call('records.restore', {})).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('Upload the backup file first') } });
  });
});

describe('browser host: downloads', () => {
  it('an encrypted export is a single-use download in the age format that the age tool opens; it is audited with its scope', async () => {
    const r = await ws.call('records.exportPatient', { patientId: 'demo-02', format: 'bundle', passphrase: PASSPHRASE });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as { delivered: string; name: string; resources: number; encrypted: boolean; download: { url: string; bytes: number } };
    expect(v).toMatchObject({ delivered: 'download', name: 'bedside-patient-demo-02.json.age', encrypted: true });
    const res = await fetch(`${h.host!.origin}${v.download.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bedside-patient-demo-02.json.age"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(v.download.bytes);
    expect(bytes.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    expect(bytes.includes(Buffer.from('Lindqvist'))).toBe(false);
    // Used once: the link is gone, and so is the server's temporary file.
    expect((await fetch(`${h.host!.origin}${v.download.url}`)).status).toBe(404);
    expect(fs.readdirSync(path.join(h.dataDir, 'transfers'))).toEqual([]);
    const { Decrypter } = await import('age-encryption');
    const d = new Decrypter();
    d.addPassphrase(PASSPHRASE);
    const bundle = JSON.parse(await d.decrypt(new Uint8Array(bytes), 'text')) as { resourceType: string; entry: { resource: { resourceType: string; id: string } }[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry).toHaveLength(v.resources);
    expect(bundle.entry.some((e) => e.resource.resourceType === 'Patient' && e.resource.id === 'demo-02')).toBe(true);
    expect(lastAudit('export')).toEqual({
      actor: 'user:harness-doctor',
      patient_id: 'demo-02',
      target: 'Patient/demo-02',
      detail: `${v.resources} records as bundle, encrypted (age, passphrase); scope: Patient/demo-02 (chart and the shared records it references); offered as a download to this session`,
    });
    // The reference tool (Debian's age 1.1) reads the passphrase from a terminal only: `script` gives it one.
    if (spawnSync('age', ['--version']).status !== 0 || spawnSync('script', ['--version']).status !== 0) return console.warn('skipped the age tool check: install Debian packages age and util-linux');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'export.json.age'), bytes);
    execFileSync('script', ['-qec', `age -d -o ${path.join(dir, 'out.json')} ${path.join(dir, 'export.json.age')}`, '/dev/null'], { input: `${PASSPHRASE}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8'))).toEqual(bundle);
  });

  it('refuses a short passphrase, and an NDJSON folder through the browser', async () => {
    expect(await ws.call('records.exportPatient', { patientId: 'demo-02', passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await ws.call('records.exportPatient', { patientId: 'demo-02', format: 'ndjson' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('a backup is written to the backups folder and offered as a download of the encrypted file', async () => {
    const r = await ws.call('records.backup', {});
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value as { path: string; bytes: number; download: { url: string; bytes: number } };
    expect(path.dirname(v.path)).toBe(h.bedside.paths.backupsDir);
    const res = await fetch(`${h.host!.origin}${v.download.url}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(v.bytes);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(fs.existsSync(v.path)).toBe(true);
  });
});

describe('browser host: uploads', () => {
  it('a restore arrives as an upload into a private slot, and the slot is used once', async () => {
    const made = records.backup('system:test');
    const { token, status } = await upload('restore', 'my backup.db', fs.readFileSync(made.file));
    expect(status).toBe(200);
    // Another session cannot claim it.
    expect(await h.bedside.router.invoke(CLI, 'records.restore', { upload: token })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const r = await ws.call('records.restore', { upload: token });
    expect(r).toMatchObject({ ok: true, value: { restored: true } });
    expect(lastAudit('restore')!.target).toBe('upload my_backup.db');
    expect(await ws.call('records.restore', { upload: token })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(fs.readdirSync(path.join(h.dataDir, 'transfers'))).toEqual([]);
  });

  it('an upload larger than announced is cut off and nothing is kept; a slot over the cap is refused', async () => {
    const { status } = await upload('import', 'big.json', Buffer.alloc(5000, 32), 100);
    expect(status).toBe(413);
    expect(fs.readdirSync(path.join(h.dataDir, 'transfers'))).toEqual([]);
    expect(await ws.call('records.uploadSlot', { purpose: 'import', name: 'huge.json', bytes: 3 * 1024 ** 3 })).toMatchObject({ ok: false, error: { code: 'too-large' } });
    // An upload without this host's Origin is refused.
    const slot = await ws.call('records.uploadSlot', { purpose: 'import', name: 'x.json', bytes: 2 });
    const res = await fetch(`${h.host!.origin}${(slot as { value: { url: string } }).value.url}`, { method: 'POST', body: '{}', headers: { Origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
  });

  it('an import arrives as an upload and runs as a job; the temporary file is removed when it ends', async () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'up-1', name: [{ family: 'Uploaded' }] } }] };
    const { token } = await upload('import', 'one.json', Buffer.from(JSON.stringify(bundle)));
    const r = await ws.call('records.importStart', { upload: token });
    if (!r.ok) throw new Error(r.error.message);
    const job = await records.waitForJob((r.value as { jobId: string }).jobId);
    expect(job.state).toBe('done');
    expect(records.database.prepare("SELECT count(*) FROM resources WHERE id = 'up-1'").pluck().get()).toBe(1);
    expect(fs.readdirSync(path.join(h.dataDir, 'transfers'))).toEqual([]);
  });
});

describe('desktop: the main process shows the OS dialog', () => {
  let d: Harness;
  const dir = tempDir();
  const chosen: { save: string | null; open: string | null } = { save: null, open: null };
  beforeAll(async () => {
    d = await startHarness({ fileChooser: { saveFile: async () => chosen.save, openFile: async () => chosen.open } });
    d.bedside.container.get<RecordsService>('records').seedDemoClinic('system:test');
  });

  it('saves the export where the user chose, and a cancelled dialog writes nothing', async () => {
    chosen.save = path.join(dir, 'thomas.json');
    const r = await d.bedside.router.invoke(HARNESS_IPC_CONTEXT, 'records.exportPatient', { patientId: 'demo-02' });
    expect(r).toMatchObject({ ok: true, value: { delivered: 'saved', name: 'thomas.json', encrypted: false, download: null } });
    expect(JSON.parse(fs.readFileSync(chosen.save, 'utf8'))).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    chosen.save = null;
    expect(await d.bedside.router.invoke(HARNESS_IPC_CONTEXT, 'records.exportPatient', { patientId: 'demo-02' })).toMatchObject({ ok: true, value: { delivered: 'cancelled' } });
    expect(fs.readdirSync(dir)).toEqual(['thomas.json']);
  });

  it('restores the backup the user chose; cancelling changes nothing', async () => {
    const recs = d.bedside.container.get<RecordsService>('records');
    chosen.open = recs.backup('system:test').file;
    expect(await d.bedside.router.invoke(HARNESS_IPC_CONTEXT, 'records.restore', {})).toMatchObject({ ok: true, value: { restored: true } });
    chosen.open = null;
    expect(await d.bedside.router.invoke(HARNESS_IPC_CONTEXT, 'records.restore', {})).toMatchObject({ ok: true, value: { restored: false, keptPrevious: null } });
  });
});
