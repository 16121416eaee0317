/** A minimal WebSocket client speaking the browser host's wire protocol, for tests. */
import WebSocket from 'ws';
import type { Result } from '../../electron/contract';

export interface WsTestClient {
  call: (channel: string, input: unknown) => Promise<Result<unknown>>;
  sendRaw: (text: string) => void;
  close: () => void;
}

/** Connects with the given Origin header; rejects when the host refuses the upgrade. */
export function connectWs(url: string, origin: string): Promise<WsTestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    const pending = new Map<number, (r: Result<unknown>) => void>();
    let nextId = 1;
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { kind: string; id: number; result: Result<unknown> };
      if (m.kind === 'result') {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      }
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
      }),
    );
  });
}
