import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('an administrator adds a person by keyboard, changes the role and deactivates them', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'admin@musterstadt.example');
  const org = new URL(page.url()).pathname;
  await p.visit(`${org}/verwaltung/benutzer`);

  await page.getByLabel(/^E-Mail-Adresse/).focus();
  await page.keyboard.type('kai.klein@musterstadt.example');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Kai Klein');
  await page.getByLabel('Betrachter').check();
  await page.getByLabel('Startpasswort festlegen').check();
  const initial = page.getByRole('textbox', { name: 'Startpasswort', exact: true });
  await initial.fill('Anfang-2026!');
  await initial.press('Enter');
  await page.waitForLoadState('load');
  await p.check('person added');
  assert.match(await page.getByRole('status').innerText(), /Startpasswort für kai.klein@musterstadt.example ist gesetzt/);

  await p.visit(`${org}/verwaltung/benutzer`);
  // The filter narrows the table in place (htmx) as one types.
  await page.getByLabel('Nach Name oder E-Mail suchen').fill('klein');
  await page.waitForFunction(() => document.querySelectorAll('#member-table tbody tr').length === 1);
  await p.check('filtered');
  await page.getByRole('link', { name: 'Kai Klein' }).click();
  await page.waitForLoadState('load');
  await p.check('person page');
  await page.getByLabel('Modellierer').check();
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.waitForURL(/hinweis=saved/);
  await p.check('role saved');
  assert.equal(await page.getByLabel('Modellierer').isChecked(), true);

  await page.getByRole('link', { name: 'Deaktivieren' }).click();
  await page.waitForLoadState('load');
  await p.check('confirmation');
  assert.match(await page.locator('main').innerText(), /Soll Kai Klein .* deaktiviert werden\?/);
  await page.getByRole('button', { name: 'Deaktivieren' }).click();
  await page.waitForURL(/hinweis=user_deactivated/);
  await p.check('deactivated');
  assert.match(await page.locator('.lead').innerText(), /deaktiviert/);
  await p.done();

  const kai = await newPage(browser, server.base);
  await kai.visit('/anmelden');
  await kai.page.getByLabel('E-Mail-Adresse').fill('kai.klein@musterstadt.example');
  await kai.page.getByLabel('Passwort').fill('Anfang-2026!');
  await kai.page.getByRole('button', { name: 'Anmelden' }).click();
  await kai.page.waitForLoadState('load');
  await kai.check('refused');
  assert.match(await kai.page.getByRole('alert').innerText(), /Ihr Zugang ist deaktiviert/);
  await kai.done();
});

test('org units, pay grades and the audit trail', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'admin@beispielheim.example');
  const org = new URL(page.url()).pathname;
  await p.visit(`${org}/verwaltung/einheiten`);
  await page.getByLabel(/^Bezeichnung/).fill('Standesamt');
  await page.getByLabel(/^Übergeordnete Einheit/).selectOption({ label: '\u2003Hauptamt' });
  await page.getByRole('button', { name: 'Anlegen' }).click();
  await page.waitForURL(/hinweis=unit_created/);
  await p.check('unit created');
  assert.ok(await page.getByRole('link', { name: 'Standesamt' }).isVisible());

  await p.visit(`${org}/verwaltung/entgeltgruppen`);
  await page.getByLabel(/^Entgelt- oder Besoldungsgruppe/).fill('E 10');
  await page.getByLabel(/^Stundensatz/).fill('sechzig');
  await page.getByRole('button', { name: 'Anlegen' }).click();
  await page.waitForLoadState('load');
  await p.check('amount error');
  assert.match(await page.locator('.error-summary').innerText(), /Betrag in Euro/);
  await page.getByLabel(/^Stundensatz/).fill('67,10');
  await page.getByRole('button', { name: 'Anlegen' }).click();
  await page.waitForURL(/hinweis=grade_created/);
  await p.check('grade created');
  assert.ok((await page.locator('table').innerText()).includes('67,10 €'));

  await p.visit(`${org}/verwaltung/protokoll`);
  await page.getByLabel('Text').fill('Standesamt');
  await page.waitForFunction(() => document.querySelector('#audit-count')?.textContent.includes('1 Einträge'));
  await p.check('audit filtered');
  assert.match(await page.locator('#audit-results').innerText(), /Organisationseinheit „Standesamt“ angelegt/);
  await page.getByLabel('Vorgang').selectOption({ label: 'Entgeltgruppe angelegt' });
  await page.getByLabel('Text').fill('');
  await page.waitForFunction(() => /^6 Einträge/.test(document.querySelector('#audit-count')?.textContent));
  await p.check('filtered by action');
  await p.done();
});

test('personal API token is shown once and can be revoked', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  await p.visit('/konto/tokens');
  await page.getByLabel(/^Bezeichnung/).fill('Auswertung');
  await page.getByRole('button', { name: 'Token erstellen' }).click();
  await page.waitForLoadState('load');
  await p.check('token shown');
  const token = await page.getByLabel('Ihr API-Token').inputValue();
  const me = await fetch(`${server.base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(me.status, 200);
  await page.getByRole('button', { name: 'Widerrufen: Token „Auswertung“' }).click();
  await page.waitForURL(/hinweis=token_revoked/);
  await p.check('revoked');
  const again = await fetch(`${server.base}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(again.status, 401);
  await p.done();
});
