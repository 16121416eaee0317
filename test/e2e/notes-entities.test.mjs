// End to end: an account made with a temporary password must choose its own before anything
// else (auth.changePassword), then writes a note whose disease mentions the bundled
// token-classification pack highlights, with their type and ConText status (family history shown
// as the family's), in the background (inference.analyzeText).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { artifactsDir, launchBrowser, repoRoot, signIn, startHost, assertAccessible } from './support.mjs';

const adminJs = path.join(repoRoot, 'dist', 'electron', 'cli', 'admin.js');

const TEMPORARY = { username: 'dr.new', password: 'Temporary-Harbour-Pass-7' };
const CHOSEN = 'Seven quiet lanterns by the river';

let host;
let browser;
let page;
const pageErrors = [];

const shot = (name) => page.screenshot({ path: path.join(artifactsDir(), `${name}.png`), fullPage: false });

before(async () => {
  host = await startHost([], {
    seed: true,
    // As clinic IT would: an account with a temporary password, to be changed at first sign-in.
    prepare: (dataDir) =>
      execFileSync(process.execPath, [adminJs, 'create-user', TEMPORARY.username, '--roles', 'clinician', '--name', 'Dr New', '--password-stdin', '--temporary', '--data-dir', dataDir], {
        input: `${TEMPORARY.password}\n`,
        encoding: 'utf8',
      }),
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(host.url);
});

after(async () => {
  await browser?.close();
  await host?.stop();
});

test('a temporary password must be changed first; the form checks the two new ones match', async () => {
  await signIn(page, TEMPORARY);
  const form = page.getByTestId('change-password');
  await form.waitFor();
  await shot('change-password');
  await assertAccessible(page, 'change password');
  await form.getByLabel('Temporary password').fill(TEMPORARY.password);
  await form.getByLabel('New password', { exact: true }).fill(CHOSEN);
  await form.getByLabel('New password again').fill(`${CHOSEN}!`);
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByRole('alert').filter({ hasText: 'The two new passwords differ' }).waitFor();
  // The accounts service's own check (the user name inside the password) is shown as written.
  await form.getByLabel('New password', { exact: true }).fill('dr.new forever and ever');
  await form.getByLabel('New password again').fill('dr.new forever and ever');
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.getByRole('alert').filter({ hasText: 'must not contain the user name' }).waitFor();
  await form.getByLabel('New password', { exact: true }).fill(CHOSEN);
  await form.getByLabel('New password again').fill(CHOSEN);
  await form.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
  // The new password works; the temporary one no longer does.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, { username: TEMPORARY.username, password: CHOSEN });
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
});

test('a saved note has its disease mentions highlighted, with their type, without holding up typing', async () => {
  await page.getByTestId('patient-search').fill('Okafor');
  await page.getByRole('option', { name: /Okafor/ }).click();
  await page.getByTestId('chart-patient-name').waitFor();
  await page.getByRole('tab', { name: /Notes/ }).click();
  await page.getByTestId('new-note').click();
  const text = 'Assessment: cystic fibrosis with chronic pancreatitis; family history of huntington disease and breast cancer.';
  await page.getByTestId('note-text').fill(text);
  await page.getByTestId('note-save-status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });
  // The editor stays usable while the model reads the note.
  assert.equal(await page.getByTestId('note-text').isEditable(), true);
  const section = page.getByTestId('note-entities');
  const marks = section.locator('mark.entity');
  await marks.first().waitFor({ timeout: 60_000 });
  const found = await marks.allTextContents();
  assert.ok(found.some((m) => /fibrosis|pancreatitis|huntington|cancer/i.test(m)), `disease mentions highlighted: ${JSON.stringify(found)}`);
  const tags = await section.getByTestId('entity-tag').allTextContents();
  assert.ok(tags.length > 0 && tags.every((tag) => /^Disease \d+%( · (negated|possible|hypothetical|family|other person|history))?$/.test(tag)), `each highlight says its type: ${JSON.stringify(tags)}`);
  // ConText: the family history's mentions are shown as the family's, the patient's own as present.
  const contexts = await marks.evaluateAll((ms) => ms.map((m) => [m.textContent, m.dataset.context]));
  assert.ok(contexts.some(([t, c]) => /huntington|breast cancer/i.test(t) && c === 'family'), `family-history mentions marked as family: ${JSON.stringify(contexts)}`);
  assert.ok(contexts.some(([t, c]) => /fibrosis|pancreatitis/i.test(t) && c === 'present'), `the patient's own conditions marked present: ${JSON.stringify(contexts)}`);
  await section.getByTestId('entities-legend').locator('summary').click();
  await section.getByTestId('entities-legend').getByText('Only solid highlights can become problem-list suggestions.').waitFor();
  assert.match(await section.getByTestId('entities-source').textContent(), /Read by Disease mentions in notes \([^)]*demo\) \d+\.\d+\.\d+/);
  await shot('note-entities');
  await assertAccessible(page, 'note entities');

  // Editing makes the highlights stale until the next save reads it again.
  await page.getByTestId('note-text').fill(`${text} Asthma since childhood.`);
  await page.getByTestId('note-save-status').filter({ hasText: 'All changes saved' }).waitFor({ timeout: 15_000 });
  await section.getByTestId('entity-text').filter({ hasText: 'Asthma since childhood' }).waitFor({ timeout: 60_000 });
  await section.getByTestId('entities-analyse').filter({ hasText: 'Read the note again' }).waitFor();
});

test('no page errors', () => {
  assert.deepEqual(pageErrors, []);
});
