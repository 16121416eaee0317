/**
 * Whether a call comes from this computer itself: the desktop app's window (IPC) or a browser
 * on the loopback interface. The first administrator can be created only from here (or with
 * the set-up code `serve` prints), and a correct password from here passes an account lockout.
 */
import type { CallContext } from './router';

/** Whether a host name or address stays on this computer (IPv4-mapped loopback included). */
export function isLoopback(host: string): boolean {
  const h = host.startsWith('::ffff:') ? host.slice(7) : host;
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Whether the caller is on this computer (IPC, or a WebSocket from a loopback address). */
export function isLocalCaller(ctx: CallContext): boolean {
  if (ctx.transport === 'ipc' || ctx.transport === 'cli') return true;
  return ctx.transport === 'ws' && typeof ctx.clientAddress === 'string' && isLoopback(ctx.clientAddress);
}
