/* global window, document, location, getComputedStyle, innerWidth, innerHeight */
// End to end (issue #19): no panel covers a control — the "Background work" tray over the
// "Check and order" button was the case seen — checked by element bounding boxes and by what
// the browser hit-tests at each control's centre; and results read at a glance (critical vs
// abnormal, short names with the LOINC name on hover, Markdown cards), with axe and screenshots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { artifactsDir, assertAccessible, E2E_USER, openDemoChart } from './support.mjs';

let ctx;

before(async () => {
  ctx = await openDemoChart('Castellanos');
});

after(async () => {
  await ctx?.browser.close();
  await ctx?.host.stop();
});

/**
 * From a second workstation signed in as the e2e user: an import of a file that is not FHIR, so
 * a job shows in every signed-in session's tray and stays there (failed jobs wait to be read).
 */
function startFailingImport(page) {
  return page.evaluate(
    (u) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/contract`);
        let id = 0;
        const pending = new Map();
        const call = (channel, input) => new Promise((res) => { pending.set(++id, res); ws.send(JSON.stringify({ id, channel, input })); });
        ws.onmessage = (m) => {
          const msg = JSON.parse(m.data);
          if (msg.kind === 'result') pending.get(msg.id)?.(msg.result);
        };
        ws.onopen = async () => {
          try {
            await call('auth.signIn', u);
            const body = 'this is not a FHIR file\n';
            const slot = await call('records.uploadSlot', { purpose: 'import', name: 'not-fhir.ndjson', bytes: body.length });
            if (!slot.ok) throw new Error(JSON.stringify(slot));
            const up = await fetch(slot.value.url, { method: 'POST', body, headers: { 'Content-Type': 'application/octet-stream' } });
            if (!up.ok) throw new Error(`upload ${up.status}`);
            const started = await call('records.importStart', { upload: slot.value.token });
            ws.close();
            resolve(started);
          } catch (e) {
            reject(e);
          }
        };
      }),
    { username: E2E_USER.username, password: E2E_USER.password },
  );
}

/** Visible controls covered by another element at their centre, or overlapped by the tray's box. */
function coveredControls(page) {
  return page.evaluate(() => {
    const tray = document.querySelector('[data-testid="jobs-tray"]');
    const trayBox = tray?.getBoundingClientRect();
    const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const out = [];
    for (const el of document.querySelectorAll('button, input, select, textarea, a[href], [role="tab"]')) {
      if (tray?.contains(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      // Only what is on screen can be covered: inside the window, and inside every scrolling box around it.
      let clip = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (!/(auto|scroll|hidden)/.test(getComputedStyle(p).overflow)) continue;
        const r = p.getBoundingClientRect();
        clip = { left: Math.max(clip.left, r.left), top: Math.max(clip.top, r.top), right: Math.min(clip.right, r.right), bottom: Math.min(clip.bottom, r.bottom) };
      }
      const cx = box.left + box.width / 2;
      const cy = box.top + box.height / 2;
      if (cx < clip.left || cx >= clip.right || cy < clip.top || cy >= clip.bottom) continue;
      const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.tagName).trim().slice(0, 40);
      if (trayBox && overlap(box, trayBox)) out.push(`${name}: under the Background work tray`);
      const hit = document.elementFromPoint(cx, cy);
      if (hit && hit !== el && !el.contains(hit) && !hit.contains(el)) out.push(`${name}: covered by ${hit.tagName.toLowerCase()}.${String(hit.className).split(' ')[0]}`);
    }
    return out;
  });
}

test('no panel covers a control: the Background work tray and the Check and order button', async () => {
  const { page } = ctx;
  const started = await startFailingImport(page);
  assert.equal(started.ok, true, JSON.stringify(started));
  const tray = page.getByTestId('jobs-tray');
  await tray.waitFor();
  const order = page.getByRole('button', { name: 'Check and order' });
  for (const viewport of [{ width: 1366, height: 900 }, { width: 1024, height: 700 }]) {
    await page.setViewportSize(viewport);
    await order.scrollIntoViewIfNeeded();
    const [a, b] = [await order.boundingBox(), await tray.boundingBox()];
    assert.ok(a && b, 'the button and the tray are both on the page');
    const overlaps = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    assert.equal(overlaps, false, `"Check and order" ${JSON.stringify(a)} overlaps the tray ${JSON.stringify(b)} at ${viewport.width}×${viewport.height}`);
    assert.deepEqual(await coveredControls(page), [], `controls covered at ${viewport.width}×${viewport.height}`);
    // Scrolled to the end, nothing is hidden behind the tray either.
    await page.evaluate(() => document.querySelector('#main')?.scrollTo(0, 1e6));
    await page.evaluate(() => window.scrollTo(0, 1e6));
    assert.deepEqual(await coveredControls(page), [], `controls covered at the end of the page, ${viewport.width}×${viewport.height}`);
    await page.screenshot({ path: path.join(artifactsDir(), `layout-tray-${viewport.width}.png`) });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await assertAccessible(page, 'chart with the Background work tray');
});

test('results at a glance: critical potassium apart from abnormal values, short names with the LOINC name on hover', async () => {
  const { page, pageErrors } = ctx;
  await page.getByRole('tab', { name: 'Vitals and labs' }).click();
  const potassium = page.locator('tr[data-flag="critical"]', { hasText: '6.8 mmol/L' }).first();
  await potassium.waitFor();
  assert.match(await potassium.innerText(), /critically high/i);
  assert.equal(await potassium.getByTestId('test-name').innerText(), 'Potassium');
  assert.match(await potassium.getByTestId('test-name').getAttribute('title'), /^LOINC 6298-4: Potassium \[Moles\/volume\] in Blood$/);
  // Abnormal but not critical values are flagged in a different, plainer style.
  const abnormal = page.locator('tr[data-flag="abnormal"]').first();
  assert.ok(await abnormal.count(), 'some results are abnormal but not critical');
  const [critStyle, abnStyle] = await Promise.all([
    potassium.locator('.flag').evaluate((e) => getComputedStyle(e).backgroundColor),
    abnormal.locator('.flag').evaluate((e) => getComputedStyle(e).backgroundColor),
  ]);
  assert.notEqual(critStyle, abnStyle);
  // The trends a clinician looks for: blood pressure, creatinine and potassium among them.
  for (const code of ['85354-9', '2160-0', '6298-4']) await page.getByTestId(`trend-${code}`).waitFor();
  assert.equal(await page.getByTestId('trend-6298-4').getAttribute('data-status'), 'criticalHigh');
  // No time of 00:00 on any result: the demo's visits and labs have real times.
  const dates = await page.locator('table.data-table tbody td:first-child').allInnerTexts();
  assert.ok(dates.length > 0);
  assert.deepEqual(dates.filter((d) => /\b00:00\b|12:00\s?AM/i.test(d)), []);
  await page.screenshot({ path: path.join(artifactsDir(), 'results-at-a-glance.png'), fullPage: true });
  await assertAccessible(page, 'results');
  // Cards: Markdown rendered, no raw ISO timestamps.
  const cards = await page.getByTestId('suggestion-card').allInnerTexts();
  assert.ok(cards.length > 0);
  for (const c of cards) {
    assert.doesNotMatch(c, /\*\*/);
    assert.doesNotMatch(c, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  }
  assert.deepEqual(pageErrors, []);
});
