import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

// The demo's library (crates/ablauf-demo/data/library.toml) holds the
// templates; Gemeinde Beispielheim has adopted none of them.

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const clean = (s) => s.replaceAll('\u00ad', '');

// Follows a link or presses a button with the keyboard.
async function press(page, locator, url) {
  await locator.focus();
  await Promise.all([url ? page.waitForURL(url) : page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
  await page.waitForLoadState('load');
}

test('a modeller finds a template by a German word form and adopts it through the wizard, by keyboard', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'modellierer@beispielheim.example');
  const org = new URL(page.url()).pathname;

  // The library from the main navigation.
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await press(page, nav.getByRole('link', { name: 'Bibliothek' }), /\/bibliothek$/);
  await p.check('library');
  assert.match(await page.locator('#library-count').innerText(), /\d+ Musterprozesse/);

  // Search as one types: a plural finds the singular.
  await page.getByLabel('Suchbegriff').focus();
  await page.keyboard.type('Gewerbeanmeldungen');
  await page.waitForURL(/q=Gewerbeanmeldungen/);
  const results = page.getByRole('table', { name: 'Ergebnisse' });
  await results.getByRole('link', { name: 'Gewerbeanmeldung', exact: true }).waitFor();
  assert.equal(clean(await results.locator('tbody th a').first().innerText()), 'Gewerbeanmeldung');
  await p.check('search');
  // A filter by organisation kind narrows the list without a page load.
  await page.getByLabel('Passend für').selectOption('gemeinde');
  await page.waitForURL(/kind=gemeinde/);
  await results.getByRole('link', { name: 'Gewerbeanmeldung', exact: true }).waitFor();
  await p.check('filtered');

  // The template's page: Steckbrief, diagram, steps, figures, versions.
  await press(page, results.getByRole('link', { name: 'Gewerbeanmeldung', exact: true }), /\/bibliothek\/vorlagen\//);
  await p.check('template');
  assert.equal(clean(await page.locator('h1').innerText()), 'Gewerbeanmeldung');
  for (const h of ['Steckbrief', 'Ablaufdiagramm', 'Schritte', 'Kennzahlen', 'Versionen']) {
    assert.equal(await page.getByRole('heading', { name: h, exact: true }).count(), 1, h);
  }
  assert.equal(await page.locator('.diagram-body svg').count(), 1);
  assert.match(await page.locator('main').innerText(), /Bearbeitungszeit je Fall/);
  const template = new URL(page.url()).pathname;

  // The wizard: roles suggested by name where Beispielheim has a unit of
  // that name; a role left unmapped is named.
  await press(page, page.getByRole('link', { name: /^Übernehmen/ }), /\/uebernehmen/);
  await p.check('wizard');
  assert.match(await page.locator('h1').innerText(), /Musterprozess übernehmen/);
  const roles = page.locator('select[id^="f-role-"]');
  const n = await roles.count();
  assert.ok(n > 0, 'the template names roles');
  await roles.first().focus();
  await roles.first().selectOption('');
  const submit = page.getByRole('button', { name: 'Übernehmen' });
  await press(page, submit);
  await p.check('wizard errors');
  const summary = page.getByRole('alert');
  assert.match(await summary.innerText(), /Bitte ordnen Sie die Rolle/);
  assert.equal(await roles.first().getAttribute('aria-invalid'), 'true');

  // Map every role by keyboard (the first unit for those without one),
  // give new pay grades a rate, and adopt.
  for (let i = 0; i < n; i += 1) {
    const select = roles.nth(i);
    if (await select.inputValue()) continue;
    await select.focus();
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await select.inputValue(), '', `role ${i} chosen by keyboard`);
  }
  for (const rate of await page.locator('input[id^="f-rate-"]').all()) {
    await rate.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('61,90');
  }
  await press(page, submit, /\/prozesse\/[0-9a-f-]+$/);
  await p.check('adopted process');
  const lineage = page.locator('.lineage');
  assert.match(await lineage.innerText(), /Übernommen aus Musterprozess „Gewerbeanmeldung“, Version \d+\.\d+/);
  assert.equal(new URL(await lineage.getByRole('link').getAttribute('href'), server.base).pathname.startsWith(template), true);

  // Adopting again is allowed and said.
  await p.visit(`${org}/bibliothek/${template.split('/').pop()}/uebernehmen`);
  assert.match(await page.locator('main').innerText(), /Sie haben diesen Musterprozess bereits übernommen/);
  await p.done();
});

test('a viewer reads the library but is offered no adoption; signed out, nobody reads it', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'betrachter@beispielheim.example');
  await p.visit('/bibliothek?q=Hundesteuer');
  const results = page.getByRole('table', { name: 'Ergebnisse' });
  await press(page, results.locator('tbody th a').first(), /\/bibliothek\/vorlagen\//);
  await p.check('template as viewer');
  assert.equal(await page.getByRole('link', { name: /^Übernehmen/ }).count(), 0);
  assert.match(await page.locator('main').innerText(), /Übernehmen können Modellierer und Administratoren/);
  // Every version stays readable.
  const older = page.getByRole('table', { name: /Alle Versionen/ }).getByRole('link');
  if (await older.count() > 0) {
    await press(page, older.first(), /\/versionen\//);
    await p.check('older version');
    assert.match(await page.locator('main').innerText(), /ältere Version/);
  }
  await p.done();

  const anonymous = await newPage(browser, server.base);
  await anonymous.page.goto(`${server.base}/bibliothek`);
  assert.match(anonymous.page.url(), /\/anmelden/);
  await anonymous.check('sign-in instead');
  await anonymous.done();
});
