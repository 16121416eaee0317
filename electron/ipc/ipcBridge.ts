/**
 * Connects Electron's IPC to the router. Written against a minimal `ipcMain`-like interface so
 * the sender checks run in tests without Electron; the shell passes the real `ipcMain`.
 */
import type { Router, CallContext } from './router';
import type { ContractShape, Result } from '../contract/define';

export const CALL_CHANNEL = 'bedside:call';
export const EVENT_CHANNEL = 'bedside:event';

/** The parts of an IPC invoke event the bridge reads. */
export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null;
  /** The sending webContents; its id is the connection a session is bound to. */
  sender: { mainFrame: unknown; id?: number };
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

/** The call context of an IPC event: the frame's URL, whether it is the top frame, and the webContents id. */
export function ipcContext(event: IpcInvokeEventLike): CallContext {
  const frame = event.senderFrame;
  const id = event.sender.id;
  return {
    transport: 'ipc',
    senderUrl: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    ...(typeof id === 'number' && Number.isInteger(id) ? { connectionId: String(id) } : {}),
  };
}

/** Installs the single IPC handler; every call goes through `router.invoke`. */
export function bridgeIpc<C extends ContractShape>(ipcMain: IpcMainLike, router: Router<C>): void {
  ipcMain.handle(CALL_CHANNEL, (event, channel, input): Promise<Result<unknown>> => router.invoke(ipcContext(event), channel, input));
}
