/**
 * Raw bytes to a live browser host, as an attacker would send them: plain or TLS sockets,
 * hand-built HTTP requests and WebSocket frames (RFC 6455 §5.2), and what came back.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';

/** Where the host listens. */
export interface HostAddress {
  port: number;
  /** The certificate to trust for a TLS host (undefined: plain TCP). */
  ca?: string;
}

function connect(addr: HostAddress): net.Socket {
  return addr.ca ? tls.connect({ host: '127.0.0.1', port: addr.port, ca: addr.ca, servername: 'localhost', rejectUnauthorized: false }) : net.connect(addr.port, '127.0.0.1');
}

/** Sends `bytes` (in one write, or in the given pieces), then collects the answer until the host closes or `waitMs` pass. */
export function exchange(addr: HostAddress, bytes: Buffer | string | (Buffer | string)[], waitMs = 400): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = connect(addr);
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(Buffer.concat(chunks));
    };
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.once(addr.ca ? 'secureConnect' : 'connect', () => {
      for (const piece of Array.isArray(bytes) ? bytes : [bytes]) socket.write(piece);
      setTimeout(finish, waitMs);
    });
  });
}

/** The status code of the first HTTP response in `raw`, or 0 when there was none. */
export function statusOf(raw: Buffer): number {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(raw.subarray(0, 20).toString('latin1'));
  return m ? Number(m[1]) : 0;
}

/** One client-to-server WebSocket frame (masked, as clients must). */
export function wsFrame(opcode: number, payload: Buffer, options: { fin?: boolean; mask?: boolean; declaredLength?: number } = {}): Buffer {
  const fin = options.fin ?? true;
  const mask = options.mask ?? true;
  const len = options.declaredLength ?? payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | opcode];
  const m = mask ? 0x80 : 0;
  if (len < 126) head.push(m | len);
  else if (len < 65536) head.push(m | 126, len >> 8, len & 0xff);
  else {
    head.push(m | 127);
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(len));
    head.push(...b);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((x, i) => x ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), key, body]);
}

/** The upgrade request of a WebSocket to `/contract` with the page's Origin. */
export function upgradeRequest(hostHeader: string, origin: string, target = '/contract'): string {
  return `GET ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nOrigin: ${origin}\r\n\r\n`;
}

/** The server's frames after the 101 answer (unmasked, unfragmented: what the host sends). */
function framesOf(raw: Buffer): { opcode: number; payload: Buffer }[] {
  const end = raw.indexOf('\r\n\r\n');
  const out: { opcode: number; payload: Buffer }[] = [];
  if (end < 0) return out;
  let off = end + 4;
  while (off + 2 <= raw.length) {
    const opcode = raw[off]! & 0x0f;
    let len = raw[off + 1]! & 0x7f;
    let p = off + 2;
    if (len === 126) {
      len = raw.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      len = Number(raw.readBigUInt64BE(p));
      p += 8;
    }
    out.push({ opcode, payload: raw.subarray(p, p + len) });
    off = p + len;
  }
  return out;
}

/** The close code in the first close frame the server sent after the 101 answer, or null. */
export function closeCodeOf(raw: Buffer): number | null {
  const close = framesOf(raw).find((f) => f.opcode === 0x8);
  if (!close) return null;
  return close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 1005;
}

/** Text payloads of the server's frames after the 101 answer. */
export function textFramesOf(raw: Buffer): string[] {
  return framesOf(raw).filter((f) => f.opcode === 0x1).map((f) => f.payload.toString('utf8'));
}
