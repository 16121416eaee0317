/**
 * Which names the browser host answers to. A page's `Host` and `Origin` must name this host
 * exactly (DNS rebinding and foreign pages get nothing), so network mode needs the names the
 * workstations type: `--public-name bedside.clinic.lan,192.168.10.5,fd00::5`.
 */
import net from 'node:net';
import { BedsideError } from '../services/errors';
import { isLoopback } from './loopback';

/** Addresses that bind every interface: they need `--public-name`. */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * One name as it appears in a Host header or an Origin: lowercase, IPv6 literals in brackets
 * and in the shortest form (as browsers write them). Throws for anything that is not a host name or IP.
 */
export function canonicalHostName(name: string): string {
  const raw = name.trim().replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (net.isIPv6(raw)) return new URL(`http://[${raw}]/`).hostname;
  if (net.isIPv4(raw)) return raw;
  if (/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(raw)) return raw;
  throw new BedsideError('invalid-input', `"${name.slice(0, 100)}" is not a host name or IP address. Give --public-name as the names or addresses the workstations use, separated by commas (for example bedside.clinic.lan,192.168.10.5).`);
}

/** Splits and checks a `--public-name` value. */
export function parsePublicNames(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(',').map((n) => n.trim()).filter(Boolean).map(canonicalHostName))];
}

/** The host names this host answers to: the bound address (unless it is a wildcard), the public names, and the loopback names when this computer can reach it. */
export function servedNames(host: string, publicNames: readonly string[] = []): string[] {
  const names = new Set<string>();
  if (isLoopback(host) || isWildcard(host)) for (const n of ['127.0.0.1', 'localhost', '[::1]']) names.add(n);
  if (!isWildcard(host)) names.add(canonicalHostName(host));
  for (const n of publicNames) names.add(canonicalHostName(n));
  return [...names];
}

/** The `Host` header values accepted (with the port, and without it on the scheme's default port). */
export function acceptedHosts(names: readonly string[], port: number, scheme: 'http' | 'https'): Set<string> {
  const hosts = new Set<string>();
  const defaultPort = scheme === 'https' ? 443 : 80;
  for (const n of names) {
    hosts.add(`${n}:${port}`);
    if (port === defaultPort) hosts.add(n);
  }
  return hosts;
}

/** The origins a page served by this host can have. */
export function acceptedOrigins(names: readonly string[], port: number, scheme: 'http' | 'https'): string[] {
  const defaultPort = scheme === 'https' ? 443 : 80;
  return names.map((n) => (port === defaultPort ? `${scheme}://${n}` : `${scheme}://${n}:${port}`));
}

/** A Host header as compared: lowercase, no surrounding space; '' when missing or repeated. */
export function normaliseHostHeader(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}
