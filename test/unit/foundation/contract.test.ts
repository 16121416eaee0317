/**
 * Every channel of the real contract rejects malformed input with a typed error, over both
 * transports (Electron IPC through the real bridge, and the browser host's WebSocket), and the
 * process keeps serving. Plus a property-based fuzz over all channels.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contract, type Result } from '../../../electron/contract';
import { bridgeIpc } from '../../../electron/ipc/ipcBridge';
import { MAX_WIRE_MESSAGE_BYTES } from '../../../electron/ipc/wireProtocol';
import { startHarness, type Harness } from '../../helpers/bedsideHarness';
import { fakeIpc, type FakeIpc } from '../../helpers/fakeIpc';
import { connectWs, type WsTestClient } from '../../helpers/wsClient';

const channels = Object.entries(contract).flatMap(([feature, methods]) =>
  Object.entries(methods).map(([method, spec]) => ({ name: `${feature}.${method}`, spec })),
);

type Call = (channel: string, input: unknown) => Promise<Result<unknown>>;

let harness: Harness;
let ipc: FakeIpc;
let ws: WsTestClient;

beforeAll(async () => {
  harness = await startHarness({ serve: true });
  ipc = fakeIpc();
  bridgeIpc(ipc.ipcMain, harness.bedside.router);
  ws = await connectWs(`${harness.host!.origin.replace('http', 'ws')}/contract`, harness.host!.origin);
});

function expectTypedError(result: Result<unknown>, codes: string[]): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(codes).toContain(result.error.code);
  expect(result.error.message.length).toBeGreaterThan(10);
  expect(result.error.message).not.toMatch(/\n\s+at /); // never a stack trace
}

const transports: [string, () => Call][] = [
  ['IPC', () => (c, i) => ipc.invoke(c, i) as Promise<Result<unknown>>],
  ['WebSocket', () => (c, i) => ws.call(c, i)],
];

describe.each(transports)('malformed input over %s', (_name, getCall) => {
  it.each(channels)('$name refuses wrong types, unknown keys, oversized and polluting payloads', async ({ name, spec }) => {
    const call = getCall();
    for (const wrongType of [42, 'text', null, [], true]) {
      expectTypedError(await call(name, wrongType), ['invalid-input']);
    }
    expectTypedError(await call(name, { __bedside_unknown_field: 1 }), ['invalid-input']);
    if (!spec.input.safeParse({}).success) expectTypedError(await call(name, {}), ['invalid-input']);
    const limit = spec.maxRequestBytes ?? 256 * 1024;
    expectTypedError(await call(name, { text: 'x'.repeat(limit + 16) }), ['too-large']);
    expectTypedError(await call(name, JSON.parse('{"__proto__": {"polluted": true}}')), ['invalid-input']);
    expectTypedError(await call(name, { constructor: { prototype: { polluted: true } } }), ['invalid-input']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a channel that does not exist, and keeps serving', async () => {
    const call = getCall();
    expectTypedError(await call('records.dropEverything', {}), ['not-found']);
    expectTypedError(await call(42 as unknown as string, {}), ['not-found']);
    const health = await call('app.health', {});
    expect(health.ok).toBe(true);
  });
});

describe('WebSocket transport', () => {
  it('carries every channel\'s largest request, so an oversized one gets a typed error instead of a closed socket', () => {
    for (const { name, spec } of channels) expect(spec.maxRequestBytes ?? 0, name).toBeLessThan(MAX_WIRE_MESSAGE_BYTES - 1024);
  });

  it('ignores a message that is not a request and keeps serving', async () => {
    ws.sendRaw('this is not json');
    ws.sendRaw('{"channel": "app.info"}');
    const info = await ws.call('app.info', {});
    expect(info.ok).toBe(true);
  });

  it('refuses a connection from a foreign origin', async () => {
    await expect(connectWs(`${harness.host!.origin.replace('http', 'ws')}/contract`, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('refuses a call from an origin that is no longer trusted', async () => {
    const origin = harness.host!.origin;
    const client = await connectWs(`${origin.replace('http', 'ws')}/contract`, origin);
    harness.trustedOrigins.delete(origin);
    try {
      expectTypedError(await client.call('app.info', {}), ['forbidden-sender']);
    } finally {
      harness.trustedOrigins.add(origin);
      client.close();
    }
  });
});

describe('fuzz', () => {
  it('every channel answers random payloads with a typed result and never throws', async () => {
    const router = harness.bedside.router;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels.map((c) => c.name)), fc.jsonValue({ maxDepth: 4 }), async (name, payload) => {
        const result = await router.invoke({ transport: 'cli', senderUrl: 'test' }, name, payload);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(typeof result.error.code).toBe('string');
          expect(result.error.message).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 300, seed: 20261129 },
    );
    const health = await router.invoke({ transport: 'cli', senderUrl: 'test' }, 'app.health', {});
    expect(health.ok).toBe(true);
  });
});
