// Shared e2e support: starts the real browser host (built dist/) on a free port with a
// temporary data folder, and Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where screenshots go: BEDSIDE_ARTIFACTS_DIR, or a folder under the OS temp folder (never the repo). */
export function artifactsDir() {
  const dir = process.env.BEDSIDE_ARTIFACTS_DIR ?? path.join(os.tmpdir(), 'bedside-e2e-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The Chromium executable: CHROMIUM_PATH, or Debian's /usr/bin/chromium. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/** Starts `serve.js --port 0` with a fresh data folder; resolves with its URL and a stop function. */
export async function startHost(extraArgs = []) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-e2e-'));
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'server', 'serve.js'), '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, BEDSIDE_DATA_DIR: dataDir },
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${output}`)), 60_000);
    const onData = (d) => {
      output += d.toString();
      const m = output.match(/serving at (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`browser host exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    output: () => output,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless. */
export async function launchBrowser() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: install Debian\'s "chromium" package (apt-get install chromium) or set CHROMIUM_PATH.');
  return chromium.launch({ executablePath, args: CHROMIUM_FLAGS, headless: true });
}
