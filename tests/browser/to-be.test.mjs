// The to-be model (Soll): a Modellierer creates it from the process page as
// a copy of the as-is model and changes a step in the block editor (the
// Ist stays as it was); the demo's Soll of the Gewerbeanmeldung read by a
// Betrachter; deleting a Soll after its confirmation page. Every page is
// checked with axe and screenshot at 1280 and 320 px (see lib.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// The page path and API path of a demo process of the signed-in person's
// organisation.
async function processPaths(p, name) {
  const org = p.page.url().match(/\/o\/([^/]+)/)[1];
  const api = `${server.base}/api/v1/organizations/${org}`;
  const r = await p.page.request.get(`${api}/processes?limit=500`);
  assert.equal(r.status(), 200);
  const proc = (await r.json()).find((x) => x.name === name);
  assert.ok(proc, `demo process ${name}`);
  return { page: `/o/${org}/prozesse/${proc.id}`, api: `${api}/processes/${proc.id}` };
}

// The step labels of a model as the API gives them.
async function labels(page, url) {
  const r = await page.request.get(url);
  assert.equal(r.status(), 200, url);
  const m = await r.json();
  const out = [];
  const walk = (items) => {
    for (const it of items || []) {
      if (it.kind === 'step') out.push(it.label);
      for (const b of it.branches || []) walk(b.items);
    }
  };
  for (const sp of m.subprocesses) walk(sp.items);
  return out;
}

test('Soll-Modell anlegen, then change a step in the Soll; the Ist stays', async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 800 } });
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  const paths = await processPaths(p, 'Hundesteuer – An- und Abmeldung');
  const ist = await labels(page, `${paths.api}/model`);

  await p.visit(paths.page);
  const models = page.getByRole('region', { name: 'Ist- und Soll-Modell' });
  assert.match(await models.innerText(), /noch kein Soll-Modell/);

  // "Soll-Modell anlegen" is a button in a form: keyboard works.
  await models.getByRole('button', { name: 'Soll-Modell anlegen' }).focus();
  await Promise.all([page.waitForURL(/\/soll-modell\?hinweis=to_be_created/), page.keyboard.press('Enter')]);
  await p.check('Soll created');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Soll-Modell: Hundesteuer – An- und Abmeldung');
  assert.match(await page.getByRole('status').first().innerText(), /als Kopie des Ist-Modells angelegt/);
  const which = page.getByRole('navigation', { name: 'Ist- oder Soll-Modell' });
  assert.equal(await which.getByRole('link', { name: 'Soll-Modell', exact: true }).getAttribute('aria-current'), 'true');
  assert.deepEqual(await labels(page, `${paths.api}/model?model=soll`), ist, 'a copy of the Ist');

  // Change the first step of the Soll in its attribute form.
  const first = ist[0];
  await page.getByRole('link', { name: `Angaben zu „${first}“ bearbeiten` }).click();
  const label = page.getByLabel('Bezeichnung', { exact: true }).first();
  await label.waitFor();
  await p.check('step form open in the Soll');
  // The form saves itself as one types (autosave), into the Soll.
  const version = Number(await page.locator('#model-live-version').inputValue());
  await label.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Online-Meldung automatisch übernehmen');
  await page.waitForFunction((v) => new RegExp(`^Automatisch gespeichert: Version ${v},`)
    .test(document.getElementById('model-status').textContent.trim()), version + 1);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/soll-modell')),
    page.getByRole('button', { name: 'Speichern und schließen' }).click(),
  ]);
  await page.getByText('Online-Meldung automatisch übernehmen').first().waitFor();
  await p.check('step changed in the Soll');

  const soll = await labels(page, `${paths.api}/model?model=soll`);
  assert.equal(soll[0], 'Online-Meldung automatisch übernehmen');
  assert.deepEqual(soll.slice(1), ist.slice(1));
  assert.deepEqual(await labels(page, `${paths.api}/model`), ist, 'the Ist is unchanged');

  // The BPMN editor of the Soll loads the Soll (through the API's
  // `?model=soll`), with the changed step.
  await p.visit(`${paths.page}/soll-bpmn-editor`);
  await page.waitForFunction(() => /^Geladen/.test(document.getElementById('bpmn-status').textContent));
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'BPMN-Editor (Soll-Modell): Hundesteuer – An- und Abmeldung');
  const names = await page.evaluate(() => document.getElementById('bpmn-editor').bpmnModeler
    .get('elementRegistry').filter((e) => e.type === 'bpmn:Task').map((e) => e.businessObject.name));
  assert.ok(names.includes('Online-Meldung automatisch übernehmen'), names.join(', '));
  await p.check('BPMN editor of the Soll');

  // The Ist's block editor is one link away and still shows the old step.
  const ist2 = page.getByRole('navigation', { name: 'Ist- oder Soll-Modell' });
  await Promise.all([page.waitForURL(/\/modell$/), ist2.getByRole('link', { name: 'Ist-Modell' }).click()]);
  await p.check('back in the Ist');
  assert.ok(await page.getByText(first).first().isVisible());

  // The process page now offers to edit the Soll.
  await p.visit(paths.page);
  assert.ok(await page.getByRole('link', { name: 'Soll-Modell bearbeiten' }).isVisible());
  await p.done();
});

test('a Betrachter reads the demo Soll of the Gewerbeanmeldung', async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 800 } });
  const { page } = p;
  await signIn(p, 'betrachter@musterstadt.example');
  const paths = await processPaths(p, 'Gewerbeanmeldung');
  await p.visit(paths.page);
  assert.equal(await page.getByRole('button', { name: 'Soll-Modell anlegen' }).count(), 0);
  await Promise.all([page.waitForURL(/\/soll-modell\?ansicht=lesen/), page.getByRole('link', { name: 'Soll-Modell ansehen' }).click()]);
  await p.check('Soll read view');
  assert.ok(await page.locator('.diagram-body svg').first().isVisible());
  const table = await page.getByRole('table', { name: /Schritte/ }).innerText();
  assert.match(table, /XGewerbeanzeige an das Finanzamt übermitteln/);
  assert.doesNotMatch(table, /faxen/);
  assert.equal(await page.getByRole('link', { name: 'Soll-Modell löschen' }).count(), 0);
  await p.done();
});

test('deleting a Soll asks first', async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 800 } });
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  const paths = await processPaths(p, 'Hundesteuer – An- und Abmeldung');
  await p.visit(`${paths.page}/soll-modell`);
  await Promise.all([page.waitForURL(/\/soll-modell\/loeschen$/), page.getByRole('link', { name: 'Soll-Modell löschen' }).click()]);
  await p.check('confirmation');
  assert.match(await page.locator('main').innerText(), /Das Ist-Modell bleibt unverändert/);
  await Promise.all([page.waitForURL(/hinweis=to_be_deleted/), page.getByRole('button', { name: 'Soll-Modell löschen' }).click()]);
  await p.check('deleted');
  assert.match(await page.getByRole('region', { name: 'Ist- und Soll-Modell' }).innerText(), /noch kein Soll-Modell/);
  const r = await page.request.get(`${paths.api}/model?model=soll`);
  assert.equal(r.status(), 404);
  await p.done();
});
