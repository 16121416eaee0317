/**
 * The browser host's limits before and after sign-in. Every figure is stated in
 * docs/security.md ("Limits"); the fuzz test (test/unit/security/hostFuzz.test.ts) runs against them.
 */
import { MAX_WIRE_MESSAGE_BYTES } from '../ipc/wireProtocol';

/** The limits of one browser host. */
export interface HostLimits {
  /** Largest WebSocket message before sign-in (a sign-in or status call is well under 1 KiB). */
  anonymousFrameBytes: number;
  /** Largest WebSocket message after sign-in (the router then applies each channel's own limit). */
  signedInFrameBytes: number;
  /** WebSocket connections open at once, all clients together. */
  maxConnections: number;
  /** WebSocket connections open at once from one client address (the loopback range is one client). */
  maxConnectionsPerClient: number;
  /** Messages per connection: burst, then per second; anonymous and signed in. */
  anonymousRate: { burst: number; perSecond: number };
  signedInRate: { burst: number; perSecond: number };
  /** Calls one connection may have running at once (their inputs are held in memory). */
  maxInFlightPerConnection: number;
  /** Refused messages in a row after which the connection is closed (1008). */
  closeAfterRefusals: number;
  /** HTTP: time to send the headers, and the whole request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** TCP connections open at once (HTTP and WebSocket). */
  maxSockets: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = Object.freeze({
  anonymousFrameBytes: 64 * 1024,
  signedInFrameBytes: MAX_WIRE_MESSAGE_BYTES,
  maxConnections: 200,
  maxConnectionsPerClient: 50,
  anonymousRate: Object.freeze({ burst: 20, perSecond: 5 }),
  signedInRate: Object.freeze({ burst: 500, perSecond: 100 }),
  maxInFlightPerConnection: 64,
  closeAfterRefusals: 50,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  maxSockets: 500,
});

/** A token bucket for one connection's messages. */
export class MessageBucket {
  private tokens: number;
  private at: number;

  constructor(
    private rate: { burst: number; perSecond: number },
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = rate.burst;
    this.at = now();
  }

  /** Switches to another rate: a raise (sign-in) starts with the full new burst, a lowering (sign-out) keeps at most the new burst. */
  setRate(rate: { burst: number; perSecond: number }): void {
    this.refill();
    this.tokens = rate.burst > this.rate.burst ? rate.burst : Math.min(this.tokens, rate.burst);
    this.rate = rate;
  }

  /** Takes one token; false when the connection is sending too fast. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((t - this.at) / 1000) * this.rate.perSecond);
    this.at = t;
  }
}

/** Counts open connections per client so a cap can be applied at the upgrade. */
export class ConnectionCounter {
  private readonly perClient = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: Pick<HostLimits, 'maxConnections' | 'maxConnectionsPerClient'>) {}

  /** Takes a place for a client; false when the host or that client is at its cap. */
  open(client: string): boolean {
    const n = this.perClient.get(client) ?? 0;
    if (this.total >= this.limits.maxConnections || n >= this.limits.maxConnectionsPerClient) return false;
    this.perClient.set(client, n + 1);
    this.total++;
    return true;
  }

  /** Gives a place back. */
  close(client: string): void {
    const n = this.perClient.get(client) ?? 0;
    if (n <= 1) this.perClient.delete(client);
    else this.perClient.set(client, n - 1);
    this.total = Math.max(0, this.total - 1);
  }

  /** Connections open now. */
  get size(): number {
    return this.total;
  }
}
