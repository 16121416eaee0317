/**
 * The browser host: serves the built renderer and the contract over HTTP + WebSocket on
 * 127.0.0.1, running the same services and the same validation as the desktop app.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Bedside } from '../app/createBedside';
import { MAX_WIRE_MESSAGE_BYTES, type WireMessage, type WireRequest } from '../ipc/wireProtocol';
import { rendererCsp } from './contentSecurity';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface BrowserHostOptions {
  port: number;
  host: string;
  rendererDir: string;
}

export interface RunningBrowserHost {
  url: string;
  origin: string;
  close: () => Promise<void>;
}

/** The origins a page served by this host can have. */
export function allowedOrigins(host: string, port: number): string[] {
  const names = host === '127.0.0.1' || host === 'localhost' ? ['127.0.0.1', 'localhost'] : [host];
  return names.map((n) => `http://${n}:${port}`);
}

/** Starts serving; resolves once the port is bound. */
export async function startBrowserHost(bedside: Bedside, options: BrowserHostOptions, trustedOrigins: Set<string>): Promise<RunningBrowserHost> {
  const server = http.createServer((req, res) => serveStatic(req, res, options.rendererDir, trustedOrigins));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE_BYTES });
  let nextConnection = 1;

  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin ?? '';
    if (req.url !== '/contract' || !trustedOrigins.has(origin)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, origin, `ws-${nextConnection++}`));
  });

  const attach = (ws: WebSocket, origin: string, connectionId: string): void => {
    const send = (m: WireMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    const unsubscribe = bedside.events.subscribe((name, payload) => send({ kind: 'event', name, payload }));
    ws.on('close', unsubscribe);
    ws.on('message', async (data, isBinary) => {
      let request: WireRequest;
      try {
        if (isBinary) throw new Error('binary');
        request = JSON.parse(data.toString()) as WireRequest;
        if (typeof request !== 'object' || request === null || typeof request.id !== 'number') throw new Error('shape');
      } catch {
        send({ kind: 'result', id: -1, result: { ok: false, error: { code: 'invalid-input', message: 'The message was not a Bedside request; it was ignored.' } } });
        return;
      }
      const result = await bedside.router.invoke({ transport: 'ws', senderUrl: origin, connectionId }, request.channel, request.input);
      send({ kind: 'result', id: request.id, result });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  for (const o of allowedOrigins(options.host, port)) trustedOrigins.add(o);
  const origin = `http://${options.host}:${port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, rendererDir: string, trustedOrigins: Set<string>): void {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://host');
  let rel = decodeURIComponent(url.pathname);
  if (rel === '/' || !path.extname(rel)) rel = '/index.html';
  const file = path.resolve(rendererDir, `.${rel}`);
  if (!file.startsWith(path.resolve(rendererDir) + path.sep)) {
    res.writeHead(404, headers).end();
    return;
  }
  fs.readFile(file, (err, body) => {
    if (err) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(
        rel === '/index.html' ? 'The Bedside screens have not been built. Run "npm run build" first.' : 'Not found',
      );
      return;
    }
    const wsOrigins = [...trustedOrigins].map((o) => o.replace(/^http/, 'ws')).join(' ');
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': rendererCsp({ wsOrigin: wsOrigins }),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}
