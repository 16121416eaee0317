/**
 * Account and key commands of the admin command line. They run as the OS user who owns the data
 * folder (who can read the database key file anyway), so the command line is a trusted local
 * administrator: it can create accounts without signing in. See docs/security.md.
 *
 *   create-user <name> --roles clinician,admin [--name "Dr A"] [--password-stdin] [--temporary]
 *   unlock <user>                          (lifts a lockout)
 *   reset-password <user> [--password-stdin]
 *   recover-key [--code <code>]            (or the code on standard input)
 */
import fs from 'node:fs';
import type { AdminCommand, CommandContext } from '../command';
import { BedsideError } from '../../services/errors';
import { RecordsService } from '../../services/records/recordsService';
import { DataFolderService } from '../../services/dataFolder';
import { FileKeyStore } from '../../services/records/keyStore';
import { keyId, keyIdFile } from '../../services/records/database';
import { AuthService } from '../../services/auth/authService';
import { SqliteAccountStore } from '../../services/auth/accountStore';
import { RecordsAuditSink } from '../../services/auth/recordsAuditSink';
import { readRecoveryBlob, recoveredMarker, recoveryFile, writeRecoveryBlob } from '../../services/auth/recoveryKey';
import { roleSchema, type Role } from '../../contract/channels/auth';

/** The actor the command line records in the audit trail. */
const CLI_ACTOR = 'system:cli';

/** Opens the record database and the accounts in it, runs `fn`, and closes them. */
async function withAccounts<T>(ctx: CommandContext, fn: (auth: AuthService, records: RecordsService) => Promise<T>): Promise<T> {
  const folder = new DataFolderService(ctx.paths, 'admin command');
  folder.boot();
  const keyStore = ctx.keyStore ?? new FileKeyStore(ctx.paths.keyFile);
  const records = new RecordsService({ databaseFile: ctx.paths.databaseFile, backupsDir: ctx.paths.backupsDir, keyStore });
  try {
    records.boot();
    const auth = new AuthService({
      store: new SqliteAccountStore(() => records.database),
      audit: new RecordsAuditSink(() => records.database),
      createRecoveryCode: () => writeRecoveryBlob(recoveryFile(ctx.paths.dataDir), keyStore.load()!),
    });
    await auth.boot();
    return await fn(auth, records);
  } finally {
    await records.shutdown();
    folder.shutdown();
  }
}

/** The first line of standard input (secrets are never taken from the command line). */
export function readStdinLine(): string {
  return (fs.readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

export const createUserCommand: AdminCommand = {
  name: 'create-user',
  usage: 'create-user <name> --roles <r1,r2> [--name "Full name"] [--password-stdin] [--temporary]',
  summary: 'Create an account (roles: clinician, nurse, admin); prints a temporary password unless one is given on stdin',
  options: {
    roles: { type: 'string', description: 'comma-separated: clinician, nurse, admin' },
    name: { type: 'string', description: 'the full name shown in Bedside (default: the user name)' },
    'password-stdin': { type: 'boolean', description: 'read the password from the first line of standard input' },
    temporary: { type: 'boolean', description: 'with --password-stdin: the password must be changed at first sign-in' },
  },
  positionals: [1, 1],
  run: async (_args, ctx) => {
    const username = ctx.positionals[0]!;
    const rolesArg = (ctx.values.roles as string | undefined) ?? '';
    const roles = rolesArg.split(',').map((r) => r.trim()).filter(Boolean);
    const bad = roles.filter((r) => !roleSchema.safeParse(r).success);
    if (!roles.length || bad.length) throw new BedsideError('invalid-input', `Give --roles as a comma-separated list of clinician, nurse, admin${bad.length ? ` ("${bad.join('", "')}" is not a role)` : ''}.`);
    const given = ctx.values['password-stdin'] ? readStdinLine() : undefined;
    const permanent = given !== undefined && !ctx.values.temporary;
    return withAccounts(ctx, async (auth) => {
      // The first account, whatever its roles, gets the recovery code; the file is written
      // before the account exists, so a failed write creates nothing and loses no code.
      const recoveryCode = auth.hasUsers() ? undefined : writeRecoveryBlob(recoveryFile(ctx.paths.dataDir), (ctx.keyStore ?? new FileKeyStore(ctx.paths.keyFile)).load()!);
      const { user, temporaryPassword } = await auth.createUser(CLI_ACTOR, {
        username,
        displayName: (ctx.values.name as string | undefined) ?? username,
        roles: roles as Role[],
        ...(given !== undefined ? { temporaryPassword: given } : {}),
        permanent,
      });
      ctx.out(`Created ${user.username} (${user.roles.join(', ')}).`);
      if (given === undefined) ctx.out(`Temporary password (shown once; it must be changed at first sign-in): ${temporaryPassword}`);
      else if (!permanent) ctx.out('The password must be changed at first sign-in.');
      if (recoveryCode) {
        ctx.out('');
        ctx.out(`Database recovery code (write it down and keep it safe; it is shown only now): ${recoveryCode}`);
        ctx.out('It restores access to the records if this computer loses its key ("recover-key" command).');
      }
      ctx.result({
        username: user.username,
        roles: user.roles,
        mustChangePassword: !permanent,
        ...(given === undefined ? { temporaryPassword } : {}),
        ...(recoveryCode ? { recoveryCode } : {}),
      });
      return 0;
    });
  },
};

export const recoverKeyCommand: AdminCommand = {
  name: 'recover-key',
  usage: 'recover-key [--code <recovery code>]',
  summary: 'Restore the database key with the recovery code written down at set-up (reads the code from stdin without --code)',
  options: { code: { type: 'string', description: 'the recovery code (else read from standard input)' } },
  run: async (_args, ctx) => {
    const code = (ctx.values.code as string | undefined) ?? readStdinLine();
    if (!code) throw new BedsideError('invalid-input', 'Give the recovery code with --code, or on standard input.');
    const key = readRecoveryBlob(recoveryFile(ctx.paths.dataDir), code);
    // The key id beside the database tells whether this key opens these records.
    const expected = fs.existsSync(keyIdFile(ctx.paths.databaseFile)) ? fs.readFileSync(keyIdFile(ctx.paths.databaseFile), 'utf8').trim() : null;
    if (expected && expected !== keyId(key)) {
      throw new BedsideError('wrong-key', 'The recovery code opened the recovery file, but that key does not belong to the records in this data folder (the records were replaced after set-up). Nothing was changed.');
    }
    new FileKeyStore(ctx.paths.keyFile).save(key);
    fs.writeFileSync(recoveredMarker(ctx.paths.keyFile), new Date().toISOString() + '\n', { mode: 0o600 });
    ctx.out(`The database key was restored to ${ctx.paths.keyFile} (readable only by you).`);
    ctx.out('Start Bedside: the desktop app moves the key back into the OS keychain and removes that file.');
    ctx.result({ keyFile: ctx.paths.keyFile });
    return 0;
  },
};

export const unlockCommand: AdminCommand = {
  name: 'unlock',
  usage: 'unlock <user>',
  summary: 'Lift the lockout of an account after too many wrong passwords (stop the running Bedside first)',
  options: {},
  positionals: [1, 1],
  run: async (_args, ctx) => {
    const username = ctx.positionals[0]!;
    return withAccounts(ctx, async (auth) => {
      if (!auth.unlockAccount(CLI_ACTOR, username)) throw new BedsideError('not-found', `There is no account called "${username.slice(0, 100)}". Nothing was changed.`);
      ctx.out(`The lockout of ${username} was lifted: they can sign in with their password now.`);
      ctx.result({ user: username, unlocked: true });
      return 0;
    });
  },
};

export const resetPasswordCommand: AdminCommand = {
  name: 'reset-password',
  usage: 'reset-password <user> [--password-stdin]',
  summary: 'Give an account a new temporary password (also lifts its lockout); prints it unless one is given on stdin',
  options: { 'password-stdin': { type: 'boolean', description: 'read the new temporary password from standard input (else one is made and printed once)' } },
  positionals: [1, 1],
  run: async (_args, ctx) => {
    const username = ctx.positionals[0]!;
    const given = ctx.values['password-stdin'] ? readStdinLine() : undefined;
    return withAccounts(ctx, async (auth) => {
      const user = auth.userByName(username);
      if (!user) throw new BedsideError('not-found', `There is no account called "${username.slice(0, 100)}". Nothing was changed.`);
      const { temporaryPassword } = await auth.resetPassword(CLI_ACTOR, { userId: user.id, ...(given !== undefined ? { temporaryPassword: given } : {}) });
      ctx.out(`${user.username} has a new temporary password; it must be changed at the next sign-in.`);
      if (given === undefined) ctx.out(`Temporary password (shown once): ${temporaryPassword}`);
      ctx.result({ user: user.username, ...(given === undefined ? { temporaryPassword } : {}) });
      return 0;
    });
  },
};
