import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn, scrollsSideways } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('sign-in with a wrong password shows a German error, the right one opens the start page', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await p.visit('/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill('admin@musterstadt.example');
  await page.getByLabel('Passwort').fill('falsch');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForLoadState('load');
  await p.check('after a failed sign-in');
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /E-Mail-Adresse oder Passwort ist falsch/);
  // Focus moved to the message so a screen reader announces it.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'alert');

  await page.getByLabel('Passwort').fill('demo');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(/\/o\/[0-9a-f-]+$/);
  await p.check('start page');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Stadt Musterstadt');

  await page.getByRole('button', { name: 'Abmelden' }).click();
  await page.waitForURL(/\/anmelden/);
  await p.check('after sign-out');
  assert.match(await page.getByRole('status').innerText(), /abgemeldet/);
  await p.done();
});

test('the keyboard alone reaches the skip link, the content and the navigation', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'admin@musterstadt.example');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(first, 'Zum Inhalt springen');
  // The focused skip link is visible (moved into view), not off-screen.
  const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().top);
  assert.ok(box >= 0, 'skip link visible when focused');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // Tab through the navigation to "Benutzer" and open it with Enter.
  await page.goto(page.url());
  await p.check();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement.textContent.trim())) === 'Benutzer') break;
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(/verwaltung\/benutzer$/);
  await p.check('users page reached by keyboard');
  await p.done();
});

test('pages reflow at 200 % zoom without sideways scrolling', async () => {
  // 1280 px at 200 % is a 640 px wide viewport.
  const p = await newPage(browser, server.base, { viewport: { width: 640, height: 800 } });
  await signIn(p, 'admin@musterstadt.example');
  const start = new URL(p.page.url()).pathname;
  for (const path of [start, `${start}/verwaltung/benutzer`, `${start}/verwaltung/protokoll`, '/konto/tokens']) {
    await p.visit(path);
    assert.equal(await scrollsSideways(p.page), false, `${path} scrolls sideways at 200 %`);
  }
  await p.done();
});

test('the accessibility check itself fails on a page with a violation', async () => {
  // Guards against a check that cannot fail: an unlabelled field and an
  // image without text must be reported.
  const p = await newPage(browser, server.base);
  await p.page.setContent('<!doctype html><html lang="de"><title>x</title><main><input><img src="data:,"></main></html>');
  await assert.rejects(p.check(), /label|image-alt/);
  await p.context.close();
});
