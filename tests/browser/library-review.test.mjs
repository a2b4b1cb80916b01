import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a modeller proposes a process, the Redaktion asks back and releases it', async () => {
  const m = await newPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  await signIn(m, 'modellierer@musterstadt.example');
  const org = new URL(m.page.url()).pathname;
  // A process with a model, from the register.
  await m.visit(`${org}/prozesse?q=Baumf%C3%A4llgenehmigung`);
  await Promise.all([m.page.waitForNavigation(), m.page.getByRole('link', { name: /Baumfällgenehmigung/ }).first().click()]);
  await m.check('process');
  await Promise.all([m.page.waitForNavigation(), m.page.getByRole('link', { name: /vorschlagen$/ }).click()]);
  await m.check('propose');
  assert.match((await m.page.getByRole('heading', { level: 1 }).innerText()).replace(/\u00ad/g, ''), /für die Prozessbibliothek vorschlagen/);
  // Roles named by keyboard: the first role field gets a neutral name.
  const role = m.page.getByLabel(/^Rolle für/).first();
  await role.focus();
  await role.fill('Fachbereich Umwelt');
  await m.page.getByLabel('Hinweis an die Redaktion').fill('Bewährt, mit Ortsbesichtigung.');
  await Promise.all([m.page.waitForNavigation(), m.page.getByRole('button', { name: 'Vorschau aktualisieren' }).click()]);
  await m.check('preview');
  assert.match(await m.page.locator('main').innerText(), /Fachbereich Umwelt/);
  const confirm = m.page.getByLabel(/Ich habe die Fundstellen geprüft/);
  if (await confirm.count()) await confirm.check();
  await m.page.getByRole('button', { name: 'Vorschlag senden' }).focus();
  await Promise.all([m.page.waitForNavigation(), m.page.keyboard.press('Enter')]);
  await m.check('sent');
  assert.match(await m.page.getByRole('status').first().innerText(), /bei der Redaktion/);
  const proposalUrl = new URL(m.page.url()).pathname;

  // The Redaktion finds it in the queue (own navigation entry) and asks back.
  const r = await newPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  await signIn(r, 'lotse@ablauf.example');
  await Promise.all([r.page.waitForNavigation(), r.page.getByRole('link', { name: 'Redaktion', exact: true }).click()]);
  await r.check('queue');
  await Promise.all([r.page.waitForNavigation(), r.page.getByRole('link', { name: 'Baumfällgenehmigung' }).first().click()]);
  await r.check('review');
  assert.match(await r.page.locator('main').innerText(), /Qualität/);
  await r.page.getByLabel('Was soll geändert werden?').fill('Bitte die Gebühr im Ergebnis nennen.');
  await Promise.all([r.page.waitForNavigation(), r.page.getByRole('button', { name: 'Um Änderungen bitten' }).click()]);
  await r.check('returned');

  // The modeller reads the request, answers and resubmits.
  await m.visit(proposalUrl);
  assert.match(await m.page.locator('main').innerText(), /Bitte die Gebühr im Ergebnis nennen\./);
  await m.page.getByRole('textbox', { name: 'Kommentar' }).fill('Ist ergänzt.');
  await Promise.all([m.page.waitForNavigation(), m.page.getByRole('button', { name: 'Kommentar senden' }).click()]);
  await m.check('commented');
  const again = m.page.getByLabel(/Ich habe die Fundstellen geprüft/);
  await again.check();
  await Promise.all([m.page.waitForNavigation(), m.page.getByRole('button', { name: 'Aktuellen Stand erneut einreichen' }).click()]);
  await m.check('resubmitted');

  // Released by the Redaktion with release notes.
  await r.page.reload();
  await r.check('review again');
  assert.match(await r.page.locator('main').innerText(), /Ist ergänzt\./);
  await r.page.getByLabel('Versionshinweise').fill('Erste Fassung für Städte.');
  await Promise.all([r.page.waitForNavigation(), r.page.getByRole('button', { name: 'Als Musterprozess freigeben' }).click()]);
  await r.check('released');
  assert.match(await r.page.getByRole('status').first().innerText(), /freigegeben/);

  await m.visit(proposalUrl);
  assert.match(await m.page.locator('main').innerText(), /Freigegeben als Version/);
  await m.done();
  await r.done();
});
