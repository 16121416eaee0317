/* global window, document */
// End to end, the physician's day in one chart (issue #19's "Done when"): start a visit, enter
// vital signs that raise NEWS2 (and a potassium that raises its critical card, a provisional
// problem), record an allergy, prescribe and meet the interaction dialog,
// write and sign a note, amend it, close the visit, print the summary with the clinician's
// name. Real browser host, real record store (seeded with the demo clinic by the admin command
// line), Debian's Chromium; axe-core at each screen (no serious or critical violations), and a
// screenshot of each screen in the folder printed at the start.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, assertAccessible, callAs, launchBrowser, orderExpectingCriticalCard, repoRoot, seedDemoClinic, signIn, startHost } from './support.mjs';

const CLINICIAN = Object.freeze({ username: 'a.diallo', displayName: 'Dr Amara Diallo', password: 'golden path: a long test passphrase', roles: 'clinician' });
const shots = path.join(artifactsDir(), 'golden-path');

let host;
let browser;
let page;
const pageErrors = [];
let step = 0;

/** Screenshot and axe check of the screen as it is now. */
async function screen(name) {
  step++;
  await page.screenshot({ path: path.join(shots, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
  await assertAccessible(page, name);
}

before(async () => {
  // A fresh folder each run, so every picture in it is from this run.
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  console.log(`golden path screenshots: ${shots}`);
  host = await startHost([], {
    prepare: (dataDir) => {
      seedDemoClinic(dataDir);
      execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'electron', 'cli', 'admin.js'), 'create-user', CLINICIAN.username, '--roles', CLINICIAN.roles, '--name', CLINICIAN.displayName, '--password-stdin', '--data-dir', dataDir], {
        input: `${CLINICIAN.password}\n`,
        encoding: 'utf8',
      });
    },
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(host.url);
  await signIn(page, CLINICIAN);
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

test('golden path: visit, vitals → NEWS2, allergy, order → interaction, signed and amended note, close, print', async () => {
  // Margaret Okafor (demo-01) takes simvastatin.
  await page.getByTestId('patient-search').fill('Okafor');
  await page.getByRole('option', { name: /Okafor/ }).click();
  await page.getByTestId('chart-patient-name').waitFor();
  await page.getByTestId('visit-start').waitFor();
  await screen('chart-no-visit');

  // 1. Start a visit: in progress, with the signed-in clinician.
  await page.getByTestId('visit-start').click();
  await page.getByTestId('visit-status').filter({ hasText: CLINICIAN.displayName }).waitFor();
  await screen('visit-started');

  // 2. Vital signs, checked as typed: a misplaced decimal is refused before anything is saved.
  await page.getByRole('tab', { name: 'Record' }).click();
  const vitals = page.getByTestId('vitals-form');
  await vitals.getByTestId('vital-temperature').fill('386');
  await vitals.getByText('Enter a value from 25 to 45 °C').waitFor();
  assert.equal(await vitals.getByTestId('vitals-save').isDisabled(), true, 'nothing can be saved while a value is refused');
  await screen('vitals-refused');
  await vitals.getByTestId('vital-temperature').fill('38.6');
  await vitals.getByTestId('vital-systolic').fill('98');
  await vitals.getByTestId('vital-diastolic').fill('60');
  await vitals.getByTestId('vital-heartRate').fill('115');
  await vitals.getByTestId('vital-respiratoryRate').fill('24');
  await vitals.getByTestId('vital-spo2').fill('93');
  await vitals.getByTestId('vital-oxygen').selectOption('air');
  await vitals.getByTestId('vital-gcs').fill('15');
  await vitals.getByTestId('vital-weight').fill('70');
  await vitals.getByTestId('vital-height').fill('170');
  assert.match(await vitals.getByTestId('vital-bmi').textContent(), /24\.2 kg\/m²/, 'BMI from weight and height, as typed');
  await vitals.getByTestId('vitals-save').click();
  await vitals.getByTestId('vitals-notice').waitFor();
  // RCP NEWS2 chart 1: RR 24 → 2, SpO2 93 → 2, air → 0, SBP 98 → 2, pulse 115 → 2, alert → 0, 38.6 °C → 1 = 9 (high).
  const news2 = page.getByTestId('suggestions-panel').getByTestId('suggestion-card').filter({ hasText: 'NEWS2 9 (high)' });
  await news2.waitFor({ timeout: 20_000 });
  await screen('vitals-news2');

  // The entered values are FHIR vital signs linked to the visit, performed by the clinician.
  const chart = await callAs(page, CLINICIAN, 'records.chart', { patientId: 'demo-01', limit: 1000 });
  assert.ok(chart.ok, JSON.stringify(chart));
  const visit = chart.value.resources.find((r) => r.resourceType === 'Encounter' && r.status === 'in-progress');
  assert.ok(visit, 'the visit is an in-progress Encounter');
  const hr = chart.value.resources.find((r) => r.resourceType === 'Observation' && r.code?.coding?.[0]?.code === '8867-4' && r.valueQuantity?.value === 115);
  assert.equal(hr.encounter.reference, `Encounter/${visit.id}`);
  assert.equal(hr.performer[0].display, CLINICIAN.displayName);
  assert.equal(hr.valueQuantity.code, '/min');

  // A lab result by its common name: potassium 6.8 mmol/L (LOINC 2823-3) raises the critical-value card.
  const lab = page.getByTestId('lab-form');
  await lab.getByTestId('lab-test').selectOption('potassium');
  assert.match(await lab.getByTestId('lab-loinc').textContent(), /LOINC 2823-3/);
  await lab.getByTestId('lab-value').fill('6.8');
  await lab.getByTestId('lab-save').click();
  await page.getByTestId('suggestions-panel').locator('[data-testid="suggestion-card"][data-indicator="critical"]').filter({ hasText: /potassium/i }).first().waitFor({ timeout: 20_000 });

  // A working diagnosis is provisional until confirmed.
  await page.getByTestId('problem-name').fill('Community-acquired pneumonia, suspected sepsis');
  await page.getByTestId('problem-onset').fill('2030-01');
  await page.getByText('The onset is in the future.').waitFor();
  await page.getByTestId('problem-onset').fill(new Date().toISOString().slice(0, 10));
  await page.getByTestId('problem-save').click();
  await page.getByText('added to the problem list').waitFor();

  // 3. An allergy, its substance picked from the drug vocabulary.
  const allergy = page.getByTestId('allergy-form');
  await allergy.getByTestId('order-drug').fill('amoxicil');
  await allergy.getByTestId('order-drug-option').filter({ hasText: 'amoxicillin' }).first().click();
  await allergy.getByTestId('allergy-reaction').fill('Urticaria');
  await allergy.getByTestId('allergy-severity').selectOption('moderate');
  await allergy.getByTestId('allergy-verification').selectOption('confirmed');
  await allergy.getByTestId('allergy-save').click();
  await allergy.getByTestId('allergy-notice').waitFor();
  await page.getByTestId('allergy-banner').filter({ hasText: /amoxicillin/i }).waitFor();
  assert.match(await page.getByTestId('recorded-allergies').textContent(), /amoxicillin.*Active · Confirmed/);
  await screen('allergy-recorded');

  await page.getByRole('tab', { name: 'Summary' }).click();
  const problemRow = page.getByTestId('problem-list').getByRole('listitem').filter({ hasText: 'suspected sepsis' });
  assert.match(await problemRow.textContent(), /Provisional/);
  await problemRow.getByTestId('problem-confirm').waitFor();
  await screen('problem-provisional');

  // 4. Prescribe erythromycin with her simvastatin: the interaction dialog interrupts.
  await page.getByRole('tab', { name: 'Summary' }).click();
  const dialog = await orderExpectingCriticalCard(page, { search: 'erythromycin', drug: 'erythromycin', strength: '250 mg', dose: '250', frequency: 'qds' });
  assert.match(await dialog.textContent(), /simvastatin with erythromycin/);
  await screen('order-interaction-dialog');
  await page.getByTestId('critical-cancel').click();
  await dialog.waitFor({ state: 'detached' });

  // 5. A SOAP note, signed: author and signer from the session.
  await page.getByRole('tab', { name: /Notes/ }).click();
  await page.getByTestId('new-note').click();
  await page.getByTestId('note-template').selectOption('soap');
  assert.match(await page.getByTestId('note-text').inputValue(), /^Subjective:\n\nObjective:\n\nAssessment:\n\nPlan:/);
  await page.getByTestId('note-text').fill('Subjective: fever and cough for 3 days.\nObjective: NEWS2 9.\nAssessment: possible sepsis.\nPlan: admit.');
  await page.getByTestId('note-save-status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });
  await page.getByTestId('visit-unsigned').filter({ hasText: '1 note of this visit is not signed.' }).waitFor();
  await screen('note-draft');
  await page.getByTestId('note-sign').click();
  await page.getByTestId('note-signature').filter({ hasText: `Signed by ${CLINICIAN.displayName}` }).waitFor();
  await screen('note-signed');

  // A signed note is not edited in place, whatever the client sends: the store refuses it.
  const notes = await callAs(page, CLINICIAN, 'records.chart', { patientId: 'demo-01', limit: 1000 });
  const signed = notes.value.resources.find((r) => r.resourceType === 'DocumentReference' && r.docStatus === 'final' && r.authenticator?.display === CLINICIAN.displayName);
  assert.ok(signed, 'the note is final with the clinician as authenticator');
  assert.equal(signed.context.encounter[0].reference, `Encounter/${visit.id}`, 'the note is linked to the visit');
  const tampered = await callAs(page, CLINICIAN, 'records.saveResource', { resource: { ...signed, description: 'changed afterwards' } });
  assert.equal(tampered.ok, false);
  assert.equal(tampered.error.code, 'conflict');
  assert.match(tampered.error.message, /signed and cannot be changed/);

  // 6. Amend it: a new version replaces it; the old one stays readable.
  await page.getByTestId('note-amend').click();
  await page.getByTestId('note-text').fill('Subjective: fever and cough for 3 days.\nObjective: NEWS2 9, lactate 3.1.\nAssessment: sepsis, chest source.\nPlan: admit, antibiotics within the hour.');
  await page.getByTestId('note-save-status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });
  await page.getByTestId('note-sign').click();
  await page.getByTestId('note-signature').filter({ hasText: `Amendment signed by ${CLINICIAN.displayName}` }).waitFor();
  const oldRow = page.getByTestId('note-list').getByRole('button').filter({ hasText: 'Replaced' });
  await oldRow.waitFor();
  await screen('note-amended');
  await oldRow.click();
  await page.getByTestId('note-superseded').waitFor();
  assert.match(await page.getByTestId('note-signed-text').textContent(), /possible sepsis/, 'the earlier version is kept, readable');
  await screen('note-earlier-version');

  // 7. Close the visit (nothing left unsigned).
  assert.equal(await page.getByTestId('visit-unsigned').count(), 0);
  await page.getByTestId('visit-close').click();
  await page.getByTestId('visit-start').waitFor();
  await screen('visit-closed');

  // 8. Print the summary: the print view is captured when the page prints, then checked on its own.
  await page.evaluate(() => {
    window.print = () => {
      window.__printed = document.querySelector('[data-testid="print-view"]')?.outerHTML ?? '';
    };
  });
  await page.getByTestId('print-summary').click();
  await page.waitForFunction(() => typeof window.__printed === 'string');
  const printed = await page.evaluate(() => window.__printed);
  const printText = printed.replace(/<[^>]+>/g, ' ');
  assert.match(printText, new RegExp(`clinician: ${CLINICIAN.displayName}`), 'the visit and its clinician are on the summary');
  assert.match(printText, new RegExp(`signed by ${CLINICIAN.displayName}`), 'the signed note and its signer are on the summary');
  assert.match(printText, /amoxicillin/i);
  assert.match(printText, /suspected sepsis \(Provisional\)/, 'a working diagnosis prints as provisional');
  fs.writeFileSync(path.join(shots, 'print-summary.html'), printed);
  const css = fs.readdirSync(path.join(repoRoot, 'dist', 'renderer', 'assets')).filter((f) => f.endsWith('.css')).map((f) => fs.readFileSync(path.join(repoRoot, 'dist', 'renderer', 'assets', f), 'utf8')).join('\n');
  const printPage = await browser.newPage({ viewport: { width: 900, height: 1200 }, locale: 'en-GB' });
  await printPage.setContent(`<!doctype html><html lang="en"><head><title>Chart summary</title><style>${css}</style></head><body><main>${printed}</main></body></html>`);
  await printPage.emulateMedia({ media: 'print' });
  step++;
  await printPage.screenshot({ path: path.join(shots, `${String(step).padStart(2, '0')}-print-summary.png`), fullPage: true });
  await assertAccessible(printPage, 'printed summary');
  await printPage.close();

  // 9. The day list: today's patients with their visit's status and clinician.
  await page.getByRole('button', { name: 'Patients' }).click();
  const row = page.getByTestId('day-list').getByRole('listitem').filter({ hasText: 'Okafor' }).filter({ hasText: CLINICIAN.displayName });
  await row.waitFor();
  assert.match(await row.textContent(), new RegExp(`Visit closed.*${CLINICIAN.displayName}`));
  await screen('day-list');

  assert.deepEqual(pageErrors, []);
});
