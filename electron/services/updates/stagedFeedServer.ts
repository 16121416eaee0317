/**
 * Serves one staged, verified update folder on 127.0.0.1 for electron-updater's generic
 * provider (which fetches over HTTP). It serves only the files it was given, so
 * electron-updater reads exactly the bytes that were verified.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/** A running loopback feed. */
export interface StagedFeed {
  url: string;
  close(): Promise<void>;
}

/** Starts serving `files` (plain names) from `dir` on a free loopback port. */
export function serveStagedUpdate(dir: string, files: readonly string[]): Promise<StagedFeed> {
  const allowed = new Set(files);
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\//, ''));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !allowed.has(name)) {
      res.writeHead(404).end();
      return;
    }
    const file = path.join(dir, name);
    const size = fs.statSync(file).size;
    res.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
