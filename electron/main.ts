/**
 * The desktop shell: one instance, one secure window, and the services behind the typed IPC
 * contract. Everything that is not Electron-specific lives in services/ and runs without it.
 */
import { app, BrowserWindow, ipcMain } from 'electron';
import path from 'node:path';
import os from 'node:os';
import { createBedside, type Bedside } from './app/createBedside';
import { resolveAppPaths } from './services/paths';
import { bridgeIpc, EVENT_CHANNEL, type IpcMainLike } from './ipc/ipcBridge';
import { desktopSenderPolicy } from './ipc/senderPolicy';
import { createMainWindow, denyPermissions } from './shell/window';
import { registerAppScheme, serveRenderer } from './shell/appProtocol';

const distDir = path.resolve(__dirname, '..');
let bedside: Bedside | null = null;
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('Bedside could not start:', e);
      app.exit(1);
    });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !bedside) return;
    event.preventDefault();
    quitting = true;
    void bedside.shutdown().finally(() => app.quit());
  });
  process.on('SIGTERM', () => app.quit());
}

async function start(): Promise<void> {
  denyPermissions();
  const paths = resolveAppPaths({
    layout: app.isPackaged ? 'packaged' : 'development',
    appRoot: path.resolve(distDir, '..'),
    resourcesPath: app.isPackaged ? process.resourcesPath : undefined,
    electronUserData: app.getPath('userData'),
    env: process.env,
    argv: process.argv,
    platform: process.platform,
    homedir: os.homedir(),
  });
  serveRenderer(paths.rendererDir);
  bedside = await createBedside({ paths, mode: 'desktop', isTrustedSender: desktopSenderPolicy });
  bridgeIpc(ipcMain as unknown as IpcMainLike, bedside.router);
  bedside.events.subscribe((name, payload) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(EVENT_CHANNEL, name, payload);
  });
  mainWindow = createMainWindow(distDir);
  mainWindow.on('closed', () => (mainWindow = null));
}
