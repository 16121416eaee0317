/**
 * The desktop shell: one instance, one secure window, and the services behind the typed IPC
 * contract. Everything that is not Electron-specific lives in services/ and runs without it.
 */
import { app, BrowserWindow, ipcMain, safeStorage } from 'electron';
import path from 'node:path';
import os from 'node:os';
import { createBedside, type Bedside } from './app/createBedside';
import { Logging } from './services/logging/logger';
import { resolveAppPaths, type AppPaths } from './services/paths';
import { runAdmin } from './cli/admin';
import { bridgeIpc, EVENT_CHANNEL, type IpcMainLike } from './ipc/ipcBridge';
import { desktopSenderPolicy } from './ipc/senderPolicy';
import { mayReceiveEvent } from './ipc/events';
import { createMainWindow, denyPermissions } from './shell/window';
import { registerAppScheme, serveRenderer } from './shell/appProtocol';
import { SafeStorageKeyStore } from './shell/safeStorageKeyStore';
import { electronFileChooser } from './shell/fileDialogs';
import type { AuthService } from './services/auth/authService';
import { utilityHostLauncher } from './shell/utilityHostLauncher';
import { createDesktopUpdater, type DesktopUpdater } from './shell/updater';

const distDir = path.resolve(__dirname, '..');
let bedside: Bedside | null = null;
let mainWindow: BrowserWindow | null = null;
let updater: DesktopUpdater | null = null;

// An installed copy has no developer tools (secureWebPreferences reads this); the fuses in
// build/electron-builder.config.cjs also turn off --inspect, NODE_OPTIONS and ELECTRON_RUN_AS_NODE.
if (app.isPackaged) process.env.BEDSIDE_PRODUCTION ??= '1';

// `Bedside --admin <command>`: the admin command line of an installed app, with the desktop
// key store (the OS keychain), before and instead of any window.
const adminAt = process.argv.indexOf('--admin');
if (adminAt >= 0) {
  runAdminMode(process.argv.slice(adminAt + 1));
} else if (!app.requestSingleInstanceLock()) {
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
    // A session is bound to its window's webContents: it ends when the window goes away or its page crashes.
    const id = contents.id;
    const end = (): void => bedside?.container.get<AuthService>('auth').endConnection(`ipc:${id}`);
    contents.once('destroyed', end);
    contents.on('render-process-gone', end);
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

/** Runs one admin command line and exits with its code; no window, no single-instance lock. */
function runAdminMode(argv: string[]): void {
  app.disableHardwareAcceleration();
  // Output goes to the terminal; --version and --help need no keychain.
  const write = (stream: NodeJS.WriteStream) => (l: string) => void stream.write(`${l}\n`);
  app
    .whenReady()
    .then(async () => {
      const paths = desktopPaths(argv);
      const keyStore = new SafeStorageKeyStore(safeStorage, paths.dataDir, paths.keyFile, write(process.stderr));
      const code = await runAdmin(argv, write(process.stdout), write(process.stderr), { paths, keyStore });
      app.exit(code);
    })
    .catch((e: unknown) => {
      process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
      app.exit(70);
    });
}

/** The desktop app's paths (packaged or development layout). */
function desktopPaths(argv: readonly string[]): AppPaths {
  return resolveAppPaths({
    layout: app.isPackaged ? 'packaged' : 'development',
    appRoot: path.resolve(distDir, '..'),
    resourcesPath: app.isPackaged ? process.resourcesPath : undefined,
    // The data folder is chosen by paths.ts per platform (not Electron's userData: roaming on Windows).
    execPath: process.execPath,
    env: process.env,
    argv,
    platform: process.platform,
    homedir: os.homedir(),
  });
}

async function start(): Promise<void> {
  denyPermissions();
  const paths = desktopPaths(process.argv);
  serveRenderer(paths.rendererDir);
  const logging = new Logging({ dir: paths.logsDir, file: 'bedside' });
  logging.module('app').info('desktop-starting', { packaged: app.isPackaged });
  const keyStore = new SafeStorageKeyStore(safeStorage, paths.dataDir, paths.keyFile, logging.serviceLog('keystore'));
  // The audit keys are kept in the keychain too, apart from the database key (a copied key file does not carry them).
  const auditKeyStore = new SafeStorageKeyStore(safeStorage, paths.dataDir, path.join(paths.dataDir, 'bedside.audit.key'), logging.serviceLog('keystore'), 'bedside.audit.key.safe');
  const auditSigningKeyStore = new SafeStorageKeyStore(safeStorage, paths.dataDir, path.join(paths.dataDir, 'bedside.audit-signing.key'), logging.serviceLog('keystore'), 'bedside.audit-signing.key.safe');
  bedside = await createBedside({ paths, logging, mode: 'desktop', isTrustedSender: desktopSenderPolicy, keyStore, auditKeyStore, auditSigningKeyStore, launchHost: utilityHostLauncher, fileChooser: electronFileChooser() });
  bridgeIpc(ipcMain as unknown as IpcMainLike, bedside.router);
  const auth = bedside.container.get<AuthService>('auth');
  bedside.events.subscribe((name, payload) => {
    // Only windows whose session may read what the event carries (the permission table).
    for (const w of BrowserWindow.getAllWindows()) if (mayReceiveEvent(name, payload, auth.sessionFor(`ipc:${w.webContents.id}`))) w.webContents.send(EVENT_CHANNEL, name, payload);
  });
  mainWindow = createMainWindow(distDir);
  mainWindow.on('closed', () => (mainWindow = null));
  // Updates come only from the folder or address an administrator chose; checking verifies and
  // summarises, and nothing is installed until someone at the workstation chooses to.
  updater = createDesktopUpdater(paths, (m) => console.log(m));
  if (updater.settings().feedUrl) {
    void updater.check().then(
      (info) => info?.isNewer && console.log(`Bedside ${info.version} is available from ${info.source} (signed by ${info.signedBy}).`),
      () => undefined,
    );
  }
}

/** The desktop updater, once the app has started (for the settings screen's handlers). */
export function desktopUpdater(): DesktopUpdater | null {
  return updater;
}
