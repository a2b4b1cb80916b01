import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a person in three organisations switches between them with the header switcher', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'lotse@ablauf.example');
  const select = page.getByLabel('Organisation', { exact: true });
  const options = await select.locator('option').allInnerTexts();
  assert.equal(options.length, 3);
  assert.ok(options.some((o) => o.startsWith('Landkreis Elbtal')));

  // By keyboard: focus the select, choose, then the button.
  await select.focus();
  await select.selectOption({ label: options.find((o) => o.startsWith('Landkreis Elbtal')) });
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await p.check('after switching');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Landkreis Elbtal');
  assert.match(await page.locator('.lead').innerText(), /Redaktion der Prozessbibliothek/);

  await select.selectOption({ label: options.find((o) => o.startsWith('Gemeinde Beispielheim')) });
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Wechseln' }).click()]);
  await p.check('after switching again');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Gemeinde Beispielheim');
  await p.visit('/organisationen');
  await p.visit('/api');
  await p.done();
});

test('the operator creates an organisation and hands over a one-time link', async () => {
  const op = await newPage(browser, server.base);
  await signIn(op, 'betreiber@ablauf.example');
  await op.visit('/betrieb/organisationen');
  const { page } = op;
  // Submitting empty shows the errors, tied to their fields.
  await page.getByRole('button', { name: 'Organisation anlegen' }).click();
  await page.waitForLoadState('load');
  await op.check('errors');
  assert.equal(await page.getByLabel(/Name der Organisation/).getAttribute('aria-invalid'), 'true');
  await page.getByLabel(/Name der Organisation/).fill('Zweckverband Wasser Elbtal');
  await page.getByLabel(/^Art/).selectOption('zweckverband');
  await page.getByLabel(/E-Mail-Adresse/).fill('admin@zv-wasser.example');
  await page.getByLabel(/^Name \(Pflichtfeld\)/).fill('Willi Wasser');
  await page.getByRole('button', { name: 'Organisation anlegen' }).click();
  await page.waitForLoadState('load');
  await op.check('handover');
  const link = await page.getByRole('textbox', { name: 'Einmal-Link' }).inputValue();
  assert.match(link, /\/zugang\//);
  await op.done();

  const admin = await newPage(browser, server.base);
  await admin.page.goto(link);
  await admin.check('set password');
  await admin.page.getByLabel(/^Neues Passwort \(/).fill('Wasser ist Leben');
  await admin.page.getByLabel(/wiederholen/).fill('Wasser ist Leben');
  await admin.page.getByRole('button', { name: 'Passwort speichern' }).click();
  await admin.page.waitForURL(/hinweis=password_set/);
  await admin.check('password set');
  await signIn(admin, 'admin@zv-wasser.example', 'Wasser ist Leben');
  assert.equal(await admin.page.getByRole('heading', { level: 1 }).innerText(), 'Zweckverband Wasser Elbtal');
  await admin.done();
});

test('the operator imports a service catalogue and sees the rows not taken', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'betreiber@ablauf.example');
  await p.visit('/betrieb/leistungen');
  const csv = 'leika_schluessel,leika_bezeichnung,typisierung,rechtsgrundlage,ozg_id,ozg_leistung,lebenslage,themenfeld\n'
    + '99105005000000,Hundesteuer Anmeldung,3,,1,Hundesteuer,Tiere,Steuern\n'
    + 'nicht im LeiKa,Ohne Schlüssel,1,,2,x,y,z\n';
  await page.getByLabel(/^CSV-Datei/).setInputFiles({ name: 'leika.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Importieren' }).click();
  await page.waitForLoadState('load');
  await p.check('import report');
  const report = await page.locator('.panel--highlight').innerText();
  assert.match(report, /1 Leistungen übernommen: 1 neu/);
  assert.match(report, /1 Zeilen wurden nicht übernommen/);
  await page.getByText('Nicht übernommene Zeilen anzeigen').click();
  assert.match(await page.locator('.report-rows').innerText(), /Zeile 3: kein gültiger LeiKa-Schlüssel/);
  await page.getByLabel('Name oder LeiKa-Schlüssel').fill('hunde');
  await page.getByLabel('Name oder LeiKa-Schlüssel').press('Enter');
  await page.waitForURL(/q=hunde/);
  await p.check('lookup');
  assert.match(await page.locator('table').innerText(), /99105005000000/);
  await p.done();
});

test('the operator deactivates an organisation after confirming and reactivates it', async () => {
  const op = await newPage(browser, server.base);
  const { page } = op;
  await signIn(op, 'betreiber@ablauf.example');
  await op.visit('/betrieb/organisationen');
  await page.getByRole('link', { name: 'Gemeinde Beispielheim' }).click();
  await page.waitForURL(/\/betrieb\/organisationen\/[0-9a-f-]+$/);
  await op.check('organisation');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Gemeinde Beispielheim');

  // Deactivating asks on a page of its own; "Abbrechen" changes nothing.
  await page.getByRole('link', { name: 'Organisation deaktivieren' }).click();
  await page.waitForURL(/deaktivieren$/);
  await op.check('confirm');
  assert.match(await page.locator('.lead').innerText(), /Es wird nichts gelöscht/);
  await page.getByRole('button', { name: 'Organisation deaktivieren' }).click();
  await page.waitForURL(/hinweis=org_deactivated/);
  await op.check('deactivated');
  assert.match(await page.locator('main').innerText(), /Diese Organisation ist deaktiviert/);
  await op.visit('/betrieb/organisationen');
  const row = page.getByRole('row', { name: /Gemeinde Beispielheim/ });
  assert.match(await row.innerText(), /deaktiviert/);

  // A member of it cannot sign in to work there any more.
  const member = await newPage(browser, server.base);
  await member.visit('/anmelden');
  await member.page.getByLabel('E-Mail-Adresse').fill('modellierer@beispielheim.example');
  await member.page.getByLabel('Passwort').fill('demo');
  await member.page.getByRole('button', { name: 'Anmelden' }).click();
  await member.page.waitForLoadState('load');
  await member.check('refused');
  assert.match(new URL(member.page.url()).pathname, /^\/anmelden/);
  assert.match(await member.page.locator('main').innerText(), /Ihr Zugang ist deaktiviert/);
  await member.done();

  await row.getByRole('link', { name: 'Gemeinde Beispielheim' }).click();
  await page.waitForLoadState('load');
  await op.check('inactive organisation');
  await page.getByRole('button', { name: 'Organisation wieder aktivieren' }).click();
  await page.waitForURL(/hinweis=org_activated/);
  await op.check('reactivated');
  await op.done();
});
