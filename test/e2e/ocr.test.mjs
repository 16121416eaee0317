/* global document, DataTransfer */
// End to end: a scanned lab report becomes a note. The page is rendered here (sharp, SVG text in
// DejaVu Sans), uploaded in the Notes tab, read by the bundled OCR pack through the browser host
// (inference.ocr), corrected by the physician line by line, and saved as a note that the notes
// list shows and full-text search finds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { artifactsDir, E2E_USER, assertAccessible, callAs, openDemoChart } from './support.mjs';

const LINES = ['Creatinine 2.1 mg/dL', 'Potassium 4.2 mmol/L'];

let host;
let browser;
let page;
let pageFile;
let fontMissing = null;
let pageErrors = [];
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedside-e2e-ocr-'));

const shot = (name) => page.screenshot({ path: path.join(artifactsDir(), `${name}.png`), fullPage: false });
/** Calls a channel from a second workstation signed in as the test user. */
const call = (channel, input) => callAs(page, E2E_USER, channel, input);
const squash = (s) => s.replace(/\s+/g, '').toLowerCase();

/** A white page with the lines in DejaVu Sans 28 px, as a PNG file. */
async function renderPage(lines, name = 'lab-report.png') {
  const rows = lines.map((l, i) => `<text x="40" y="${70 + i * 56}" font-family="DejaVu Sans" font-size="28" fill="#000">${l}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${60 + lines.length * 56 + 40}"><rect width="100%" height="100%" fill="#fff"/>${rows}</svg>`;
  const file = path.join(workDir, name);
  await sharp(Buffer.from(svg)).png().toFile(file);
  return file;
}

before(async () => {
  try {
    if (!/DejaVu Sans/.test(execFileSync('fc-list', [], { encoding: 'utf8' }))) fontMissing = 'the font DejaVu Sans is not installed (Debian fonts-dejavu-core)';
  } catch {
    fontMissing = 'fontconfig (fc-list) is not available to check for DejaVu Sans';
  }
  pageFile = await renderPage(LINES);
  fs.writeFileSync(path.join(workDir, 'referral.txt'), 'Dear colleague, this is not an image.\n');
  ({ host, browser, page, pageErrors } = await openDemoChart('Okafor'));
  await page.getByRole('tab', { name: /Notes/ }).click();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

test('a dropped file that is not an image is refused in plain words', async () => {
  await page.getByRole('button', { name: 'Scan a paper document' }).click();
  const scan = page.getByTestId('scan-document');
  await scan.getByRole('heading', { name: 'Import a scanned letter or lab report' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'scan-title', 'focus moves to the scan panel');
  // Drag and drop a text file onto the drop zone.
  const text = fs.readFileSync(path.join(workDir, 'referral.txt'), 'utf8');
  const transfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'referral.txt', { type: 'text/plain' }));
    return dt;
  }, text);
  await scan.getByTestId('scan-drop').dispatchEvent('drop', { dataTransfer: transfer });
  await scan.getByRole('alert').filter({ hasText: 'referral.txt is not a PNG or JPEG image, so no text was read' }).waitFor();
});

test('a scanned lab report is read, corrected, saved as a note and found by search', async (t) => {
  if (fontMissing) return t.skip(fontMissing);
  const scan = page.getByTestId('scan-document');
  await scan.getByTestId('scan-file').setInputFiles(pageFile);
  // Progress while the page is read, with a way to cancel.
  const reading = scan.getByTestId('scan-reading');
  await reading.waitFor({ timeout: 10_000 }).catch(() => undefined);
  const lineInputs = scan.getByTestId('scan-line-text');
  await lineInputs.first().waitFor({ timeout: 60_000 });
  assert.equal(await reading.count(), 0, 'the progress line goes once the lines are shown');
  assert.equal(await scan.getByRole('alert').count(), 0, 'the earlier error is cleared');
  const read = await lineInputs.evaluateAll((els) => els.map((e) => e.value));
  assert.equal(read.length, 2, `two lines read: ${JSON.stringify(read)}`);
  const joined = squash(read.join('\n'));
  for (const word of ['Creatinine2.1mg/dL', 'Potassium4.2mmol/L']) assert.ok(joined.includes(squash(word)), `"${word}" in ${JSON.stringify(read)}`);
  // Each line box is drawn over the image, and each line says how sure the reader was.
  assert.equal(await scan.getByTestId('scan-boxes').locator('polygon').count(), 2);
  assert.ok(await scan.getByRole('img', { name: /Scanned page lab-report\.png/ }).isVisible());
  const confidences = await scan.getByTestId('scan-line-confidence').allTextContents();
  assert.ok(confidences.every((c) => /Read with \d+% confidence|Low confidence \(\d+%\): check against the image/.test(c)), JSON.stringify(confidences));
  assert.match(await scan.getByTestId('scan-summary').textContent(), /Read by Printed text reader .+ 1\.0\.0/);
  await shot('ocr-review');
  await assertAccessible(page, 'scanned document review');

  // The physician corrects the potassium (the report said 5.8), keeps the title and saves.
  await scan.getByLabel('Line 2', { exact: true }).fill('Potassium 5.8 mmol/L (high)');
  assert.match(await scan.getByTestId('scan-line-confidence').nth(1).textContent(), /corrected/);
  await scan.getByTestId('scan-title-input').fill('Outside lab report');
  await scan.getByTestId('scan-save').click();
  await scan.waitFor({ state: 'detached', timeout: 15_000 });

  // The note is listed and open, signed by the reviewing clinician (read-only), with the
  // corrected text and the transcription line.
  await page.getByTestId('note-list').getByRole('button', { name: /Outside lab report/ }).waitFor({ timeout: 15_000 });
  const noteText = await page.getByTestId('note-signed-text').textContent({ timeout: 15_000 });
  assert.match(noteText, /Potassium 5\.8 mmol\/L \(high\)/);
  assert.ok(squash(noteText).includes('creatinine2.1mg/dl'), noteText);
  assert.match(noteText, /\[Transcribed from lab-report\.png by OCR \(paddleocr-v4 1\.0\.0\) and reviewed by the clinician\.\]/);
  await shot('ocr-saved-note');

  // Full-text search finds it by the corrected value.
  await page.getByTestId('note-search-input').fill('high');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const hits = page.getByTestId('note-search-hits').getByRole('button');
  await hits.first().waitFor({ timeout: 15_000 });
  assert.ok((await hits.allTextContents()).some((h) => /5\.8|high/i.test(h)), 'the corrected line is what search finds');
  await assertAccessible(page, 'saved scanned note');

  // The stored record (accepted by the store's R4 validation) carries the OCR provenance extension.
  const found = await call('records.searchNotes', { query: 'Outside lab report high' });
  assert.ok(found.ok && found.value.hits.length > 0, JSON.stringify(found));
  const stored = await call('records.getResource', { resourceType: 'DocumentReference', id: found.value.hits[0].id });
  assert.ok(stored.ok, JSON.stringify(stored));
  const ext = stored.value.resource.extension?.find((e) => /ocr-transcription/.test(e.url));
  assert.ok(ext, 'the OCR extension is stored');
  const field = (url) => ext.extension.find((e) => e.url === url);
  assert.equal(field('packId').valueString, 'paddleocr-v4');
  assert.equal(field('packVersion').valueString, '1.0.0');
  assert.equal(field('linesCorrected').valueInteger, 1);
  assert.equal(stored.value.resource.description, 'Outside lab report');
  // Signed in the reviewer's own name (the store refuses a signature in anyone else's).
  assert.equal(stored.value.resource.docStatus, 'final');
  assert.equal(stored.value.resource.authenticator?.identifier?.system, 'urn:bedside:user');
});

test('reading can be cancelled', async (t) => {
  if (fontMissing) return t.skip(fontMissing);
  await page.getByRole('button', { name: 'Scan a paper document' }).click();
  const scan = page.getByTestId('scan-document');
  await scan.getByTestId('scan-file').setInputFiles(pageFile);
  const cancel = scan.getByTestId('scan-cancel');
  try {
    await cancel.click({ timeout: 5_000 });
  } catch {
    return t.skip('the page was read before Cancel could be pressed');
  }
  await scan.getByTestId('scan-notice').filter({ hasText: 'Reading cancelled. Nothing was saved.' }).waitFor();
  assert.equal(await scan.getByTestId('scan-line-text').count(), 0);
  await page.getByTestId('scan-close').click();
});

// Issue #19: a letter of eleven lines shows all eleven for review, and a misread-looking dose
// ("5o0", rendered as such, so the reader reads it with high confidence) is flagged all the same.
const LETTER = [
  'Discharge letter',
  'Patient: Margaret Okafor',
  'Diagnosis: community-acquired pneumonia',
  'Amoxicillin 5o0 mg three times daily',
  'Duration: 7 days',
  'Paracetamol 1 g as needed',
  'Allergies: none known',
  'Creatinine 1.1 mg/dL',
  'Potassium 4.4 mmol/L',
  'Follow-up in one week',
  'Dr A. Specialist',
];

test('an eleven-line letter: every line is shown, a misread-looking number is flagged whatever the confidence', async (t) => {
  if (fontMissing) return t.skip(fontMissing);
  const file = await renderPage(LETTER, 'letter.png');
  await page.getByRole('button', { name: 'Scan a paper document' }).click();
  const scan = page.getByTestId('scan-document');
  await scan.getByTestId('scan-file').setInputFiles(file);
  const lineInputs = scan.getByTestId('scan-line-text');
  await lineInputs.first().waitFor({ timeout: 60_000 });
  const read = await lineInputs.evaluateAll((els) => els.map((e) => e.value));
  assert.equal(read.length, LETTER.length, `all ${LETTER.length} lines read: ${JSON.stringify(read)}`);
  // Every line can be seen: none is clipped out of the review.
  for (let i = 0; i < read.length; i++) {
    await lineInputs.nth(i).scrollIntoViewIfNeeded();
    assert.ok(await lineInputs.nth(i).isVisible(), `line ${i + 1} visible`);
  }
  const amox = read.findIndex((l) => /amoxicillin/i.test(l));
  assert.ok(amox >= 0 && /5o0/.test(read[amox]), `the dose read as written: ${read[amox]}`);
  const line = scan.getByTestId('scan-line').nth(amox);
  assert.equal(await line.getAttribute('data-low'), 'true');
  assert.match(await line.getByTestId('scan-line-confidence').textContent(), /Check “5o0”: looks misread \(model confidence \d+%\)/);
  await page.screenshot({ path: path.join(artifactsDir(), 'ocr-review-letter.png'), fullPage: true });
  await assertAccessible(page, 'eleven-line letter review');
  await page.getByTestId('scan-close').click();
});

test('no page errors', () => {
  assert.deepEqual(pageErrors, []);
});
