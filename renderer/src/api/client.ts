/**
 * The renderer's one way to reach Bedside: the preload bridge in the desktop app, the
 * WebSocket transport in the browser host. Both give the same typed, grouped client.
 */
import type { BedsideApi } from '../../../electron/contract';
import { WsTransport } from './wsTransport';

type EventListener = (name: string, payload: unknown) => void;

interface PreloadBridge {
  api: BedsideApi;
  onEvent(listener: EventListener): () => void;
}

declare global {
  interface Window {
    bedside?: PreloadBridge;
  }
}

/** A client built on a call function: `api.feature.method(input)`. */
function clientFrom(call: (channel: string, input: unknown) => Promise<unknown>): BedsideApi {
  return new Proxy({} as BedsideApi, {
    get: (_t, feature: string) => new Proxy({}, { get: (_f, method: string) => (input: unknown) => call(`${feature}.${method}`, input) }),
  });
}

function connect(): PreloadBridge {
  if (window.bedside) return window.bedside;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = new WsTransport(`${scheme}://${window.location.host}/contract`);
  return { api: clientFrom((c, i) => transport.call(c, i)), onEvent: (l) => transport.onEvent(l) };
}

const bridge = connect();
/** The typed client. */
export const api: BedsideApi = bridge.api;
/** Subscribes to events pushed by Bedside. */
export const onBedsideEvent = (listener: EventListener): (() => void) => bridge.onEvent(listener);
/** Which transport this page uses. */
export const transportKind: 'ipc' | 'websocket' = window.bedside ? 'ipc' : 'websocket';
