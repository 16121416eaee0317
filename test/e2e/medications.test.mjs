// End to end: stopping, modifying and renewing a medication from the chart's list, and a
// medication reconciliation linked to the visit in progress, in Chromium against the browser
// host with the demo clinic. Rosa Delgado (demo-03): CKD 4 on metformin and lisinopril.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { E2E_USER, artifactsDir, assertAccessible, callAs, openDemoChart } from './support.mjs';

let ctx;
const page = () => ctx.page;
const call = (channel, input) => callAs(page(), E2E_USER, channel, input);
const row = (status, text) => page().locator(`[data-testid="medication-row"][data-status="${status}"]`, { hasText: text });
const shot = (name) => page().screenshot({ path: path.join(artifactsDir(), `${name}.png`), fullPage: false });

before(async () => {
  ctx = await openDemoChart('Delgado');
});

after(async () => {
  await ctx?.browser.close();
  await ctx?.host.stop();
});

test('stop metformin with a reason: refused without one, then shown stopped with it', async () => {
  await row('active', 'metformin').getByTestId('medication-stop').click();
  const dialog = page().getByTestId('medication-change-dialog');
  await dialog.waitFor();
  await assertAccessible(page(), 'stop dialog');
  await page().getByTestId('change-submit').click();
  await dialog.getByRole('alert').filter({ hasText: 'Give a reason' }).waitFor();
  await page().getByTestId('change-reason-code').selectOption('labint');
  await page().getByTestId('change-reason-text').fill('eGFR 16');
  await page().getByTestId('change-submit').click();
  await page().getByTestId('medication-notice').filter({ hasText: 'stopped' }).waitFor({ timeout: 15_000 });
  const stopped = row('stopped', 'metformin');
  await stopped.waitFor();
  assert.match(await stopped.textContent(), /reason: eGFR 16/);
  assert.equal(await row('active', 'metformin').count(), 0);
});

test('renew lisinopril: the old order completed, a new active one', async () => {
  await row('active', 'lisinopril').getByTestId('medication-renew').click();
  await page().getByTestId('medication-change-dialog').waitFor();
  await page().getByTestId('change-submit').click();
  await page().getByTestId('medication-notice').filter({ hasText: 'renewed' }).waitFor({ timeout: 15_000 });
  await row('completed', 'lisinopril').waitFor();
  assert.equal(await row('active', 'lisinopril').count(), 1);
});

test('modify lisinopril to 20 mg: the old order stopped with its reason, the new dose active', async () => {
  await row('active', 'lisinopril').getByTestId('medication-modify').click();
  await page().getByTestId('medication-change-dialog').waitFor();
  await page().getByTestId('change-dose').fill('20');
  await page().getByTestId('change-unit').selectOption('mg');
  await page().getByTestId('change-reason-text').fill('BP above target');
  await shot('medication-modify');
  await page().getByTestId('change-submit').click();
  await page().getByTestId('medication-notice').filter({ hasText: 'changed' }).waitFor({ timeout: 15_000 });
  // The chart reloads: the new dose is the active order, the earlier one stopped with its reason.
  await row('active', '20 mg oral once daily').filter({ hasText: 'lisinopril' }).waitFor({ timeout: 15_000 });
  assert.equal(await row('active', 'lisinopril').count(), 1);
  assert.match(await row('stopped', 'lisinopril').textContent(), /reason: BP above target/);
});

test('reconciliation: sources side by side, continue and stop with reasons, linked to the visit in progress', async () => {
  const visit = await call('records.saveResource', {
    resource: { resourceType: 'Encounter', id: 'demo-03-visit-today', status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: 'Patient/demo-03' }, period: { start: new Date().toISOString() } },
  });
  assert.ok(visit.ok, JSON.stringify(visit));
  const otc = await call('records.saveResource', {
    resource: { resourceType: 'MedicationStatement', id: 'demo-03-ibuprofen', status: 'active', subject: { reference: 'Patient/demo-03' }, medicationCodeableConcept: { text: 'ibuprofen 200 MG Oral Tablet' }, informationSource: { reference: 'Patient/demo-03', display: 'Rosa Delgado' }, dateAsserted: new Date().toISOString() },
  });
  assert.ok(otc.ok, JSON.stringify(otc));
  // Reopen the chart so it shows what the other workstation recorded.
  await page().getByRole('button', { name: 'Patients' }).click();
  await page().getByTestId('patient-search').fill('Delgado');
  await page().getByRole('option', { name: /Delgado/ }).click();
  await page().getByTestId('chart-patient-name').waitFor();

  await page().getByTestId('reconcile-open').click();
  const view = page().getByTestId('reconciliation');
  await view.waitFor();
  const rows = view.getByTestId('reconcile-row');
  assert.equal(await rows.count(), 2, 'the active lisinopril order and the reported ibuprofen');
  const lisinopril = rows.filter({ hasText: 'lisinopril' });
  const ibuprofen = rows.filter({ hasText: 'ibuprofen' });
  assert.match(await lisinopril.textContent(), /Prescribed \(order\)/);
  assert.match(await ibuprofen.textContent(), /Reported by the patient.*Rosa Delgado/);
  await assertAccessible(page(), 'medication reconciliation');
  // Committing with a medication undecided is refused, naming it.
  await lisinopril.getByTestId('reconcile-continue').check();
  await page().getByTestId('reconcile-commit').click();
  await view.getByRole('alert').filter({ hasText: /ibuprofen/ }).waitFor();
  await ibuprofen.getByTestId('reconcile-stop').check();
  await ibuprofen.getByTestId('reconcile-reason-code').selectOption('sddi');
  await ibuprofen.getByTestId('reconcile-reason-text').fill('NSAID in CKD 4 with an ACE inhibitor');
  await shot('medication-reconciliation');
  await page().getByTestId('reconcile-commit').click();
  await page().getByTestId('medication-notice').filter({ hasText: 'linked to the visit in progress' }).waitFor({ timeout: 15_000 });

  const statement = await call('records.getResource', { resourceType: 'MedicationStatement', id: 'demo-03-ibuprofen' });
  assert.ok(statement.ok, JSON.stringify(statement));
  assert.equal(statement.value.resource.status, 'stopped');
  assert.equal(statement.value.resource.statusReason[0].coding[0].code, 'sddi');
  assert.deepEqual(ctx.pageErrors, []);
});

test('modifying clarithromycin beside simvastatin runs the order check again: the critical card interrupts, proceeding needs a reason', async () => {
  await page().getByRole('button', { name: 'Patients' }).click();
  await page().getByTestId('patient-search').fill('Okafor');
  await page().getByRole('option', { name: /Okafor/ }).click();
  await page().getByTestId('chart-patient-name').filter({ hasText: 'Okafor' }).waitFor();
  await row('active', 'clarithromycin').getByTestId('medication-modify').click();
  await page().getByTestId('change-dose').fill('250');
  await page().getByTestId('change-frequency').selectOption('bd');
  await page().getByTestId('change-reason-code').selectOption('clarif');
  await page().getByTestId('change-submit').click();
  const dialog = page().getByTestId('critical-dialog');
  await dialog.waitFor({ timeout: 15_000 });
  assert.match(await dialog.textContent(), /simvastatin/i);
  // Nothing is saved while the alert is open.
  assert.equal(await row('stopped', 'clarithromycin').count(), 0);
  await dialog.getByLabel('Monitoring in place').check();
  await page().getByTestId('critical-proceed').click();
  await page().getByTestId('medication-notice').filter({ hasText: 'changed' }).waitFor({ timeout: 15_000 });
  await row('active', '250 mg oral twice daily').filter({ hasText: 'clarithromycin' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(ctx.pageErrors, []);
});
