/* global window, document */
// End to end (issue #19): administration in the app. An administrator sets the clinic's details
// and creates an account with roles in Settings (over the same auth channels as the command
// line), and the chart summary and referral letter then print with the clinic and the signed-in
// clinician's name; each screen passes axe, screenshots and a PDF of the print view are saved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, assertAccessible, E2E_USER, openDemoChart } from './support.mjs';

let ctx;

before(async () => {
  ctx = await openDemoChart('Okafor');
});

after(async () => {
  await ctx?.browser.close();
  await ctx?.host.stop();
});

test('settings: clinic details and a new account with roles', async () => {
  const { page } = ctx;
  await page.getByRole('button', { name: 'Settings' }).click();
  const clinic = page.getByTestId('clinic-details');
  await clinic.getByLabel('Clinic name').fill('Riverside Family Practice');
  await clinic.getByLabel('Address').fill('12 Mill Lane, 4410 Riverside');
  await clinic.getByLabel('Telephone').fill('+41 61 555 01 23');
  await clinic.getByRole('button', { name: 'Save clinic details' }).click();
  await clinic.getByText('Saved: printouts and letters now carry these details.').waitFor();

  const users = page.getByTestId('users-admin');
  await users.getByTestId(`user-${E2E_USER.username}`).waitFor();
  await users.getByLabel('User name').fill('nurse.kim');
  await users.getByLabel('Full name').fill('Kim Lee');
  const roles = users.getByRole('group', { name: 'Roles' });
  await roles.getByLabel('Clinician').uncheck();
  await roles.getByLabel('Nurse').check();
  await users.getByRole('button', { name: 'Create the account' }).click();
  const notice = users.getByTestId('users-notice');
  await notice.waitFor();
  assert.match(await notice.innerText(), /Account nurse\.kim created for Kim Lee\. Temporary password: \S+/);
  const row = users.getByTestId('user-nurse.kim');
  assert.equal(await row.getByLabel('Nurse role for Kim Lee').isChecked(), true);
  assert.equal(await row.getByLabel('Clinician role for Kim Lee').isChecked(), false);
  // Roles change by ticking a box, through auth.updateUser.
  // A controlled box: it shows the new state once the server has answered.
  await row.getByLabel('Clinician role for Kim Lee').click();
  await users.getByText('Roles of Kim Lee changed').waitFor();
  assert.equal(await users.getByTestId('user-nurse.kim').getByLabel('Clinician role for Kim Lee').isChecked(), true);
  await page.screenshot({ path: path.join(artifactsDir(), 'settings-administration.png'), fullPage: true });
  await assertAccessible(page, 'settings with users and clinic details');
});

test('printouts carry the clinic and the clinician; a PDF of the print view', async () => {
  const { page, pageErrors } = ctx;
  await page.getByRole('button', { name: 'Patients', exact: true }).click();
  await page.getByTestId('recent-patients').getByRole('button', { name: /Okafor/ }).click();
  await page.getByTestId('chart-patient-name').waitFor();
  // window.print() opens the OS dialog; here it saves the print view as a PDF instead, with the print styles.
  await page.evaluate(() => {
    window.print = () => {
      window.__printed = document.querySelector('[data-testid="print-view"]')?.innerText ?? '';
    };
  });
  await page.getByTestId('print-summary').click();
  await page.waitForFunction(() => typeof window.__printed === 'string');
  const summary = await page.evaluate(() => window.__printed);
  assert.match(summary, /Riverside Family Practice/);
  assert.match(summary, /12 Mill Lane, 4410 Riverside/);
  assert.match(summary, /Tel\. \+41 61 555 01 23/);
  assert.match(summary, new RegExp(`Printed from Bedside on .* by ${E2E_USER.username.replace('.', '\\.')}\\.`));

  await page.evaluate(() => {
    delete window.__printed;
  });
  await page.getByLabel('Refer to').fill('Dr A. Specialist, Cardiology');
  await page.getByLabel('Reason for referral').fill('Palpitations.');
  await page.getByRole('button', { name: 'Print referral letter' }).click();
  await page.waitForFunction(() => typeof window.__printed === 'string');
  const letter = await page.evaluate(() => window.__printed);
  assert.match(letter, /Riverside Family Practice/);
  assert.match(letter, new RegExp(`With thanks and kind regards,\\s*${E2E_USER.username.replace('.', '\\.')}\\s*Riverside Family Practice`));

  // The print view as the printer gets it: a copy kept on the page after print() returns, rendered with the print styles to PDF.
  await page.evaluate(() => {
    window.print = () => {
      const copy = document.querySelector('[data-testid="print-view"]').cloneNode(true);
      copy.setAttribute('data-testid', 'print-copy');
      document.body.appendChild(copy);
    };
  });
  await page.getByTestId('print-summary').click();
  await page.getByTestId('print-copy').waitFor({ state: 'attached' });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ path: path.join(artifactsDir(), 'chart-summary.pdf'), format: 'A4' });
  assert.ok(pdf.length > 1000 && pdf.subarray(0, 5).toString() === '%PDF-');
  assert.deepEqual(pageErrors, []);
});
