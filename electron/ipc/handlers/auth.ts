/** Handlers of the `auth` channels: the calling connection's session, and accounts for administrators. */
import type { BedsideContract } from '../../contract';
import type { CallContext, HandlersOf } from '../router';
import type { AuthService } from '../../services/auth/authService';
import { BedsideError } from '../../services/errors';
import { connectionKey } from '../authorisation';
import { isLocalCaller } from '../localCaller';

function requireConnection(ctx: CallContext): string {
  const key = connectionKey(ctx);
  if (!key) throw new BedsideError('unsupported', 'Sessions belong to a Bedside window or browser tab; this caller has none. Nothing was changed.');
  return key;
}

function actorName(ctx: CallContext): string {
  return ctx.actor?.name ?? `anonymous:${connectionKey(ctx) ?? ctx.transport}`;
}

/** The `auth` feature. */
export function authHandlers(auth: AuthService): HandlersOf<Pick<BedsideContract, 'auth'>>['auth'] {
  return {
    status: (_input, ctx) => auth.status(connectionKey(ctx) ?? 'none:'),
    setupAdmin: (input, ctx) => auth.setupAdmin(actorName(ctx), input, { local: isLocalCaller(ctx) }),
    signIn: (input, ctx) => auth.signIn(requireConnection(ctx), input.username, input.password, { local: isLocalCaller(ctx) }),
    signOut: (_input, ctx) => auth.signOut(requireConnection(ctx)),
    lock: (_input, ctx) => auth.lock(requireConnection(ctx)),
    unlock: (input, ctx) => auth.unlock(requireConnection(ctx), input.password, { local: isLocalCaller(ctx) }),
    changePassword: (input, ctx) => auth.changePassword(requireConnection(ctx), input.currentPassword, input.newPassword),
    listUsers: () => ({ users: auth.listUsers() }),
    createUser: (input, ctx) => auth.createUser(actorName(ctx), input),
    updateUser: (input, ctx) => auth.updateUser(actorName(ctx), input),
    resetPassword: (input, ctx) => auth.resetPassword(actorName(ctx), input),
  };
}
