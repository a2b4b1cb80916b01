import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

// The demo holds a process of Stadt Musterstadt adopted from a template
// that has a newer version since, with one conflict (issue 13).

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Presses Tab until `predicate` holds for the focused element.
async function tabTo(page, predicate, what, limit = 200) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return;
  }
  assert.fail(`Tab never reached ${what}`);
}

test('a Modellierer takes a template update by keyboard, keeping their own value where it conflicts', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');

  // The start page lists the update; its link opens the update page.
  const updates = page.locator('section', { has: page.getByRole('heading', { name: 'Aktualisierungen verfügbar' }) });
  assert.ok(await updates.count() > 0, 'the demo has an adopted process with a newer template version');
  const link = updates.getByRole('link').first();
  await link.focus();
  await Promise.all([page.waitForURL(/\/aktualisierung$/), page.keyboard.press('Enter')]);
  await p.check('update page');
  const updatePath = new URL(page.url()).pathname;

  const summary = await page.locator('.update-summary').innerText();
  assert.match(summary, /\d+ Änderung(en)?, davon 1 Konflikt/);
  // The conflict is marked in words, both values beside each other, and
  // keeping one's own is chosen for it; the other changes are taken.
  const conflict = page.locator('tr.update-conflict');
  assert.equal(await conflict.count(), 1);
  assert.match(await conflict.locator('th').innerText(), /Konflikt/);
  assert.ok(await conflict.getByLabel('Eigenen Stand behalten').isChecked());
  const others = page.locator('tr:not(.update-conflict) input[type=radio][value=take]');
  for (let i = 0; i < await others.count(); i++) assert.ok(await others.nth(i).isChecked(), 'non-conflicting changes are taken by default');
  assert.ok(await page.getByRole('heading', { name: 'Versionshinweise' }).isVisible());

  // A Betrachter reads the comparison without choices.
  const viewer = await newPage(browser, server.base);
  await signIn(viewer, 'betrachter@musterstadt.example');
  await viewer.visit(updatePath);
  assert.equal(await viewer.page.locator('input[type=radio]').count(), 0);
  assert.match(await viewer.page.locator('main').innerText(), /Nur Modellierende/);
  assert.equal(await viewer.page.locator('tr.update-conflict').count(), 1);
  await viewer.done();

  // By keyboard: to the conflict's choice, try "Übernehmen", settle on
  // keeping one's own, then to the submit button.
  await page.locator('h1').focus();
  await tabTo(page, () => !!document.activeElement?.closest('tr.update-conflict') && document.activeElement.type === 'radio', 'the conflict\'s choice');
  await page.keyboard.press('ArrowUp');
  assert.ok(await conflict.getByLabel('Übernehmen').isChecked());
  await page.keyboard.press('ArrowDown');
  assert.ok(await conflict.getByLabel('Eigenen Stand behalten').isChecked());
  await tabTo(page, () => document.activeElement?.textContent === 'Übernehmen und neue Version speichern', 'the submit button');
  await Promise.all([page.waitForURL(/hinweis=library_update\.taken/), page.keyboard.press('Enter')]);
  await p.check('process after taking');
  assert.match(await page.locator('.notice').innerText(), /Die Aktualisierung wurde übernommen/);
  assert.equal(await page.getByText('Aktualisierung verfügbar').count(), 0);

  // The update page now says there is nothing left to take.
  await p.visit(updatePath);
  assert.match(await page.locator('.notice').innerText(), /bereits auf der aktuellen Version/);
  await p.done();
});
