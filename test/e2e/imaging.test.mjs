/* global document */
// End to end: the DICOM viewer in Chromium against the browser host. The main side decodes the
// file and sends its modality values once (imaging.pixels); the viewer windows them in Hounsfield
// units itself, so changing the window changes the picture on the canvas without asking again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, repoRoot, assertAccessible, openDemoChart } from './support.mjs';

const sharedData = process.env.BEDSIDE_SHARED_DATA ?? path.resolve(repoRoot, '..', 'shared', 'data');
const dicomFile = path.join(sharedData, 'dicom', 'CT_small.dcm');

let host;
let browser;
let page;
let pageErrors = [];

const shot = (name) => page.screenshot({ path: path.join(artifactsDir(), `${name}.png`), fullPage: false });
/** The viewer canvas's pixels, as a data URL. */
const canvasPixels = () => page.getByTestId('image-viewer').locator('canvas').first().evaluate((c) => c.toDataURL());
/** Waits until no rendering is on its way and returns the readout. */
async function settledReadout() {
  const readout = page.getByTestId('window-readout');
  await readout.filter({ hasNotText: 'Rendering' }).waitFor({ timeout: 15_000 });
  return readout.textContent();
}

before(async () => {
  ({ host, browser, page, pageErrors } = await openDemoChart('Okafor'));
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

test('DICOM: the main side renders the image; window/level and presets re-render it', async (t) => {
  if (!fs.existsSync(dicomFile)) return t.skip(`shared DICOM data is absent (${dicomFile}); set BEDSIDE_SHARED_DATA`);
  await page.getByRole('tab', { name: 'Images' }).click();
  await page.getByTestId('image-file').setInputFiles(dicomFile);
  await page.getByTestId('image-viewer').waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('dicom-info').textContent(), /^CT · 128 × 128 pixels/);
  const first = await settledReadout();
  const before = await canvasPixels();

  // Bone window (W 1800 / L 400 HU): a different picture, rendered by the main side.
  await page.getByTestId('window-preset-bone').click();
  assert.equal(await settledReadout(), 'Window 1800 · level 400');
  assert.equal(await page.getByTestId('window-preset-bone').getAttribute('aria-pressed'), 'true');
  await page.waitForFunction((prev) => document.querySelector('[data-testid="image-viewer"] canvas').toDataURL() !== prev, before, { timeout: 15_000 });
  const bone = await canvasPixels();
  assert.notEqual(bone, before, 'the bone window changes the picture');

  // The level slider, from the keyboard: each step asks for a new rendering, the last one wins.
  const level = page.getByTestId('window-level');
  await level.focus();
  for (let i = 0; i < 5; i++) await level.press('ArrowUp');
  assert.equal(await settledReadout(), 'Window 1800 · level 405');

  // Back to the file's own window.
  await page.getByTestId('window-preset-file').click();
  assert.equal(await settledReadout(), first);
  await shot('imaging-dicom-window');
  await assertAccessible(page, 'DICOM viewer');
});

test('DICOM: a multi-frame file shows a frame slider; the second frame is a different picture', async (t) => {
  const twoFrames = path.join(sharedData, 'dicom', 'SC_rgb_rle_2frame.dcm');
  if (!fs.existsSync(twoFrames)) return t.skip(`shared DICOM data is absent (${twoFrames}); set BEDSIDE_SHARED_DATA`);
  await page.getByTestId('image-file').setInputFiles(twoFrames);
  const readout = page.getByTestId('frame-readout');
  await readout.filter({ hasText: 'Frame 1 of 2' }).waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="image-viewer"] canvas')?.width === 100, null, { timeout: 15_000 });
  const first = await canvasPixels();
  const slider = page.getByTestId('frame-slider');
  await slider.focus();
  await slider.press('ArrowRight');
  await readout.filter({ hasText: 'Frame 2 of 2' }).waitFor({ timeout: 15_000 });
  await page.waitForFunction((prev) => document.querySelector('[data-testid="image-viewer"] canvas').toDataURL() !== prev, first, { timeout: 15_000 });
  await assertAccessible(page, 'DICOM frame controls');
});

test('no page errors', () => {
  assert.deepEqual(pageErrors, []);
});
