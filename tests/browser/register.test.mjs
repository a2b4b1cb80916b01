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

test('a large register: the table pages by keyboard, the map links the rest, search says how many', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  const org = new URL(page.url()).pathname;
  // 130 processes through the API, with a token made in the UI.
  await p.visit('/konto/tokens');
  await page.getByLabel(/^Bezeichnung/).fill('Massenanlage');
  await page.getByRole('button', { name: 'Token erstellen' }).click();
  await page.waitForLoadState('load');
  await p.check('token');
  const token = await page.getByLabel('Ihr API-Token').inputValue();
  for (let i = 1; i <= 130; i++) {
    const r = await fetch(`${server.base}/api/v1/organizations/${org.split('/')[2]}/processes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ profile: { name: `Parkverstoß ${String(i).padStart(3, '0')}` } }),
    });
    assert.equal(r.status, 201, await r.text());
  }

  await p.visit(`${org}/prozesse?ansicht=tabelle&sort=name`);
  const rows = await page.locator('#register-rows').innerText();
  const total = Number(/von (\d+)/.exec(rows)[1]);
  assert.ok(total >= 130, rows);
  assert.match(rows, /^Zeilen 1–100 von/);
  assert.equal(await page.locator('table.register tbody tr').count(), 100);
  const pager = page.getByRole('navigation', { name: 'Seiten des Prozessregisters' });
  assert.match(await pager.innerText(), /Seite 1 von 2/);
  // By keyboard: focus the next-page link and follow it.
  const next = pager.getByRole('link', { name: 'Nächste Seite ›' });
  await next.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/seite=2/);
  await p.check('page 2');
  assert.match(await page.locator('#register-rows').innerText(), new RegExp(`^Zeilen 101–${total} von ${total}`));
  assert.match(await pager.innerText(), /Seite 2 von 2/);
  assert.equal(await pager.getByRole('link', { name: 'Nächste Seite ›' }).count(), 0);

  // The map lists 60 tiles of the processes without area and says how many more.
  await p.visit(`${org}/prozesse`);
  const none = page.getByRole('region', { name: 'Ohne Bereich' });
  assert.equal(await none.locator('.tile').count(), 60);
  assert.match(await none.innerText(), /und \d+ weitere Prozesse ohne Bereich/);

  // Search counts all hits and lists the best 50.
  await p.visit(`${org}/suche`);
  await page.getByLabel('Suchbegriff').fill('parkverstoss');
  // 130 of ours, and whatever the demo register holds about parking offences.
  await page.waitForFunction(() => /Treffer, die besten 50/.test(document.getElementById('search-count')?.textContent ?? ''));
  const hits = await page.locator('#search-count').innerText();
  assert.ok(Number(/^(\d+) Treffer/.exec(hits)[1]) >= 130, hits);
  assert.equal(await page.locator('#search-results .hit').count(), 50);
  await p.check('search, many hits');
  await p.done();
});

test('the register as a tree folds by keyboard; the table filters by a service picked from suggestions', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'betrachter@musterstadt.example');
  const org = new URL(page.url()).pathname;

  await p.visit(`${org}/prozesse`);
  await page.getByRole('navigation', { name: 'Ansicht' }).getByRole('link', { name: 'Baumansicht' }).click();
  await page.waitForURL(/ansicht=baum/);
  await p.check('tree');
  const tree = page.getByRole('list', { name: 'Baumansicht' });
  // The parent area counts the processes of its subareas.
  const core = tree.locator('summary', { hasText: 'Kernprozesse' });
  assert.match(await core.innerText(), /Kernprozesse \((\d+) Prozesse\)/);
  const citizens = tree.getByRole('link', { name: 'Anmeldung einer Wohnung' });
  assert.ok(await citizens.isVisible());
  // Enter on the area's summary folds it, and its subareas' processes with it.
  await core.focus();
  await page.keyboard.press('Enter');
  assert.equal(await citizens.isVisible(), false);
  await page.keyboard.press('Enter');
  assert.ok(await citizens.isVisible());

  // The table: the service field suggests catalogue entries as one types.
  await p.visit(`${org}/prozesse?ansicht=tabelle`);
  const field = page.getByLabel(/^Leistung/);
  await field.fill('gewerbe an');
  await page.waitForFunction(() => [...document.querySelectorAll('#service-options option')]
    .some((o) => o.value.includes('Gewerbe Anmeldung')));
  const picked = await page.locator('#service-options option', { hasText: 'Gewerbe Anmeldung' }).first().getAttribute('value');
  await field.fill(picked);
  await field.press('Enter');
  await page.waitForURL(/service=/);
  await p.check('filtered by service');
  // Soft hyphens in long names are invisible break points.
  const names = (await page.locator('table.register tbody th').allInnerTexts()).map((t) => t.replaceAll('\u00ad', ''));
  assert.deepEqual(names, ['Gewerbeanmeldung']);
  assert.equal(await field.inputValue(), picked);

  // Text that names several services is said so, tied to the field, and not applied.
  await field.fill('anmeldung');
  await field.press('Enter');
  await page.waitForURL(/service=anmeldung/);
  await p.check('ambiguous service');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const described = await field.getAttribute('aria-describedby');
  const message = await page.locator(`#${described.split(' ').pop()}`).innerText();
  assert.match(message, /Mehrere Leistungen passen/);
  assert.ok((await page.locator('table.register tbody tr').count()) > 1);
  await p.done();
});
