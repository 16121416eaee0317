/**
 * The web preferences of every Bedside window, in a module without Electron at run time so the
 * test suite checks them (test/unit/security/electronHardening.test.ts).
 */

/** The web preferences every Bedside window uses. */
export function secureWebPreferences(preloadPath: string, production = Boolean(process.env.BEDSIDE_PRODUCTION)): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    safeDialogs: true,
    spellcheck: false,
    devTools: !production,
  };
}
