/**
 * The browser host's transport: the same calls as the preload bridge, over a WebSocket to the
 * page's own origin. Requests made before the socket opens wait for it.
 */
import type { Result } from '../../../electron/contract';

type EventListener = (name: string, payload: unknown) => void;

/** A reconnecting JSON-over-WebSocket caller. */
export class WsTransport {
  private socket: WebSocket | null = null;
  private opening: Promise<WebSocket> | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly url: string) {}

  /** Sends one call and resolves with its result (never rejects). */
  async call(channel: string, input: unknown): Promise<Result<unknown>> {
    let socket: WebSocket;
    try {
      socket = await this.open();
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'Bedside is not reachable. Check that the Bedside host is running, then try again.' } };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      socket.send(JSON.stringify({ id, channel, input }));
    });
  }

  /** Subscribes to pushed events. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    void this.open().catch(() => undefined);
    return () => this.listeners.delete(listener);
  }

  private open(): Promise<WebSocket> {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) return Promise.resolve(this.socket);
    this.opening ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(this.url);
      ws.onopen = () => {
        this.socket = ws;
        this.opening = null;
        resolve(ws);
      };
      ws.onerror = () => {
        this.opening = null;
        reject(new Error('connection failed'));
      };
      ws.onclose = () => {
        this.socket = null;
        for (const [id, done] of this.pending) {
          done({ ok: false, error: { code: 'unavailable', message: 'The connection to Bedside was lost before it answered. Nothing was lost on the host; try again.' } });
          this.pending.delete(id);
        }
      };
      ws.onmessage = (m) => this.receive(String(m.data));
    });
    return this.opening;
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { kind: string; id?: number; result?: Result<unknown>; name?: string; payload?: unknown };
    if (message.kind === 'result' && typeof message.id === 'number') {
      this.pending.get(message.id)?.(message.result as Result<unknown>);
      this.pending.delete(message.id);
    } else if (message.kind === 'event' && message.name) {
      for (const l of this.listeners) l(message.name, message.payload);
    }
  }
}
