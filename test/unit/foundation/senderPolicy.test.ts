import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Router } from '../../../electron/ipc/router';
import { bridgeIpc, ipcContext, CALL_CHANNEL, type IpcInvokeEventLike, type IpcMainLike } from '../../../electron/ipc/ipcBridge';
import { desktopSenderPolicy } from '../../../electron/ipc/senderPolicy';
import { channel } from '../../../electron/contract/define';

const testContract = { clinic: { name: channel({ summary: 'test', input: z.strictObject({}), output: z.string() }) } };

function fakeIpc(): { ipc: IpcMainLike; invoke: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown> } {
  let listener: ((event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>) | null = null;
  return {
    ipc: { handle: (name, l) => (name === CALL_CHANNEL ? (listener = l) : undefined) },
    invoke: (event, ...args) => listener!(event, ...args),
  };
}

function eventFrom(url: string, mainFrame = true): IpcInvokeEventLike {
  const frame = { url };
  return { senderFrame: frame, sender: { mainFrame: mainFrame ? frame : { url: 'app://bedside/index.html' } } };
}

describe('IPC sender validation', () => {
  let handlerRuns = 0;
  const router = new Router(testContract, { isTrustedSender: desktopSenderPolicy });
  router.handle('clinic', 'name', () => {
    handlerRuns++;
    return 'Bedside clinic';
  });
  const { ipc, invoke } = fakeIpc();
  bridgeIpc(ipc, router);

  it('answers the main frame of the app protocol', async () => {
    await expect(invoke(eventFrom('app://bedside/index.html'), 'clinic.name', {})).resolves.toEqual({ ok: true, value: 'Bedside clinic' });
  });

  it.each([
    ['a remote page', 'https://evil.example/index.html', true],
    ['a file URL', 'file:///tmp/index.html', true],
    ['another app host', 'app://other/index.html', true],
    ['a sub-frame of the app', 'app://bedside/frame.html', false],
    ['a garbage URL', 'not a url', true],
  ])('refuses %s before running anything', async (_label, url, mainFrame) => {
    const before = handlerRuns;
    const result = (await invoke(eventFrom(url, mainFrame), 'clinic.name', {})) as { ok: boolean; error: { code: string } };
    expect(result.ok).toBe(false);
    expect(result.error.code).toBe('forbidden-sender');
    expect(handlerRuns).toBe(before);
  });

  it('refuses a destroyed frame', async () => {
    const result = (await invoke({ senderFrame: null, sender: { mainFrame: {} } }, 'clinic.name', {})) as { error: { code: string } };
    expect(result.error.code).toBe('forbidden-sender');
    expect(ipcContext({ senderFrame: null, sender: { mainFrame: {} } }).isMainFrame).toBe(false);
  });
});
