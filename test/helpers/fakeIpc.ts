/** A stand-in for Electron's ipcMain and invoke events, so the real IPC bridge runs in tests. */
import { CALL_CHANNEL, type IpcInvokeEventLike, type IpcMainLike } from '../../electron/ipc/ipcBridge';

export interface FakeIpc {
  ipcMain: IpcMainLike;
  /** Invokes the bridge as the app window's main frame would, or from `url`. */
  invoke: (channel: string, input: unknown, url?: string) => Promise<unknown>;
}

/** A fake ipcMain recording the bridge's single handler. */
export function fakeIpc(): FakeIpc {
  let listener: ((event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>) | null = null;
  return {
    ipcMain: { handle: (name, l) => (name === CALL_CHANNEL ? (listener = l) : undefined) },
    invoke: (channel, input, url = 'app://bedside/index.html') => {
      const frame = { url };
      // webContents id 1: the harness signs this window in (see bedsideHarness.ts).
      return listener!({ senderFrame: frame, sender: { mainFrame: frame, id: 1 } }, channel, input);
    },
  };
}
