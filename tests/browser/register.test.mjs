import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function createProcess(p, org, name) {
  const { page } = p;
  await p.visit(`${org}/prozesse/neu`);
  await page.getByLabel(/^Name \(Pflichtfeld\)/).fill(name);
  await page.getByLabel(/^Auslöser/).fill('Antrag geht ein');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.waitForURL(/hinweis=process_created/);
  await p.check('profile');
  return new URL(page.url()).pathname;
}

test('a modeller edits a Steckbrief, compares versions and finds it by search', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  const org = new URL(page.url()).pathname;
  await p.visit(`${org}/prozesse`);
  // An area for the map.
  await page.getByLabel(/^Name des Bereichs/).fill('Testbereich Browser');
  await page.getByRole('button', { name: 'Bereich anlegen' }).click();
  await page.waitForURL(/hinweis=area_created/);
  await p.check('area created');

  // Submitting without a name: the error is tied to the field.
  await p.visit(`${org}/prozesse/neu`);
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.waitForLoadState('load');
  await p.check('errors');
  assert.equal(await page.getByLabel(/^Name \(Pflichtfeld\)/).getAttribute('aria-invalid'), 'true');

  const path = await createProcess(p, org, 'Straßenaufbruch – Genehmigung');
  await page.getByRole('link', { name: 'Steckbrief bearbeiten' }).click();
  await page.waitForLoadState('load');
  await p.check('edit form');
  await page.getByLabel(/^Bereich der Prozesslandkarte/).selectOption({ label: 'Testbereich Browser' });
  await page.getByLabel(/^Status/).selectOption('dokumentiert');
  await page.getByLabel(/^Kurzbeschreibung/).fill('Reinigung öffentlicher Straßen nach Satzung.');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.waitForURL(/hinweis=saved/);
  await p.check('saved');
  assert.match(await page.locator('.lead').innerText(), /Version 2/);

  await page.getByRole('link', { name: 'Versionen' }).click();
  await page.waitForLoadState('load');
  await p.check('versions');
  await page.getByRole('button', { name: 'Ausgewählte Versionen vergleichen' }).click();
  await page.waitForLoadState('load');
  await p.check('comparison');
  assert.match(await page.locator('.lead').innerText(), /Felder unterscheiden sich/);

  // Search as you type.
  await p.visit(`${org}/suche`);
  await page.getByLabel('Suchbegriff').fill('strassenaufbruch');
  await page.waitForFunction(() => [...document.querySelectorAll('#search-results mark')].some((m) => m.textContent === 'Straßenaufbruch'));
  await p.check('search results');
  await page.getByRole('link', { name: 'Straßenaufbruch – Genehmigung' }).click();
  await page.waitForURL((u) => u.pathname === path);
  await p.check('found');
  await p.done();
});

test('two people edit the same process: the second sees both and loses nothing', async () => {
  const a = await newPage(browser, server.base);
  await signIn(a, 'modellierer@musterstadt.example');
  const org = new URL(a.page.url()).pathname;
  const path = await createProcess(a, org, 'Sitzungsdienst Testlauf');
  const b = await newPage(browser, server.base);
  await signIn(b, 'admin@musterstadt.example');
  await b.visit(`${path}/bearbeiten`);
  await a.visit(`${path}/bearbeiten`);
  await a.page.getByLabel(/^Ergebnis/).fill('Niederschrift veröffentlicht');
  await a.page.getByRole('button', { name: 'Speichern' }).click();
  await a.page.waitForURL(/hinweis=saved/);
  await a.check();

  await b.page.getByLabel(/^Ergebnis/).fill('Beschluss ausgefertigt');
  await b.page.getByRole('button', { name: 'Speichern' }).click();
  await b.page.waitForLoadState('load');
  await b.check('conflict page');
  const alert = await b.page.getByRole('alert').innerText();
  assert.match(alert, /inzwischen gespeichert/);
  assert.match(alert, /Niederschrift veröffentlicht/);
  assert.equal(await b.page.getByLabel(/^Ergebnis/).inputValue(), 'Beschluss ausgefertigt', 'typed value kept');
  await b.page.getByRole('button', { name: 'Meine Eingabe als neue Version speichern' }).click();
  await b.page.waitForURL(/hinweis=saved/);
  await b.check('resolved');
  assert.match(await b.page.locator('.lead').innerText(), /Version 3/);
  await a.done();
  await b.done();
});
