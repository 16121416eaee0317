// Electron smoke test with Playwright's _electron: runs where the Electron binary is
// installed; elsewhere it is reported as skipped, with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { _electron as electron } from 'playwright-core';
import { repoRoot } from './support.mjs';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const bin = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
const reason = 'the Electron binary is not installed here (offline install with ELECTRON_SKIP_BINARY_DOWNLOAD=1); run "node node_modules/electron/install.js" on a connected machine to enable this test';

test('the desktop app opens a secure window showing the shell', { skip: bin ? false : reason }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-electron-'));
  const app = await electron.launch({ executablePath: bin, args: [repoRoot, '--data-dir', dataDir], env: { ...process.env, BEDSIDE_DATA_DIR: dataDir } });
  try {
    const window = await app.firstWindow();
    await window.getByRole('navigation').waitFor();
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0];
      const p = w.webContents.getLastWebPreferences();
      return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration };
    });
    assert.deepEqual(prefs, { contextIsolation: true, sandbox: true, nodeIntegration: false });
    assert.equal(await window.evaluate(() => typeof (globalThis).require), 'undefined');
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
