import { isLoopback } from '../ipc/localCaller';

export { isLoopback };

/**
 * The key a client is counted under by the per-client limits: its address, with the whole
 * loopback range (127.0.0.0/8, ::1, ::ffff:127.x) as one client, so rotating 127.0.0.x source
 * addresses does not buy more attempts.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  if (isLoopback(address)) return 'loopback';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
