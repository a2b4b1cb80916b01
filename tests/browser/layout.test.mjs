// The page frame and small things people noticed: the administrator's
// navigation on one row at 1280 px, the PNG download named after the
// process, the version comparison's marked words. Every checked page is
// screenshot and checked for sideways scrolling (see lib.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test("the administrator's navigation fits one row at 1280 px", async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 800 } });
  await signIn(p, 'admin@musterstadt.example');
  const rows = await p.page.evaluate(() =>
    new Set([...document.querySelectorAll('.main-nav li')].map((li) => li.getBoundingClientRect().top)).size);
  assert.equal(rows, 1);
  // The account is reached from the name in the header.
  await Promise.all([p.page.waitForLoadState('load'), p.page.getByRole('link', { name: /^Petra Adler/ }).click()]);
  await p.check('account');
  assert.equal(await p.page.getByRole('heading', { level: 1 }).innerText(), 'Mein Konto');
  await p.done();
});

test('the PNG download is named after the process, and versions compare by word', async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await signIn(p, 'modellierer@musterstadt.example');
  const org = p.page.url().match(/\/o\/([^/]+)/)[1];
  const r = await p.page.request.get(`${server.base}/api/v1/organizations/${org}/processes?limit=500`);
  const proc = (await r.json()).find((x) => x.name === 'Gewerbeanmeldung');
  assert.ok(proc, 'demo process Gewerbeanmeldung');
  await p.visit(`/o/${org}/prozesse/${proc.id}/modell?ansicht=lesen`);
  const [download] = await Promise.all([
    p.page.waitForEvent('download'),
    p.page.getByRole('link', { name: 'PNG herunterladen' }).first().click(),
  ]);
  assert.equal(download.suggestedFilename(), 'gewerbeanmeldung.png');

  // A changed description: the comparison marks the words.
  const get = await p.page.request.get(`${server.base}/api/v1/organizations/${org}/processes/${proc.id}`);
  const current = await get.json();
  const profile = { ...current.profile, description: `${current.profile.description} Neu: digital.`.trim() };
  const put = await p.page.request.put(`${server.base}/api/v1/organizations/${org}/processes/${proc.id}`, {
    data: { version: current.version, profile, area_id: current.area_id, ...(current.status === 'freigegeben' ? {} : { status: current.status }) },
    headers: { 'X-CSRF-Token': (await p.context.cookies()).find((c) => c.name === 'ablauf_csrf')?.value ?? '' },
  });
  assert.equal(put.status(), 200, await put.text());
  await p.visit(`/o/${org}/prozesse/${proc.id}/vergleich?a=${current.version}&b=${current.version + 1}`);
  assert.match(await p.page.locator('table.compare tr', { hasText: 'Kurzbeschreibung' }).locator('ins').last().innerText(), /Neu: digital\./);
  await p.done();
});

test("a step's IT system comes from the catalogue, or is added to it", async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 900 } });
  await signIn(p, 'modellierer@musterstadt.example');
  const org = p.page.url().match(/\/o\/([^/]+)/)[1];
  const r = await p.page.request.get(`${server.base}/api/v1/organizations/${org}/processes?limit=500`);
  const proc = (await r.json()).find((x) => x.name === 'Gewerbeanmeldung');
  const model = await (await p.page.request.get(`${server.base}/api/v1/organizations/${org}/processes/${proc.id}/model`)).json();
  const find = (o) => {
    if (!o || typeof o !== 'object') return null;
    if ('block' in o && 'label' in o && o.id) return o.id;
    for (const v of Object.values(o)) { const id = find(v); if (id) return id; }
    return null;
  };
  await p.visit(`/o/${org}/prozesse/${proc.id}/modell?schritt=${find(model)}`);
  const { page } = p;
  const options = await page.locator('#it-systems option').evaluateAll((o) => o.map((x) => x.value));
  assert.ok(options.length > 0, 'the catalogue is offered');
  const input = page.getByLabel('IT-System');
  assert.equal(await input.getAttribute('list'), 'it-systems');
  // Typing saves by itself (autosave); wait for it before saving again.
  await Promise.all([
    page.waitForResponse((res) => res.request().method() === 'POST' && res.status() === 200),
    input.fill('Vorgangsverwaltung Neu').then(() => input.press('Tab')),
  ]);
  await page.locator('button[name=keep_open]').click();
  const add = page.getByRole('button', { name: '„Vorgangsverwaltung Neu“ in den Katalog aufnehmen' });
  await add.waitFor();
  await p.check('the offer to add the IT system');
  await add.click();
  await add.waitFor({ state: 'detached' });
  await p.check('after adding');
  const after = await page.locator('#it-systems option').evaluateAll((o) => o.map((x) => x.value));
  assert.ok(after.includes('Vorgangsverwaltung Neu'));
  assert.equal(await page.getByLabel('IT-System').inputValue(), 'Vorgangsverwaltung Neu');
  await p.done();
});
