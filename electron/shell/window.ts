/**
 * The Bedside window: isolated, sandboxed, no Node in the page, served from the app protocol
 * with a strict CSP, and unable to navigate away or open other windows.
 */
import { BrowserWindow, session } from 'electron';
import path from 'node:path';
import { APP_ORIGIN, isAppUrl } from '../ipc/senderPolicy';
import { secureWebPreferences } from './webPreferences';


/** Denies every permission request (camera, notifications, geolocation...) by default. */
export function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Creates the main window and locks down its navigation. */
export function createMainWindow(distDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Bedside',
    backgroundColor: '#f7f8fa',
    webPreferences: secureWebPreferences(path.join(distDir, 'electron', 'preload.js')),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  // No new windows; links to local knowledge are handled inside the app, never by the OS browser.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  // shell.openExternal is never used (lint forbids it): nothing from a record may reach the OS.
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
