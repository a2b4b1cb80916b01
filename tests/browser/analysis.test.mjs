import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function openProcess(p, org, name) {
  const { page } = p;
  await p.visit(`${org}/suche?q=${encodeURIComponent(name)}`);
  await page.getByRole('link', { name, exact: true }).first().click();
  await page.waitForLoadState('load');
  await p.check('profile');
  return new URL(page.url()).pathname;
}

test('an administrator reads the figures of a process and changes the parameters they use', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'admin@musterstadt.example');
  const org = new URL(page.url()).pathname;
  const path = await openProcess(p, org, 'Gewerbeanmeldung');

  await page.locator('main').getByRole('link', { name: 'Analyse', exact: true }).click();
  await page.waitForURL(/\/analyse$/);
  await p.check('analysis');
  assert.match((await page.locator('h1').innerText()).replaceAll('\u00ad', ''), /Analyse: Gewerbeanmeldung/);
  const kpis = await page.locator('.kpis').innerText();
  assert.match(kpis, /Bearbeitungszeit je Fall\s*[\d.,]+ min/);
  assert.match(kpis, /Stellenbedarf/);
  assert.match(await page.locator('.analysis-basis').innerText(), /10 % Verteilzeitzuschlag/);
  // The paper branch of the demo keys a form in again: a media break with
  // links into the block editor.
  const media = page.locator('section', { has: page.getByRole('heading', { name: 'Medienbrüche und Übergaben' }) });
  assert.ok(await media.locator('.finding').count() > 0, 'media breaks found');
  const stepLink = media.locator('.finding-steps a').first();
  assert.match(await stepLink.getAttribute('href'), /\/modell\?schritt=/);
  for (const caption of ['Nach Teilprozess', 'Nach Organisationseinheit', 'Nach IT-System', 'Nach Entgeltgruppe', 'Nach Schritt']) {
    assert.equal(await page.getByRole('table', { name: caption }).count(), 1, caption);
  }

  // The parameters, by keyboard from the figures.
  await page.getByRole('link', { name: 'Einstellungen ändern' }).focus();
  await Promise.all([page.waitForURL(/verwaltung\/analyse/), page.keyboard.press('Enter')]);
  await p.check('settings');
  await page.getByLabel(/^Verteilzeitzuschlag in Prozent/).fill('zehn');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.waitForLoadState('load');
  await p.check('settings error');
  assert.equal(await page.getByLabel(/^Verteilzeitzuschlag in Prozent/).getAttribute('aria-invalid'), 'true');
  await page.getByLabel(/^Verteilzeitzuschlag in Prozent/).fill('15');
  await page.getByLabel('Unterschrift auf Papier').uncheck();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.waitForURL(/hinweis=analysis_settings_saved/);
  await p.check('settings saved');
  assert.equal(await page.getByLabel('Unterschrift auf Papier').isChecked(), false);

  await p.visit(`${path}/analyse`);
  assert.match(await page.locator('.analysis-basis').innerText(), /15 % Verteilzeitzuschlag/);
  await p.done();
});

test('a viewer reads the analysis but cannot change the settings; a process without a model says so', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'betrachter@musterstadt.example');
  const org = new URL(page.url()).pathname;
  const path = await openProcess(p, org, 'Gewerbeanmeldung');
  await p.visit(`${path}/analyse`);
  assert.equal(await page.getByRole('link', { name: 'Einstellungen ändern' }).count(), 0);
  assert.ok(await page.locator('.kpis').count() === 1);
  const r = await page.goto(`${server.base}${org}/verwaltung/analyse`);
  assert.equal(r.status(), 403);
  await p.check('forbidden');
  await p.done();
});

test('the potential of a process with a to-be model, on screen and for print', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'betrachter@musterstadt.example');
  const org = new URL(page.url()).pathname;
  const path = await openProcess(p, org, 'Rechnungseingang und -prüfung');
  await page.getByRole('link', { name: 'Potenzial (Ist/Soll)' }).click();
  await page.waitForURL(/\/potenzial$/);
  await p.check('potential');
  const headline = await page.locator('.potential-headline').innerText();
  assert.match(headline, /spart [\d.]+ Arbeitsstunden, [\d,]+ Vollzeitäquivalente und [\d.]+ € Personalkosten im Jahr/);
  const table = page.getByRole('table', { name: 'Ist und Soll im Vergleich' });
  assert.match(await table.innerText(), /Medienbrüche/);
  assert.ok(await page.locator('.saving--saved').count() >= 3, 'savings marked');
  assert.match(await page.getByRole('heading', { name: /^Entfällt/ }).innerText(), /Entfällt \(\d+\)/);
  // The print layout is one page of A4 landscape or portrait, with no navigation.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.main-nav').isVisible(), false);
  await page.emulateMedia({ media: 'screen' });

  // The to-be model's own figures, from the Analyse tab's switch.
  await p.visit(`${path}/analyse`);
  await page.getByRole('link', { name: 'Soll', exact: true }).click();
  await page.waitForURL(/modell=soll/);
  await p.check('to-be analysis');
  assert.match(await page.locator('h1').innerText(), /Soll/);
  await p.done();
});

test('the landscape: totals, sortable tables with charts, downloads', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  await page.getByRole('navigation', { name: /Hauptnavigation|Haupt/ }).getByRole('link', { name: 'Analysen' }).click();
  await page.waitForURL(/\/analysen$/);
  await p.check('landscape');
  assert.match(await page.locator('.kpis').innerText(), /Modellierte Prozesse\s*\d+/);
  assert.match(await page.locator('.kpis').innerText(), /Potenzial der Soll-Modelle/);
  const units = page.getByRole('table', { name: 'Stellenbedarf nach Organisationseinheit' });
  assert.ok(await units.locator('tbody tr').count() > 1);
  assert.equal(await page.locator('svg.chart[role=img]').count() >= 4, true);
  // Sort by name with the keyboard, then by hours by click.
  const head = units.getByRole('button', { name: 'Organisationseinheit' });
  await head.focus();
  await page.keyboard.press('Enter');
  assert.equal(await units.locator('thead th').first().getAttribute('aria-sort'), 'descending');
  const names = await units.locator('tbody th').allInnerTexts();
  const clean = names.map((n) => n.replaceAll('\u00ad', ''));
  assert.deepEqual(clean, [...clean].sort((a, b) => b.localeCompare(a, 'de')));
  await units.getByRole('button', { name: 'Stunden im Jahr' }).click();
  // The column is found by its header (units with positions add two).
  const col = await units.locator('thead th').evaluateAll((ths) => ths.findIndex((th) => th.textContent.replaceAll('\u00ad', '').includes('Stunden im Jahr')));
  assert.ok(col > 0);
  const hours = await units.locator('tbody tr').evaluateAll((trs, i) => trs.map((tr) => Number(tr.cells[i].dataset.value)), col);
  assert.ok(hours.every((h) => Number.isFinite(h)));
  // Positions entered for units stand beside the need.
  assert.equal(await units.getByRole('columnheader', { name: 'Stellen minus Bedarf' }).count(), 1);
  assert.deepEqual(hours, [...hours].sort((a, b) => b - a));
  await p.check('sorted');
  // Every table can be downloaded as a workbook.
  const href = await page.getByRole('link', { name: /„Stellenbedarf nach Organisationseinheit“ als Excel-Datei/ }).getAttribute('href');
  const r = await page.request.get(server.base + href);
  assert.equal(r.status(), 200);
  assert.match(r.headers()['content-type'], /spreadsheetml/);
  await p.done();
});
