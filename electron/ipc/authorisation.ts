/**
 * The router's permission step: finds the session bound to the calling connection, applies
 * the permission table, audits every refusal (who, what, when) and gives the handler its actor.
 */
import type { AuthService } from '../services/auth/authService';
import type { SecurityAuditSink } from '../services/auth/securityAudit';
import { BedsideError } from '../services/errors';
import { ROLES } from '../contract/channels/auth';
import { decide, permissionOf, type CallerState } from './permissions';
import type { Authorise, CallContext } from './router';
import type { RefusalTally } from './refusalTally';

/** The key a transport binds a session to: `ipc:<webContents id>` or `ws:<connection id>`; null when there is none. */
export function connectionKey(ctx: CallContext): string | null {
  if ((ctx.transport !== 'ipc' && ctx.transport !== 'ws') || !ctx.connectionId) return null;
  return `${ctx.transport}:${ctx.connectionId}`;
}

/** The actor name of the local admin command line (and in-process tests): the OS user who owns the data folder. */
export const CLI_ACTOR = 'system:cli';

/** Builds the router's `authorise` step; refusals of callers without a session go to `tally` (aggregated) when given. */
export function createAuthoriser(auth: AuthService, audit: SecurityAuditSink, tally?: RefusalTally): Authorise {
  return (ctx, channel) => {
    const permission = permissionOf(channel);
    // The 'cli' context is never produced by a transport: only code inside this process (the admin
    // command line, tests) builds it, and both sender policies of the app refuse it.
    if (ctx.transport === 'cli') {
      if (!permission) throw deny(audit, CLI_ACTOR, channel, decide(permission, 'active', ROLES));
      return { ...ctx, actor: { name: CLI_ACTOR, userId: null, username: null, roles: [...ROLES], sessionId: null } };
    }
    const key = connectionKey(ctx);
    const session = key ? auth.sessionFor(key) : null;
    const state: CallerState = session ? session.state : 'signed-out';
    const decision = decide(permission, state, session?.roles ?? []);
    const actorName = session ? `user:${session.username}` : `anonymous:${key ?? ctx.transport}`;
    if (!decision.allow && !session && tally) {
      tally.add(`${channel} ${decision.code}`);
      throw new BedsideError(decision.code, decision.message);
    }
    if (!decision.allow) throw deny(audit, actorName, channel, decision, session?.id);
    if (session && key && !permission!.passive) auth.touch(key);
    return { ...ctx, actor: session ? { name: actorName, userId: session.userId, username: session.username, roles: session.roles, sessionId: session.id } : undefined };
  };
}

function deny(audit: SecurityAuditSink, actor: string, channel: string, decision: ReturnType<typeof decide>, sessionId?: string): BedsideError {
  const d = decision as Extract<typeof decision, { allow: false }>;
  try {
    audit.record({ actor, action: 'access-denied', target: channel, detail: `${d.code}${sessionId ? ` (session ${sessionId})` : ''}` });
  } catch {
    // A failing audit write must not turn a refusal into an internal error; the refusal stands.
  }
  return new BedsideError(d.code, d.message);
}
