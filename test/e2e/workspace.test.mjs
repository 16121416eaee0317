/* global getComputedStyle */
// End to end: the clinical workspace in Chromium against the browser host, seeded with the
// demo clinic through the admin command line. Each step asserts what the physician sees;
// steps whose back end has not landed skip with the reason, checked against the real host.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, launchBrowser, repoRoot, startHost, assertAccessible, callAs, orderExpectingCriticalCard, seedDemoClinic } from './support.mjs';

const adminJs = path.join(repoRoot, 'dist', 'electron', 'cli', 'admin.js');
const sharedData = process.env.BEDSIDE_SHARED_DATA ?? path.resolve(repoRoot, '..', 'shared', 'data');
const dicomFile = path.join(sharedData, 'dicom', 'CT_small.dcm');
const xrayFile = path.join(repoRoot, 'models', 'demo', 'pneumonia-xray', 'examples', 'val000_pneumonia.png');

let host;
let browser;
let page;
let seeded = false;
const remoteRequests = [];
const pageErrors = [];

const USER = { username: 'drtest', password: 'Quiet-Harbour-Lantern-42' };

/** Calls a channel from a second workstation signed in as the test user. */
const call = (channel, input) => callAs(page, USER, channel, input);

/** Whether the host knows a channel (an unknown one answers 'not-found' naming the feature). */
async function hasChannel(channel, probeInput = {}) {
  const r = await call(channel, probeInput);
  return !(r.ok === false && r.error.code === 'not-found' && /no Bedside feature/.test(r.error.message));
}

const shot = (name) => page.screenshot({ path: path.join(artifactsDir(), `${name}.png`), fullPage: false });

before(async () => {
  host = await startHost([], {
    prepare: (dataDir) => {
      if (fs.existsSync(adminJs)) seeded = /Demo clinic loaded/.test(seedDemoClinic(dataDir));
    },
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(host.url.replace(/\/$/, '')) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) remoteRequests.push(r.url());
  });
  await page.goto(host.url);
  // First run: create the administrator (also a clinician) through the setup screen.
  const setup = page.getByTestId('setup-admin');
  await setup.or(page.getByTestId('sign-in')).first().waitFor();
  if (await setup.isVisible()) {
    await setup.getByLabel('User name').fill(USER.username);
    await setup.getByLabel('Full name').fill('Dr Test');
    await setup.getByLabel('Password').fill(USER.password);
    await setup.getByRole('button', { name: 'Create the administrator account' }).click();
  }
  const recovery = page.getByTestId('recovery-code');
  await recovery.or(page.getByRole('heading', { name: 'Patients', level: 1 })).first().waitFor();
  if (await recovery.isVisible()) await recovery.getByRole('button').click();
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

test('patient list: search as you type, arrow keys and Enter open the chart', async () => {
  assert.ok(seeded, 'the admin seed command loaded no demo clinic');
  const search = page.getByTestId('patient-search');
  await search.fill('Okafor');
  const option = page.getByRole('option', { name: /Okafor/ });
  await option.waitFor();
  assert.equal(await option.getAttribute('aria-selected'), 'true');
  await shot('patients-search');
  await assertAccessible(page, 'patient list');
  await search.press('Enter');
  await page.getByTestId('chart-patient-name').filter({ hasText: 'Okafor' }).waitFor();
});

test('chart: header, allergy banner, problems, medications, results with trends, timeline', async () => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  await page.getByTestId('allergy-banner').waitFor();
  const meds = await page.getByTestId('medication-list').textContent();
  assert.match(meds, /simvastatin/i, 'the interacting statin is listed');
  assert.match(await page.getByTestId('medication-list').textContent(), /clarithromycin/i);
  await shot('chart-summary');
  await assertAccessible(page, 'chart summary');
  await page.getByRole('tab', { name: 'Vitals and labs' }).click();
  await page.getByRole('table').first().waitFor();
  await shot('chart-results');
  await assertAccessible(page, 'chart results');
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await page.getByTestId('timeline').waitFor();
  await assertAccessible(page, 'chart timeline');
});

test('recent patients remember the chart just opened', async () => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  await page.getByRole('button', { name: 'Patients' }).click();
  await page.getByTestId('recent-patients').getByRole('button', { name: /Okafor/ }).waitFor();
  await page.getByTestId('recent-patients').getByRole('button', { name: /Okafor/ }).click();
  await page.getByTestId('chart-patient-name').waitFor();
});

test('notes: write a note, it saves by itself, and full-text search finds it', async () => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  await page.getByRole('tab', { name: /Notes/ }).click();
  await page.getByTestId('new-note').click();
  await page.getByTestId('note-text').fill('Reviewed statin therapy. Patient reports myalgia since starting clarithromycin.');
  await page.getByTestId('note-save-status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });
  await page.getByTestId('note-search-input').fill('myalgia');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByTestId('note-search-hits').getByRole('button').first().waitFor();
  await shot('chart-notes');
  await assertAccessible(page, 'notes');
});

test('notes: a stale save meets a conflict and shows both versions', async () => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  // Someone else saves the same note behind this editor's back.
  const hits = await call('records.searchNotes', { query: 'myalgia' });
  assert.ok(hits.ok && hits.value.hits.length > 0);
  const current = await call('records.getResource', { resourceType: 'DocumentReference', id: hits.value.hits[0].id });
  const other = { ...current.value.resource, description: 'Edited elsewhere' };
  const saved = await call('records.saveResource', { resource: other });
  assert.ok(saved.ok, JSON.stringify(saved));
  await page.getByTestId('note-text').fill('Reviewed statin therapy. Myalgia: stop simvastatin while on clarithromycin.');
  await page.getByTestId('conflict-dialog').waitFor({ timeout: 15_000 });
  assert.match(await page.getByTestId('conflict-mine').textContent(), /stop simvastatin/);
  await shot('note-conflict');
  await page.getByRole('button', { name: 'Keep my version' }).click();
  await page.getByTestId('note-save-status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });
});

test('suggestions: cards for the chart, by severity', async () => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  assert.ok(await hasChannel('cds.cardsForPatient', { patientId: 'demo-01' }), 'cds.cardsForPatient is not declared in the contract');
  // Margaret Okafor (demo-01) takes simvastatin with clarithromycin: ONC high-priority interaction #25.
  await page.getByRole('tab', { name: 'Summary' }).click();
  const panel = page.getByTestId('suggestions-panel');
  const critical = panel.locator('[data-testid="suggestion-card"][data-indicator="critical"]').filter({ hasText: 'simvastatin with clarithromycin' });
  await critical.waitFor({ timeout: 15_000 });
  const indicators = await panel.getByTestId('suggestion-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator')));
  const rank = { critical: 0, warning: 1, info: 2 };
  assert.deepEqual(indicators, [...indicators].sort((a, b) => rank[a] - rank[b]), 'most urgent first');
  assert.match(await critical.textContent(), /drug-interactions/, 'the card says which rule and version produced it');
  await shot('suggestions-panel');
  await assertAccessible(page, 'suggestions panel');
});

test('ordering an interacting drug meets the critical card', async () => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  assert.ok(await hasChannel('cds.checkOrder', { patientId: 'demo-01' }), 'cds.checkOrder is not declared in the contract');
  await page.getByRole('tab', { name: 'Summary' }).click();
  // Erythromycin with her simvastatin: picked from the vocabulary by its French name (a
  // misspelt search still lists it), checked before anything is saved, and it interrupts.
  const dialog = await orderExpectingCriticalCard(page, { search: 'erythromycine', drug: 'erythromycin', strength: '250 mg', dose: '250', frequency: 'qds' });
  assert.match(await dialog.textContent(), /simvastatin with erythromycin/);
  await shot('order-critical');
  await assertAccessible(page, 'critical order dialog');
  // Proceeding needs a reason, which is recorded.
  await page.getByTestId('critical-proceed').click();
  await dialog.getByRole('alert').filter({ hasText: 'Choose a reason.' }).waitFor();
  await dialog.getByLabel('Benefit outweighs risk').check();
  await page.getByTestId('critical-proceed').click();
  await page.getByTestId('order-notice').filter({ hasText: 'ordered.' }).waitFor({ timeout: 15_000 });
  const report = await call('cds.report', {});
  assert.ok(report.ok, JSON.stringify(report));
  const ddi = report.value.sources.find((s) => s.id === 'drug-interactions');
  assert.ok(ddi && ddi.overridden >= 1, 'the override is in the report');
  assert.ok(ddi.reasons.some((r) => r.code === 'benefit-outweighs-risk'));
});

test('accepting a suggestion changes the problem list', async () => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  assert.ok(await hasChannel('cds.feedback', {}), 'cds.feedback is not declared in the contract');
  // Problem-list suggestions come from the note model; without an active token-classification pack there are none.
  const packs = await call('models.list', {});
  const ner = packs.ok && packs.value.packs.find((p) => p.active && p.versions.some((v) => v.version === p.active && v.task === 'token-classification'));
  assert.ok(ner, 'no token-classification (disease tagger) pack is active in the test host, so no problem-list suggestion can appear');
  await page.getByRole('tab', { name: /Notes/ }).click();
  await page.getByTestId('new-note').click();
  await page.getByTestId('note-text').fill('Assessment: cystic fibrosis with chronic pancreatitis; family history of huntington disease and breast cancer.');
  await page.getByTestId('note-save-status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });
  await page.getByRole('tab', { name: 'Summary' }).click();
  const card = page.getByTestId('suggestion-card').filter({ hasText: 'to the problem list?' }).first();
  await card.waitFor({ timeout: 60_000 });
  const mention = /Add “(.+)” to the problem list\?/.exec(await card.textContent())[1];
  await card.getByRole('button', { name: /to the problem list…/ }).click();
  await card.getByTestId('accept-confirm').click();
  // The chart reloads after an accept: the condition is on the problem list and the accepted
  // card is no longer offered (it may show "Accepted" for a moment before the reload).
  await page.getByTestId('problem-list').filter({ hasText: mention }).waitFor({ timeout: 15_000 });
  const stillOffered = page.getByTestId('suggestion-card').filter({ hasText: `Add “${mention}” to the problem list?` }).filter({ has: page.getByRole('button', { name: /to the problem list…/ }) });
  await stillOffered.first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
  assert.equal(await stillOffered.count(), 0, 'the accepted suggestion is not offered again');
});

test('images: import a DICOM file', async (t) => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  if (!fs.existsSync(dicomFile)) return t.skip(`shared DICOM data is absent (${dicomFile}); set BEDSIDE_SHARED_DATA`);
  await page.getByRole('tab', { name: 'Images' }).click();
  await page.getByTestId('image-file').setInputFiles(dicomFile);
  await page.getByTestId('image-name').filter({ hasText: 'CT_small.dcm (DICOM)' }).waitFor();
  // The main side renders the DICOM preview (imaging.preview); window/level is tested in imaging.test.mjs.
  await page.getByTestId('image-viewer').waitFor({ timeout: 15_000 });
  await shot('images-dicom');
  await assertAccessible(page, 'images');
});

test('images: heatmap toggle over an analysed image', async () => {
  assert.ok(seeded, 'no demo patients: the admin seed command failed');
  const packs = await call('models.list', {});
  const xray = packs.ok && packs.value.packs.find((p) => p.active && p.versions.some((v) => v.version === p.active && v.task === 'image-classification'));
  assert.ok(xray, 'no image-classification pack is active in the test host');
  await page.getByRole('tab', { name: 'Images' }).click();
  // A PneumoniaMNIST validation X-ray shipped with the demo pack (28 × 28 pixels, the model's input).
  await page.getByTestId('image-file').setInputFiles(xrayFile);
  await page.getByTestId('image-name').filter({ hasText: 'val000_pneumonia.png (PNG)' }).waitFor();
  // A PNG says nothing of what it shows: the clinician confirms a frontal chest X-ray first.
  assert.equal(await page.getByTestId('analyse-image').isDisabled(), true);
  await page.getByTestId('confirm-frontal-chest').check();
  await page.getByTestId('analyse-image').click();
  const findings = page.getByTestId('findings');
  await findings.waitFor({ timeout: 60_000 });
  // The finding in words: above/below threshold with the probability and the threshold.
  const finding = await findings.textContent();
  assert.match(finding, /pneumonia/i);
  assert.match(finding, /Above threshold|Below threshold|Uncertain/);
  const numbers = /Probability (\d+)% · threshold (\d+)%/.exec(finding);
  assert.ok(numbers, finding);
  assert.equal(Number(numbers[2]), 89, 'the pack threshold (0.888, sensitivity ≥ 0.95 on validation)');
  assert.ok(Number(numbers[1]) >= 89, `a pneumonia example reads above threshold: ${finding}`);
  // A demo pack says so; the 28 × 28 picture the model read is shown beside the heatmap.
  assert.equal(await page.getByTestId('demo-banner').textContent(), 'Demo – not for diagnosis');
  await page.getByTestId('model-input-heatmap').waitFor();
  assert.match(await page.getByTestId('age-check').textContent(), /Trained on patients aged 1–5 years/);
  // The image was stored in the chart; its background reading is a stored card: a pattern score, marked demo.
  const stored = page.getByTestId('suggestions-panel').getByText(/Demo – not for diagnosis\. .*pneumonia pattern score/).first();
  await stored.waitFor({ timeout: 60_000 });
  assert.match(await page.locator('.images-side .provenance').textContent(), /pneumonia-xray/);

  // The heatmap lies over the image, covering exactly the displayed picture, at the default opacity.
  // The viewer's overlay (the stored suggestion card below has its own heatmap).
  const heatmap = page.getByTestId('viewer-frame').getByTestId('heatmap');
  await heatmap.waitFor();
  assert.equal(await heatmap.getAttribute('data-visible'), 'true');
  const image = page.getByTestId('image-viewer').getByRole('img', { name: 'val000_pneumonia.png' });
  const [imgBox, heatBox] = [await image.boundingBox(), await heatmap.boundingBox()];
  assert.ok(imgBox.width > 200, `the 28-pixel image is scaled up to be seen: ${JSON.stringify(imgBox)}`);
  for (const k of ['x', 'y', 'width', 'height']) assert.ok(Math.abs(imgBox[k] - heatBox[k]) <= 1, `heatmap ${k} ${heatBox[k]} matches the image ${imgBox[k]}`);
  const opacityOf = () => heatmap.evaluate((el) => Number(getComputedStyle(el).opacity));
  assert.equal(await opacityOf(), 0.5);
  // The map is not empty: the occlusion default gives a real map on the 28-pixel model.
  const painted = await heatmap.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(painted > 0, 'some cells of the heatmap are coloured');
  await page.getByTestId('image-viewer').scrollIntoViewIfNeeded();
  await shot('images-heatmap');
  await assertAccessible(page, 'images with heatmap');

  // Opacity: the slider's value is applied to the overlay and read out.
  const slider = page.getByTestId('heatmap-opacity');
  await slider.focus();
  await slider.press('ArrowRight');
  await slider.press('ArrowRight');
  assert.equal(await page.getByTestId('heatmap-opacity-value').textContent(), '60%');
  assert.equal(await opacityOf(), 0.6);
  await slider.fill('25');
  assert.equal(await page.getByTestId('heatmap-opacity-value').textContent(), '25%');
  assert.equal(await opacityOf(), 0.25);

  // Toggle off: the overlay is hidden and the opacity slider disabled; on again: back as it was.
  const toggle = page.getByRole('checkbox', { name: 'Heatmap' });
  await toggle.uncheck();
  assert.equal(await heatmap.isVisible(), false);
  assert.equal(await heatmap.getAttribute('data-visible'), 'false');
  assert.equal(await slider.isDisabled(), true);
  await shot('images-heatmap-off');
  await toggle.check();
  assert.equal(await heatmap.isVisible(), true);
  assert.equal(await opacityOf(), 0.25);
});

test('settings: model packs, theme and backup', async () => {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  await page.getByTestId('theme-dark').check();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await shot('settings-dark');
  await assertAccessible(page, 'settings (dark)');
  await page.getByTestId('theme-light').check();
  await assertAccessible(page, 'settings (light)');
  assert.ok(seeded, 'no record store data to back up: the admin seed command failed');
  await page.getByTestId('backup-now').click();
  const msg = page.getByTestId('backup-message');
  await msg.waitFor({ timeout: 30_000 });
  assert.match(await msg.textContent(), /^Backup written to .+/);
});

test('no page errors and no request to any other origin', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(remoteRequests, []);
});
