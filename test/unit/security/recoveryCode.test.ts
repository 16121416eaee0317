/**
 * Issue #13 (5): the first account made by any path gets the database recovery code, and a
 * recovery file that cannot be written creates no account (so the code is never lost).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../../electron/cli/admin';
import { recoveryFile } from '../../../electron/services/auth/recoveryKey';
import { BedsideError, isBedsideError } from '../../../electron/services/errors';
import { tempDir } from '../../helpers/tempDir';
import { ADMIN, authFixture } from '../auth/authFixtures';

async function admin(dir: string, ...args: string[]): Promise<{ code: number; doc: Record<string, unknown> }> {
  const out: string[] = [];
  const code = await runAdmin([...args, '--json', '--data-dir', dir], (l) => out.push(l), () => undefined);
  return { code, doc: JSON.parse(out.join('\n')) as Record<string, unknown> };
}

describe('recovery code, always', () => {
  it('is given with the first command-line account even when it is not an administrator', async () => {
    const dir = tempDir();
    const first = await admin(dir, 'create-user', 'nurse.ben', '--roles', 'nurse');
    expect(first.code).toBe(0);
    expect(first.doc).toMatchObject({ ok: true, roles: ['nurse'], recoveryCode: expect.any(String) });
    expect(fs.existsSync(recoveryFile(dir))).toBe(true);
    const second = await admin(dir, 'create-user', 'dr.ana', '--roles', 'admin');
    expect(second.doc.recoveryCode).toBeUndefined();
    expect((await admin(dir, 'recover-key', '--code', first.doc.recoveryCode as string)).doc).toMatchObject({ ok: true });
  }, 60_000);

  it('a recovery file that cannot be written creates no account; the next try gets a code', async () => {
    const dir = tempDir();
    // A folder where the recovery file goes: the rename fails as a full disk would.
    fs.mkdirSync(path.join(recoveryFile(dir), 'blocker'), { recursive: true });
    const failed = await admin(dir, 'create-user', 'dr.ana', '--roles', 'admin,clinician');
    expect(failed.code).toBe(1);
    expect((failed.doc.error as { message: string }).message).toMatch(/could not write the database recovery file .*no account was created/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    fs.rmSync(recoveryFile(dir), { recursive: true });
    const retry = await admin(dir, 'create-user', 'dr.ana', '--roles', 'admin,clinician');
    expect(retry.doc).toMatchObject({ ok: true, username: 'dr.ana', recoveryCode: expect.any(String) });
  }, 60_000);

  it('first-run set-up: a failed recovery write leaves no administrator, and set-up can run again', async () => {
    let fail = true;
    const { auth } = await authFixture({
      createRecoveryCode: () => {
        if (fail) throw new BedsideError('disk-full', 'Bedside could not write the database recovery file (the disk is full), so no account was created.');
        return 'CODE-2';
      },
    });
    const e = await auth.setupAdmin('anonymous:ipc:1', ADMIN).catch((x: unknown) => x);
    expect(isBedsideError(e) && e.code).toBe('disk-full');
    expect(auth.hasUsers()).toBe(false);
    fail = false;
    expect((await auth.setupAdmin('anonymous:ipc:1', ADMIN)).recoveryCode).toBe('CODE-2');
  });
});
