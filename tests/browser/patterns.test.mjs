import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a modeller asks for print, sign, scan across the landscape, opens a step and keeps the query', async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  const org = new URL(page.url()).pathname;
  // The main navigation leads to the Analysen area (the landscape first),
  // its own navigation to the pattern queries.
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Analysen' }).click()]);
  await p.check('landscape');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Musterabfragen' }).click()]);
  await p.check('empty form');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Musterabfrage');

  // Built by keyboard: the block select, then "add a step", twice.
  const first = page.getByLabel('Baustein').first();
  await first.focus();
  await first.selectOption({ label: 'Drucken' });
  await page.getByRole('button', { name: 'Weiteren Schritt hinzufügen' }).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await p.check('two steps');
  await page.locator('#f-b1').selectOption({ label: 'Zeichnen/Unterschreiben' });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Weiteren Schritt hinzufügen' }).click()]);
  await p.check('three steps');
  await page.locator('#f-b2').selectOption({ label: 'Scannen' });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Abfrage ausführen' }).click()]);
  await p.check('results');
  const results = page.locator('#pattern-results');
  assert.match(await results.innerText(), /Sitzungsdienst/);
  assert.match(await results.getByRole('status').innerText(), /Prozesse? gefunden/);

  // A step opens in the block editor with its form.
  const step = results.getByRole('row', { name: /Sitzungsdienst/ }).getByRole('link').nth(1);
  const href = await step.getAttribute('href');
  assert.match(href, /\/modell\?schritt=/);
  await Promise.all([page.waitForNavigation(), step.click()]);
  await p.check('editor at the step');
  assert.match(page.url(), /schritt=/);
  await page.goBack({ waitUntil: 'load' });
  await p.check('back');

  // Kept under a name, run again, deleted after confirming.
  await page.getByLabel(/^Name der Abfrage/).fill('Drucken, Zeichnen, Scannen');
  await page.getByRole('button', { name: 'Abfrage speichern' }).click();
  await page.waitForURL(/hinweis=pattern_query_saved/);
  await p.check('saved');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Drucken, Zeichnen, Scannen', exact: true }).click()]);
  await p.check('saved query run');
  assert.match(await page.locator('#pattern-results').innerText(), /Sitzungsdienst/);
  assert.equal(await page.locator('#f-b2').inputValue(), 'scannen');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /^Löschen\s*: Drucken, Zeichnen, Scannen/ }).click()]);
  await p.check('confirm delete');
  await page.getByRole('button', { name: 'Löschen' }).click();
  await page.waitForURL(/hinweis=pattern_query_deleted/);
  await p.check('deleted');
  assert.match(await page.locator('body').innerText(), /Noch keine gespeicherten Abfragen/);

  // A waiting time that is no number is named at its field.
  await p.visit(`${org}/analysen/muster?n=1&w0=lang&run=1`);
  assert.equal(await page.locator('#f-w0').getAttribute('aria-invalid'), 'true');
  await p.done();
});

test('a viewer runs a query on a phone-sized screen but cannot keep it', async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 320, height: 800 } });
  const { page } = p;
  await signIn(p, 'betrachter@musterstadt.example');
  const org = new URL(page.url()).pathname;
  await p.visit(`${org}/analysen/muster?n=2&b0=zeichnen-unterschreiben&b1=scannen&within=subprocess&adjacent=1&run=1`);
  assert.match(await page.locator('#pattern-results').innerText(), /Sitzungsdienst/);
  assert.equal(await page.getByRole('button', { name: 'Abfrage speichern' }).count(), 0);
  await p.done();
});
