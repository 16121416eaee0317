/* global window, document, location */
// Shared e2e support: starts the real browser host (built dist/) on a free port with a
// temporary data folder, and Debian's Chromium through playwright-core.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
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

/** The account `startHost(..., { user: E2E_USER })` creates with the admin command line. */
export const E2E_USER = Object.freeze({ username: 'e2e.doctor', password: 'e2e: a long test passphrase', roles: 'admin,clinician' });

/** Creates an account in a data folder with `admin create-user` (as clinic IT would), with a permanent password. */
export function createAccount(dataDir, user) {
  const adminJs = path.join(repoRoot, 'dist', 'electron', 'cli', 'admin.js');
  execFileSync(process.execPath, [adminJs, 'create-user', user.username, '--roles', user.roles, '--name', user.username, '--password-stdin', '--data-dir', dataDir], {
    input: `${user.password}\n`,
    encoding: 'utf8',
    env: { ...process.env, BEDSIDE_DATA_DIR: dataDir },
  });
}

/** Signs in through the UI's sign-in screen (the browser host requires sign-in). */
export async function signIn(page, user = E2E_USER) {
  const form = page.getByTestId('sign-in');
  await form.waitFor({ timeout: 30_000 });
  await form.getByLabel('User name').fill(user.username);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await form.waitFor({ state: 'detached', timeout: 30_000 });
}

/**
 * Starts `serve.js --port 0` with a fresh data folder; resolves with its URL and a stop function.
 * With `options.user`, that account is created first (admin create-user), so the page opens on sign-in
 * instead of the first-run administrator set-up; `options.seed` loads the demo clinic and
 * `options.prepare(dataDir)` runs other admin commands, all before the host takes the folder.
 */
export async function startHost(extraArgs = [], options = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-e2e-'));
  // Admin commands that write run before the host starts: one process per data folder.
  if (options.user) createAccount(dataDir, options.user);
  if (options.seed) seedDemoClinic(dataDir);
  options.prepare?.(dataDir);
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'server', 'serve.js'), '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // The e2e packs are signed with the public demo key, which only demo mode trusts.
    env: { ...process.env, BEDSIDE_DATA_DIR: dataDir, BEDSIDE_DEMO: '1' },
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

const axeSource = fs.readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe-core on the page; fails on serious or critical violations, naming the screen. */
export async function assertAccessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    [],
    `${name}: accessibility violations`,
  );
}

/** Loads the demo clinic into a host's data folder with the admin command line. */
export function seedDemoClinic(dataDir) {
  return execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'cli', 'admin.js'), 'seed', '--data-dir', dataDir], { encoding: 'utf8' });
}

/**
 * Calls a channel on the host from a second WebSocket (another workstation) signed in as `user`,
 * through the page's own origin, as a second clinician's browser would.
 */
export function callAs(page, user, channel, input) {
  return page.evaluate(
    ([c, i, u]) =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/contract`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: 'auth.signIn', input: u }));
        ws.onmessage = (m) => {
          const msg = JSON.parse(m.data);
          if (msg.kind !== 'result') return;
          if (msg.id === 1) ws.send(JSON.stringify({ id: 2, channel: c, input: i }));
          else {
            ws.close();
            resolve(msg.result);
          }
        };
      }),
    [channel, input, { username: user.username, password: user.password }],
  );
}

/**
 * A browser host with the demo clinic and the e2e account, Chromium at 1366×900, signed in, with
 * the chart of the patient whose name matches `patient` open. Page errors are collected.
 * `options.prepare(dataDir)` runs before the host starts (e.g. writes the PACS settings).
 */
export async function openDemoChart(patient, options = {}) {
  const host = await startHost([], { user: E2E_USER, seed: true, ...(options.prepare ? { prepare: options.prepare } : {}) });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(host.url);
  await signIn(page);
  await page.getByTestId('patient-search').fill(patient);
  await page.getByRole('option', { name: new RegExp(patient) }).click();
  await page.getByTestId('chart-patient-name').waitFor();
  return { host, browser, page, pageErrors };
}

/**
 * Fills the order form on the chart's Summary tab (typed `search`, the vocabulary entry that
 * contains `drug`, strength, dose, frequency), submits it and waits for the critical-card dialog,
 * which it returns.
 */
export async function orderExpectingCriticalCard(page, { search, drug, strength, dose, frequency }) {
  await page.getByTestId('order-drug').fill(search);
  await page.getByTestId('order-drug-option').filter({ hasText: drug }).first().click();
  await page.getByTestId('order-strength').fill(strength);
  await page.getByTestId('order-dose').fill(dose);
  await page.getByTestId('order-frequency').selectOption(frequency);
  await page.getByTestId('order-submit').click();
  const dialog = page.getByTestId('critical-dialog');
  await dialog.waitFor({ timeout: 15_000 });
  return dialog;
}
