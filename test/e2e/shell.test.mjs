// End to end: the browser host serves the app shell in Debian's Chromium; the language
// switches; the status bar shows the execution provider.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, E2E_USER, launchBrowser, signIn, startHost } from './support.mjs';

let host;
let browser;
let page;
const remoteRequests = [];

before(async () => {
  // The account is made with the admin command line, so the page opens on sign-in.
  host = await startHost([], { user: E2E_USER });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  page.on('request', (r) => {
    if (!r.url().startsWith(host.url.replace(/\/$/, ''))) remoteRequests.push(r.url());
  });
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

test('the shell loads with navigation and the execution provider in the status bar', async () => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.getByRole('main').waitFor();
  const status = page.getByTestId('status-provider');
  await status.filter({ hasText: 'Inference: CPU' }).waitFor({ timeout: 15_000 });
  assert.match(await status.textContent(), /^Inference: CPU$/);
  await page.screenshot({ path: path.join(artifactsDir(), 'shell-en.png') });
  assert.deepEqual(errors, []);
});

test('patients are behind sign-in; signing in with the account made by the admin command line opens them', async () => {
  await page.getByTestId('sign-in').waitFor();
  await signIn(page, E2E_USER);
  await page.getByText(`${E2E_USER.username}`, { exact: false }).first().waitFor();
});

test('switching to French changes the whole shell and is remembered', async () => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByTestId('language-select').selectOption('fr');
  await page.getByRole('heading', { name: 'Paramètres' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.getByTestId('status-provider').textContent(), /^Inférence : Processeur \(CPU\)$/);
  await page.screenshot({ path: path.join(artifactsDir(), 'settings-fr.png') });
  await page.reload();
  await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
});

test('the page makes no request to any other origin', () => {
  assert.deepEqual(remoteRequests, []);
});
