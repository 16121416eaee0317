/** Callers in every session state, on a real Bedside, for the authorisation matrix and the fuzz. */
import crypto from 'node:crypto';
import type { Harness } from '../../helpers/bedsideHarness';
import type { CallContext } from '../../../electron/ipc/router';
import type { Role } from '../../../electron/contract/channels/auth';
import type { RecordsService } from '../../../electron/services/records/recordsService';
import type { CallerState } from '../../../electron/ipc/permissions';

export interface Caller {
  label: string;
  state: CallerState;
  roles: Role[];
  ctx: CallContext;
}

const ipc = (id: string): CallContext => ({ transport: 'ipc', senderUrl: 'app://bedside/index.html', isMainFrame: true, connectionId: id });

/** Creates the accounts and sessions: signed out, each single role, admin+clinician, locked, temporary password. */
export async function makeCallers(h: Harness): Promise<Caller[]> {
  const password = 'matrix: long enough password';
  const make = async (username: string, roles: Role[], permanent = true): Promise<void> => {
    await h.auth.createUser('system:test', { username, displayName: username, roles, temporaryPassword: password, permanent });
  };
  await make('m.clinician', ['clinician']);
  await make('m.nurse', ['nurse']);
  await make('m.admin', ['admin']);
  await make('m.both', ['admin', 'clinician']);
  await make('m.locked', ['clinician', 'nurse', 'admin']);
  await make('m.temp', ['clinician', 'nurse', 'admin'], false);
  const callers: Caller[] = [
    { label: 'signed out', state: 'signed-out', roles: [], ctx: ipc('m-out') },
    { label: 'clinician', state: 'active', roles: ['clinician'], ctx: ipc('m-clin') },
    { label: 'nurse', state: 'active', roles: ['nurse'], ctx: ipc('m-nurse') },
    { label: 'admin', state: 'active', roles: ['admin'], ctx: ipc('m-admin') },
    { label: 'admin+clinician', state: 'active', roles: ['admin', 'clinician'], ctx: ipc('m-both') },
    { label: 'locked (all roles)', state: 'locked', roles: ['clinician', 'nurse', 'admin'], ctx: ipc('m-locked') },
    { label: 'temporary password (all roles)', state: 'password-change-required', roles: ['clinician', 'nurse', 'admin'], ctx: ipc('m-temp') },
  ];
  const users: Record<string, string> = { 'm-clin': 'm.clinician', 'm-nurse': 'm.nurse', 'm-admin': 'm.admin', 'm-both': 'm.both', 'm-locked': 'm.locked', 'm-temp': 'm.temp' };
  for (const [conn, user] of Object.entries(users)) await h.auth.signIn(`ipc:${conn}`, user, password);
  h.auth.lock('ipc:m-locked');
  return callers;
}

/** A digest of everything in the record database except the audit trail (which records refusals). */
export function databaseDigest(h: Harness): string {
  const db = h.bedside.container.get<RecordsService>('records').database;
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'audit_log' ORDER BY name")
    .all()
    .map((r) => r.name);
  const hash = crypto.createHash('sha256');
  for (const t of tables) {
    hash.update(`\0${t}\0`);
    for (const row of db.prepare(`SELECT * FROM "${t}"`).raw().iterate()) hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v)));
  }
  return hash.digest('hex');
}

/** Refused calls audited: rows in the audit trail, plus anonymous refusals counted for the next aggregate row. */
export function deniedCount(h: Harness): number {
  const db = h.bedside.container.get<RecordsService>('records').database;
  return Number(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'access-denied'").pluck().get()) + h.bedside.refusals.pending();
}
