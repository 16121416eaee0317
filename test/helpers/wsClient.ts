/** A minimal WebSocket client speaking the browser host's wire protocol, for tests. */
import WebSocket from 'ws';
import type { Result } from '../../electron/contract';

export interface WsTestClient {
  call: (channel: string, input: unknown) => Promise<Result<unknown>>;
  sendRaw: (text: string) => void;
  close: () => void;
  /** Events received so far. */
  events: { name: string; payload: unknown }[];
}

/** A browser session: the HttpOnly cookie (`name=value`) and its CSRF token. */
export interface WsSession {
  cookie: string;
  csrf: string;
}

let defaultSession: WsSession | null = null;

/** Makes later connections of this test file start with this session (the harness signs in once). */
export function useWsSession(session: WsSession | null): void {
  defaultSession = session;
}

/**
 * Connects with the given Origin header (and the default session unless `session` is given;
 * `null` connects signed out); rejects when the host refuses the upgrade.
 */
export function connectWs(url: string, origin: string, session: WsSession | null | undefined = undefined, options: { ca?: string } = {}): Promise<WsTestClient> {
  const s = session === undefined ? defaultSession : session;
  const target = s ? `${url}${url.includes('?') ? '&' : '?'}csrf=${encodeURIComponent(s.csrf)}` : url;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, { origin, headers: s ? { Cookie: s.cookie } : {}, ...(options.ca ? { ca: options.ca } : {}) });
    const pending = new Map<number, (r: Result<unknown>) => void>();
    const events: { name: string; payload: unknown }[] = [];
    let nextId = 1;
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { kind: string; id: number; result: Result<unknown>; name: string; payload: unknown };
      if (m.kind === 'result') {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      } else if (m.kind === 'event') events.push({ name: m.name, payload: m.payload });
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        call: (channel, input) =>
          new Promise((done) => {
            const id = nextId++;
            pending.set(id, done);
            ws.send(JSON.stringify({ id, channel, input }));
          }),
        sendRaw: (text) => ws.send(text),
        close: () => ws.close(),
        events,
      }),
    );
  });
}

/** Signs in over HTTP (`POST /auth/session`) and returns the cookie and CSRF token. */
export async function httpSignIn(origin: string, username: string, password: string): Promise<WsSession> {
  const res = await fetch(`${origin}/auth/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { ok: boolean; csrfToken?: string; error?: { message: string } };
  if (!res.ok || !body.csrfToken) throw new Error(`sign-in failed (${res.status}): ${body.error?.message ?? ''}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie, csrf: body.csrfToken };
}
