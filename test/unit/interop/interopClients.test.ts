/**
 * interop-clients.json as clinic IT writes it: a file that cannot be used refuses every client
 * and says where it is wrong (admin doctor prints the same); a private key is refused; the file
 * is re-read when it changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InteropClients } from '../../../electron/server/interopClients';
import { makeInteropClient, registerInteropClients } from '../../helpers/interopClient';
import { tempDir } from '../../helpers/tempDir';

describe('interop-clients.json', () => {
  it('no file: no clients and no problem; a valid file: its clients by iss; a changed file is re-read', async () => {
    const dir = tempDir();
    const registry = new InteropClients(dir);
    expect(registry.current()).toEqual({ clients: new Map(), problem: null });
    const a = await makeInteropClient('https://a.test/');
    registerInteropClients(dir, [{ client: a, name: 'A', roles: ['nurse'] }]);
    expect([...registry.current().clients.keys()]).toEqual(['https://a.test/']);
    const b = await makeInteropClient('https://b.test/');
    registerInteropClients(dir, [{ client: a, name: 'A', roles: ['nurse'] }, { client: b, name: 'B', roles: ['clinician'] }]);
    expect([...registry.current().clients.keys()]).toEqual(['https://a.test/', 'https://b.test/']);
  });

  it('refuses, saying where: unreadable JSON, a private key, an unknown role, a repeated iss', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'interop-clients.json');
    const registry = new InteropClients(dir);
    const write = (value: unknown): void => {
      fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
      // mtime granularity: make each version look new
      const t = new Date(Date.now() + Math.random() * 1e6);
      fs.utimesSync(file, t, t);
    };
    write('{ "clients": [');
    expect(registry.current().problem).toMatch(/could not be read as JSON/);
    const a = await makeInteropClient('https://a.test/');
    const entry = { iss: a.iss, name: 'A', roles: ['clinician'], jwks: { keys: [a.publicJwk] } };
    write({ clients: [{ ...entry, jwks: { keys: [{ ...a.publicJwk, d: 'secret' }] } }] });
    expect(registry.current().problem).toMatch(/private key/);
    write({ clients: [{ ...entry, roles: ['superuser'] }] });
    expect(registry.current().problem).toMatch(/clients\.0\.roles/);
    write({ clients: [entry, entry] });
    expect(registry.current().problem).toMatch(/twice/);
    expect(registry.current().clients.size).toBe(0);
  });
});
