// Browser host under attack: `npm run bench -- host`. Starts the built host (dist/, one
// process, no supervisor) on a fresh data folder and measures, from outside, what issue #12's
// attacks cost it: the memory high-water mark (VmHWM, Linux) while four 120 MB frames are sent
// without signing in, and how long it takes to refuse a flood of anonymous calls and connections.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-bench-host-'));

function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

function frame(opcode, payload, declared = payload.length) {
  const head = [0x80 | opcode];
  if (declared < 126) head.push(0x80 | declared);
  else if (declared < 65536) head.push(0x80 | 126, declared >> 8, declared & 0xff);
  else {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(declared));
    head.push(0x80 | 127, ...b);
  }
  return Buffer.concat([Buffer.from(head), Buffer.alloc(4), payload]);
}

function upgrade(port) {
  return `GET /contract HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:${port}\r\n\r\n`;
}

/** Opens a WebSocket, writes `body` (a Buffer, or a function writing it), resolves when the host closes the socket. */
function attack(port, write) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = Buffer.alloc(0);
    s.on('data', (d) => (got = Buffer.concat([got, d]).subarray(-65536)));
    s.on('error', () => undefined);
    s.on('close', () => resolve(got));
    s.once('connect', () => {
      s.write(upgrade(port));
      write(s);
    });
  });
}

const child = spawn(process.execPath, [path.join(root, 'dist', 'electron', 'server', 'serve.js'), '--no-supervisor', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, BEDSIDE_DATA_DIR: dataDir } });
let out = '';
const port = await new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`host did not start: ${out}`)), 60_000);
  const on = (d) => {
    out += d;
    const m = /serving at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
    if (m) {
      clearTimeout(t);
      resolve(Number(m[1]));
    }
  };
  child.stdout.on('data', on);
  child.stderr.on('data', on);
});
await new Promise((r) => setTimeout(r, 1000));
const idle = memory(child.pid);

// 1. Four frames announcing 120 MB each, sent in full, without signing in.
const chunk = Buffer.alloc(1024 * 1024, 0x61);
let t0 = performance.now();
const refusedAt = [];
await Promise.all(
  Array.from({ length: 4 }, () =>
    attack(port, (s) => {
      s.write(frame(0x1, Buffer.alloc(0), 120 * 1024 * 1024));
      let sent = 0;
      const pump = () => {
        while (sent < 120 && s.writable && s.write(chunk)) sent++;
        if (sent < 120 && s.writable) s.once('drain', pump);
      };
      pump();
    }).then(() => refusedAt.push(performance.now() - t0)),
  ),
);
const afterFrames = memory(child.pid);

// 2. A flood of 3,000 anonymous calls on 60 connections (50 each), and 400 connections at once.
t0 = performance.now();
let answered = 0;
let lastAnswerMs = 0;
await Promise.all(
  Array.from({ length: 60 }, () =>
    attack(port, (s) => {
      const calls = Buffer.concat(Array.from({ length: 50 }, (_, i) => frame(0x1, Buffer.from(JSON.stringify({ id: i + 1, channel: 'records.chart', input: { patientId: 'p1' } })))));
      s.write(calls);
      s.on('data', (d) => {
        answered += (d.toString('latin1').match(/"kind":"result"/g) ?? []).length;
        lastAnswerMs = performance.now() - t0;
      });
      setTimeout(() => s.end(), 1500);
    }),
  ),
);
const floodMs = lastAnswerMs;
t0 = performance.now();
const statuses = await Promise.all(Array.from({ length: 400 }, () => attack(port, (s) => setTimeout(() => s.end(), 2000)).then((b) => b.subarray(9, 12).toString())));
const connectMs = performance.now() - t0;
const afterFlood = memory(child.pid);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
fs.rmSync(dataDir, { recursive: true, force: true });

const result = {
  idleRssMB: +idle.rssMB.toFixed(1),
  oversizedFrames: { frames: 4, declaredMB: 120, refusedWithinMs: Math.round(Math.max(...refusedAt)), hwmMB: +afterFrames.hwmMB.toFixed(1), rssAfterMB: +afterFrames.rssMB.toFixed(1) },
  anonymousFlood: { calls: 3000, connections: 60, answered, ms: Math.round(floodMs) },
  connectionFlood: { attempts: 400, accepted101: statuses.filter((s) => s === '101').length, refused503: statuses.filter((s) => s === '503').length, ms: Math.round(connectMs) },
  hwmAfterAllMB: +afterFlood.hwmMB.toFixed(1),
};
console.log('attack                         figure');
console.log(`idle                           RSS ${result.idleRssMB} MB`);
console.log(`4 × 120 MB frames, signed out  refused within ${result.oversizedFrames.refusedWithinMs} ms; high-water ${result.oversizedFrames.hwmMB} MB; RSS after ${result.oversizedFrames.rssAfterMB} MB`);
console.log(`3,000 anonymous calls          ${answered} answered (refusals; the rest closed with 1008), last answer after ${result.anonymousFlood.ms} ms`);
console.log(`400 connections at once        ${result.connectionFlood.accepted101} accepted, ${result.connectionFlood.refused503} refused (503) in ${result.connectionFlood.ms} ms`);
console.log(`BENCH ${JSON.stringify(result)}`);
