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
import { argValue } from '../../services/paths';
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
  const keyStore = new FileKeyStore(ctx.paths.keyFile);
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

function readStdinLine(): string {
  return (fs.readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '').trimEnd();
}

/** The value after a flag, or the first positional argument. */
function positional(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.startsWith('--')) {
      if (!args[i]!.includes('=') && !['--password-stdin', '--temporary'].includes(args[i]!)) i++;
      continue;
    }
    return args[i];
  }
  return undefined;
}

export const createUserCommand: AdminCommand = {
  name: 'create-user',
  usage: 'create-user <name> --roles <r1,r2> [--name "Full name"] [--password-stdin] [--temporary]',
  summary: 'Create an account (roles: clinician, nurse, admin); prints a temporary password unless one is given on stdin',
  run: async (args, ctx) => {
    const username = positional(args);
    if (!username) throw new BedsideError('invalid-input', 'Give the user name: create-user <name> --roles clinician');
    const rolesArg = argValue(args, 'roles') ?? '';
    const roles = rolesArg.split(',').map((r) => r.trim()).filter(Boolean);
    const bad = roles.filter((r) => !roleSchema.safeParse(r).success);
    if (!roles.length || bad.length) throw new BedsideError('invalid-input', `Give --roles as a comma-separated list of clinician, nurse, admin${bad.length ? ` ("${bad.join('", "')}" is not a role)` : ''}.`);
    const given = args.includes('--password-stdin') ? readStdinLine() : undefined;
    const permanent = given !== undefined && !args.includes('--temporary');
    return withAccounts(ctx, async (auth) => {
      const first = !auth.hasUsers();
      const { user, temporaryPassword } = await auth.createUser(CLI_ACTOR, {
        username,
        displayName: argValue(args, 'name') ?? username,
        roles: roles as Role[],
        ...(given !== undefined ? { temporaryPassword: given } : {}),
        permanent,
      });
      ctx.out(`Created ${user.username} (${user.roles.join(', ')}).`);
      if (given === undefined) ctx.out(`Temporary password (shown once; it must be changed at first sign-in): ${temporaryPassword}`);
      else if (!permanent) ctx.out('The password must be changed at first sign-in.');
      if (first && user.roles.includes('admin')) {
        const code = writeRecoveryBlob(recoveryFile(ctx.paths.dataDir), new FileKeyStore(ctx.paths.keyFile).load()!);
        ctx.out('');
        ctx.out(`Database recovery code (write it down and keep it safe; it is shown only now): ${code}`);
        ctx.out('It restores access to the records if this computer loses its key ("npm run admin -- recover-key").');
      }
      return 0;
    });
  },
};

export const recoverKeyCommand: AdminCommand = {
  name: 'recover-key',
  usage: 'recover-key [--code <recovery code>]',
  summary: 'Restore the database key with the recovery code written down at set-up (reads the code from stdin without --code)',
  run: async (args, ctx) => {
    const code = argValue(args, 'code') ?? readStdinLine();
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
    return 0;
  },
};

export const unlockCommand: AdminCommand = {
  name: 'unlock',
  usage: 'unlock <user>',
  summary: 'Lift the lockout of an account after too many wrong passwords (stop the running Bedside first)',
  run: async (args, ctx) => {
    const username = positional(args);
    if (!username) throw new BedsideError('invalid-input', 'Give the user name: unlock <user>');
    return withAccounts(ctx, async (auth) => {
      if (!auth.unlockAccount(CLI_ACTOR, username)) throw new BedsideError('not-found', `There is no account called "${username.slice(0, 100)}". Nothing was changed.`);
      ctx.out(`The lockout of ${username} was lifted: they can sign in with their password now.`);
      return 0;
    });
  },
};

export const resetPasswordCommand: AdminCommand = {
  name: 'reset-password',
  usage: 'reset-password <user> [--password-stdin]',
  summary: 'Give an account a new temporary password (also lifts its lockout); prints it unless one is given on stdin',
  run: async (args, ctx) => {
    const username = positional(args);
    if (!username) throw new BedsideError('invalid-input', 'Give the user name: reset-password <user>');
    const given = args.includes('--password-stdin') ? readStdinLine() : undefined;
    return withAccounts(ctx, async (auth) => {
      const user = auth.userByName(username);
      if (!user) throw new BedsideError('not-found', `There is no account called "${username.slice(0, 100)}". Nothing was changed.`);
      const { temporaryPassword } = await auth.resetPassword(CLI_ACTOR, { userId: user.id, ...(given !== undefined ? { temporaryPassword: given } : {}) });
      ctx.out(`${user.username} has a new temporary password; it must be changed at the next sign-in.`);
      if (given === undefined) ctx.out(`Temporary password (shown once): ${temporaryPassword}`);
      return 0;
    });
  },
};
