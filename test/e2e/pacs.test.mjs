// End to end: a chest X-ray study in a real Orthanc (Debian's orthanc + orthanc-dicomweb, started
// on a loopback port with its own configuration in a temporary folder) is found in the chart's
// PACS tab by the patient's MRN, opened in the viewer, analysed by the pneumonia pack and linked
// to the chart; a DICOM file imported on the Images tab is sent to the PACS by STOW-RS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { artifactsDir, repoRoot, assertAccessible, openDemoChart } from './support.mjs';

const sharedData = process.env.BEDSIDE_SHARED_DATA ?? path.resolve(repoRoot, '..', 'shared', 'data');
const dicomFile = path.join(sharedData, 'dicom', 'CT_small.dcm');
const xrayPng = path.join(repoRoot, 'models', 'demo', 'pneumonia-xray', 'examples', 'val000_pneumonia.png');
const xrayPng2 = path.join(repoRoot, 'models', 'demo', 'pneumonia-xray', 'examples', 'val003_normal.png');

// The same Orthanc starter as the unit tests (test/helpers/orthanc.ts), bundled for Node.
const helper = path.join(repoRoot, '.cache', 'e2e-orthanc', 'orthanc.js');
await build({ absWorkingDir: repoRoot, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'warning', entryPoints: ['test/helpers/orthanc.ts'], outfile: helper });
const { haveOrthanc, ORTHANC_MISSING, ORTHANC_USER, ORTHANC_PASSWORD, startOrthanc } = createRequire(import.meta.url)(helper);

// Margaret Okafor, the first demo patient (demoClinic.ts: MRN-100231).
const MRN = 'MRN-100231';

let orthanc;
let host;
let browser;
let page;
let pageErrors = [];
const shot = (name) => page.screenshot({ path: path.join(artifactsDir(), `${name}.png`), fullPage: false });

before(async () => {
  if (!haveOrthanc) return;
  orthanc = await startOrthanc();
  // A frontal chest DX of this patient, made by Orthanc from the demo pack's PneumoniaMNIST example.
  const auth = `Basic ${Buffer.from(`${ORTHANC_USER}:${ORTHANC_PASSWORD}`).toString('base64')}`;
  const tags = { PatientID: MRN, PatientName: 'Okafor^Margaret', Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'AP', StudyDescription: 'Chest X-ray', StudyDate: '20261120', SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1' };
  const res = await fetch(`${orthanc.url}/tools/create-dicom`, { method: 'POST', headers: { authorization: auth }, body: JSON.stringify({ Tags: tags, Content: `data:image/png;base64,${fs.readFileSync(xrayPng).toString('base64')}` }) });
  assert.equal(res.status, 200, await res.clone().text());
  // A second image in the same series (Orthanc's "Parent"), so the series has two to step through.
  const { ParentSeries } = await res.json();
  const second = await fetch(`${orthanc.url}/tools/create-dicom`, { method: 'POST', headers: { authorization: auth }, body: JSON.stringify({ Parent: ParentSeries, Tags: { InstanceNumber: '2' }, Content: `data:image/png;base64,${fs.readFileSync(xrayPng2).toString('base64')}` }) });
  assert.equal(second.status, 200, await second.clone().text());
  const settings = { baseUrl: orthanc.dicomWebUrl, auth: { type: 'basic', username: ORTHANC_USER, password: ORTHANC_PASSWORD }, timeoutSeconds: 30 };
  ({ host, browser, page, pageErrors } = await openDemoChart('Okafor', {
    prepare: (dataDir) => {
      fs.mkdirSync(path.join(dataDir, 'pacs'), { recursive: true });
      fs.writeFileSync(path.join(dataDir, 'pacs', 'settings.json'), JSON.stringify(settings), { mode: 0o600 });
    },
  }));
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await orthanc?.stop();
});

test('PACS: the patient’s study is found, opened in the viewer, analysed and linked', async (t) => {
  if (!haveOrthanc) return t.skip(ORTHANC_MISSING);
  await page.getByRole('tab', { name: 'PACS' }).click();
  assert.match(await page.getByTestId('pacs-address').textContent(), new RegExp(`searched by patient identifier ${MRN}`));
  const study = page.getByTestId('pacs-study').filter({ hasText: 'Chest X-ray' });
  await study.waitFor({ timeout: 30_000 });
  assert.match(await study.textContent(), /2026-11-20 · DX · Chest X-ray/);
  await study.getByTestId('pacs-show-series').click();
  await study.getByTestId('pacs-open-series').waitFor({ timeout: 30_000 });
  assert.match(await study.textContent(), /DX \(2 images\)/);
  await study.getByTestId('pacs-open-series').click();
  await page.getByTestId('image-viewer').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('dicom-info').textContent(), /^DX · 28 × 28 pixels/);
  assert.match(await page.getByTestId('pacs-opened').textContent(), /DX: image 1 of 2, from the PACS/);
  const firstName = await page.getByTestId('image-name').textContent();
  await shot('pacs-viewer');
  // Step to the second image of the series and back.
  await page.getByTestId('pacs-next').click();
  await page.getByTestId('pacs-opened').filter({ hasText: 'image 2 of 2' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('image-name').filter({ hasNotText: firstName }).waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId('pacs-next').isDisabled(), true);
  await page.getByTestId('pacs-previous').click();
  await page.getByTestId('pacs-opened').filter({ hasText: 'image 1 of 2' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('image-name').filter({ hasText: firstName }).waitFor({ timeout: 15_000 });

  // Analyse: a DICOM says what it shows, so the pack's gate reads it and the model scores it.
  await page.getByTestId('analyse-image').click();
  const findings = page.getByTestId('findings');
  await findings.waitFor({ timeout: 60_000 });
  const finding = await findings.textContent();
  assert.match(finding, /pneumonia/i);
  assert.match(finding, /Probability \d+% · threshold 89%/);
  assert.equal(await page.getByTestId('demo-banner').textContent(), 'Demo – not for diagnosis');

  // Linking records an ImagingStudy in the chart; the study then reads as linked.
  await study.getByTestId('pacs-link').click();
  await study.getByTestId('pacs-linked').waitFor({ timeout: 15_000 });
  await shot('pacs-analysed');
  await assertAccessible(page, 'PACS tab');
  assert.deepEqual(pageErrors, []);
});

test('PACS: a DICOM file imported on the Images tab is sent to the PACS', async (t) => {
  if (!haveOrthanc) return t.skip(ORTHANC_MISSING);
  if (!fs.existsSync(dicomFile)) return t.skip(`shared DICOM data is absent (${dicomFile}); set BEDSIDE_SHARED_DATA`);
  await page.getByRole('tab', { name: 'Images' }).click();
  await page.getByTestId('image-file').setInputFiles(dicomFile);
  await page.getByTestId('image-viewer').waitFor({ timeout: 15_000 });
  await page.getByTestId('pacs-send').click();
  const outcome = page.getByTestId('pacs-send-outcome');
  await outcome.waitFor({ timeout: 30_000 });
  assert.equal(await outcome.textContent(), 'CT_small.dcm was stored in the PACS.');
  // Orthanc's own REST API now lists the CT study.
  const all = await (await orthanc.get('/studies?expand')).json();
  assert.ok(all.some((s) => s.MainDicomTags.StudyInstanceUID === '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322'), 'the CT study is in Orthanc');
});
