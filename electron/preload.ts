/**
 * The preload exposes one object, `window.bedside`, grouped by feature and built from the
 * contract. The page never sees `ipcRenderer`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { contract, type BedsideApi } from './contract';
import { CALL_CHANNEL, EVENT_CHANNEL } from './ipc/ipcBridge';

type Listener = (name: string, payload: unknown) => void;

const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
for (const [feature, channels] of Object.entries(contract)) {
  api[feature] = {};
  for (const method of Object.keys(channels)) {
    api[feature]![method] = (input: unknown) => ipcRenderer.invoke(CALL_CHANNEL, `${feature}.${method}`, input);
  }
}

const bridge = {
  api: api as unknown as BedsideApi,
  /** Subscribes to main-side events; returns the function that unsubscribes. */
  onEvent(listener: Listener): () => void {
    const wrapped = (_e: unknown, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
};

export type BedsideBridge = typeof bridge;
contextBridge.exposeInMainWorld('bedside', bridge);
