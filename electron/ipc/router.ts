/**
 * The one way a handler is installed. `Router.handle` registers an implementation for a
 * declared channel; `Router.invoke` checks the sender, then the session and the permission
 * table (`authorise`), then the payload, then the input schema, runs the handler, checks its
 * output, and turns every failure into `{ ok: false, error }` with a message a user can read.
 * Both transports call `invoke`; nothing calls a handler directly.
 */
import type { z } from 'zod';
import type { ChannelSpec, ContractShape, Result, ContractError } from '../contract/define';
import { BedsideError, isBedsideError } from '../services/errors';
import { assertSafePayload, jsonSizeExceeds } from './payloadGuards';

/** Who sent a request, as the transport saw it. */
export interface CallContext {
  transport: 'ipc' | 'ws' | 'cli';
  /** The sending frame's URL (IPC) or the page origin (WebSocket). */
  senderUrl: string;
  /** Whether the message came from the window's top frame (IPC only). */
  isMainFrame?: boolean;
  /** Connection id, for per-connection state (IPC: the webContents id; WebSocket: the connection). */
  connectionId?: string;
  /** The client's network address as the socket saw it (browser host only): first-run set-up and the lockout treat this computer differently. */
  clientAddress?: string;
  /** Who is calling, set by the router's permission check (never by a transport). */
  actor?: CallActor;
}

/** The signed-in user (or the trusted local command line) a call runs as. */
export interface CallActor {
  /** `user:<name>` or `system:cli`: what the audit trail records. */
  name: string;
  userId: string | null;
  username: string | null;
  roles: readonly string[];
  sessionId: string | null;
}

/**
 * The permission check: returns the context with its actor, or throws a BedsideError
 * ('unauthenticated', 'forbidden', 'locked', 'password-change-required').
 */
export type Authorise = (ctx: CallContext, channel: string) => CallContext | Promise<CallContext>;

/** Decides whether a sender may talk to the contract at all. */
export type SenderPolicy = (ctx: CallContext) => boolean;

type Handler<S extends ChannelSpec> = (input: z.output<S['input']>, ctx: CallContext) => Promise<z.input<S['output']>> | z.input<S['output']>;

/** The implementations of every channel of a contract, grouped like the contract. */
export type HandlersOf<C extends ContractShape> = {
  [F in keyof C]: { [M in keyof C[F]]: Handler<C[F][M]> };
};

const DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;

export interface RouterOptions {
  isTrustedSender: SenderPolicy;
  /** Session and permission check, run after the sender check and before the input is read. */
  authorise?: Authorise;
  /** Called with errors that were not written for users (bugs), for the log. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
  /** Called after every call with its channel, outcome ('ok' or the error code) and duration, for the log. */
  onCall?: (channel: string, outcome: string, ms: number) => void;
}

/** Validating dispatcher shared by the Electron IPC bridge and the browser host. */
export class Router<C extends ContractShape> {
  private readonly handlers = new Map<string, Handler<ChannelSpec>>();
  private readonly specs = new Map<string, ChannelSpec>();

  constructor(
    readonly contract: C,
    private readonly options: RouterOptions,
  ) {
    for (const [feature, channels] of Object.entries(contract)) {
      for (const [method, spec] of Object.entries(channels)) this.specs.set(`${feature}.${method}`, spec);
    }
  }

  /** Installs the handler of one declared channel. */
  handle<F extends keyof C & string, M extends keyof C[F] & string>(feature: F, method: M, handler: Handler<C[F][M]>): void {
    const name = `${feature}.${method}`;
    if (!this.specs.has(name)) throw new Error(`Channel ${name} is not declared in the contract`);
    if (this.handlers.has(name)) throw new Error(`Channel ${name} already has a handler`);
    this.handlers.set(name, handler as unknown as Handler<ChannelSpec>);
  }

  /** Installs handlers for a whole group of features at once. */
  handleAll(handlers: Partial<HandlersOf<C>>): void {
    for (const [feature, methods] of Object.entries(handlers) as [string, Record<string, unknown>][]) {
      for (const [method, handler] of Object.entries(methods)) {
        this.handle(feature as keyof C & string, method as never, handler as never);
      }
    }
  }

  /** Every declared channel name. */
  channelNames(): string[] {
    return [...this.specs.keys()];
  }

  /** Declared channels that have no handler yet (a startup check). */
  unhandledChannels(): string[] {
    return this.channelNames().filter((n) => !this.handlers.has(n));
  }

  private reportUnexpected(channel: string, error: unknown): void {
    try {
      this.options.onUnexpectedError?.(channel, error);
    } catch {
      // A failing logger must not turn a refusal into a crash.
    }
  }

  /** Validates and runs one call; never throws. */
  async invoke(ctx: CallContext, channel: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!this.options.onCall) return this.run(ctx, channel, rawInput);
    const started = performance.now();
    const result = await this.run(ctx, channel, rawInput);
    this.options.onCall(typeof channel === 'string' && this.specs.has(channel) ? channel : '(unknown channel)', result.ok ? 'ok' : result.error.code, performance.now() - started);
    return result;
  }

  private async run(ctx: CallContext, channel: unknown, rawInput: unknown): Promise<Result<unknown>> {
    try {
      if (!this.options.isTrustedSender(ctx)) {
        throw new BedsideError('forbidden-sender', 'This request did not come from the Bedside window, so it was refused.');
      }
      if (typeof channel !== 'string' || !this.specs.has(channel)) {
        throw new BedsideError('not-found', `There is no Bedside feature called "${describeChannel(channel)}".`);
      }
      const spec = this.specs.get(channel)!;
      // A transport never supplies the actor; only the permission check sets it.
      const { actor: _untrusted, ...transportCtx } = ctx;
      let callCtx: CallContext = transportCtx;
      if (this.options.authorise) callCtx = await this.options.authorise(callCtx, channel);
      const handler = this.handlers.get(channel);
      if (!handler) throw new BedsideError('unavailable', 'This feature is not available in this version of Bedside.');
      if (jsonSizeExceeds(rawInput, spec.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES)) {
        throw new BedsideError('too-large', 'The request is larger than this feature accepts; it was refused and nothing changed.');
      }
      assertSafePayload(rawInput);
      const parsed = spec.input.safeParse(rawInput);
      if (!parsed.success) return { ok: false, error: invalidInput(parsed.error.issues) };
      const output = await handler(parsed.data, callCtx);
      const checked = spec.output.safeParse(output);
      if (!checked.success) {
        this.reportUnexpected(channel, checked.error);
        throw new BedsideError('internal', 'Bedside produced an answer it could not check, so it was not shown. Nothing was changed by this request. Please report this to your administrator.');
      }
      return { ok: true, value: checked.data };
    } catch (e) {
      // Nothing in here may throw again: a rejection from invoke would escape every transport.
      return { ok: false, error: toContractError(e, (err) => this.reportUnexpected(describeChannel(channel), err)) };
    }
  }
}

/** A channel name fit for a message or the log, whatever a client sent (never throws: `{toString: 1}` must not escape). */
export function describeChannel(channel: unknown): string {
  if (typeof channel === 'string') return channel.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  return `(not a name: ${channel === null ? 'null' : typeof channel})`;
}

function invalidInput(issues: readonly z.core.$ZodIssue[]): ContractError {
  const list = issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || '(request)', message: i.message }));
  const first = list[0];
  return {
    code: 'invalid-input',
    message: `The request was not valid${first ? ` (${first.path}: ${first.message})` : ''}; nothing was changed.`,
    issues: list,
  };
}

/** Maps any thrown value to the contract's error; unexpected errors get a generic message. */
export function toContractError(e: unknown, onUnexpected?: (e: unknown) => void): ContractError {
  if (isBedsideError(e)) return { code: e.code, message: e.message };
  onUnexpected?.(e);
  return {
    code: 'internal',
    message: 'Something went wrong inside Bedside. Nothing was changed by this request. If it happens again, tell your administrator (details are in the log).',
  };
}
