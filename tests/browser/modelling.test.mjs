// Process models: the block editor driven by keyboard alone (focus checked
// after every htmx swap, the saved-state line after every change), the BPMN
// editor's "Baustein" panel, the read-only view for a Betrachter, and the
// accessibility check on every page of the modelling area.
//
// The tests run in order and share the process the first one models.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const PROCESS = 'Fundsachen'; // a demo process without a model
const shared = {}; // { org, id, path, version } after the first test

// ------------------------------------------------------------------ helpers

// The API of the organisation whose pages start with `org` (`/o/{id}`).
function orgApi(org) {
  return `${server.base}/api/v1/organizations/${org.split('/')[2]}`;
}

async function processId(page, org, name) {
  const r = await page.request.get(`${orgApi(org)}/processes?limit=500`);
  assert.equal(r.status(), 200);
  const p = (await r.json()).find((x) => x.name === name);
  assert.ok(p, `process ${name}`);
  return p.id;
}

// Counts settled htmx swaps, so a test can wait for the one its key caused.
async function countSwaps(p) {
  await p.context.addInitScript(() => {
    window.__swaps = 0;
    document.addEventListener('htmx:afterSettle', () => setTimeout(() => { window.__swaps += 1; }, 0));
  });
}

async function swapAfter(page, action) {
  const before = await page.evaluate(() => window.__swaps);
  await action();
  await page.waitForFunction((n) => window.__swaps > n, before);
}

function focusInfo(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    return {
      element: `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}${a.className ? `.${String(a.className).split(' ').join('.')}` : ''}`,
      name: a.getAttribute('aria-label') || (a.labels && a.labels[0] && a.labels[0].textContent.trim())
        || a.textContent.trim().replace(/\s+/g, ' ').slice(0, 60),
    };
  });
}

// Asserts that `fn(document.activeElement, arg)` holds in the page.
async function assertFocus(page, what, fn, arg) {
  const ok = await page.evaluate(([src, a]) => {
    // eslint-disable-next-line no-new-func
    const f = new Function(`return (${src})`)();
    return !!f(document.activeElement, a);
  }, [fn.toString(), arg]);
  if (!ok) assert.fail(`focus should be on ${what}, is on ${JSON.stringify(await focusInfo(page))}`);
}

// Presses Tab (or Shift+Tab) until `fn(document.activeElement, arg)` holds.
async function tabTo(page, what, fn, arg, { back = false, max = 400 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const ok = await page.evaluate(([src, a]) => {
      // eslint-disable-next-line no-new-func
      const f = new Function(`return (${src})`)();
      return !!f(document.activeElement, a);
    }, [fn.toString(), arg]);
    if (ok) return;
  }
  assert.fail(`${what} not reached with ${back ? 'Shift+' : ''}Tab (focus on ${JSON.stringify(await focusInfo(page))})`);
}

// In a focused, closed <select> the arrow keys change the choice.
async function chooseByKeyboard(page, label) {
  await page.keyboard.press('Home');
  for (let i = 0; i < 60; i++) {
    const current = await page.evaluate(() => document.activeElement.selectedOptions[0].textContent.trim());
    if (current === label) return;
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`option ${label} not reached with the arrow keys`);
}

const stepRow = (el, label) => el.matches('li.step[data-item]')
  && el.querySelector(':scope > .step-head .step-label').textContent.trim() === label;
const itemControl = (el, [label, control]) => el.dataset.control === control && !!el.closest('[data-item]')
  && el.closest('[data-item]').querySelector(':scope > .step-head .step-label').textContent.includes(label);

async function savedState(page) {
  const text = await page.locator('#model-status').innerText();
  const m = /^Automatisch gespeichert: Version (\d+), /.exec(text.trim());
  assert.ok(m, `saved-state line: ${text}`);
  return Number(m[1]);
}

async function stepLabels(page, container) {
  return page.locator(`[id="${container}"] > ol.items > li.step .step-label`).allInnerTexts();
}

// ------------------------------------------------------------------ tests

test('a modeller builds a process with the block editor by keyboard alone', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await countSwaps(p);
  // Signing in by keyboard, too.
  await p.visit('/anmelden');
  await page.getByLabel('E-Mail-Adresse').focus();
  await page.keyboard.type('modellierer@musterstadt.example');
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo');
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/anmelden')), page.keyboard.press('Enter')]);
  await p.check('signed in');
  const org = new URL(page.url()).pathname;
  const id = await processId(page, org, PROCESS);
  const path = `${org}/prozesse/${id}`;
  assert.equal((await page.request.get(`${orgApi(org)}/processes/${id}/bpmn`)).status(), 404, 'no model yet');

  await p.visit(`${path}/modell`); // the empty block editor, checked by axe
  let version = await savedState(page);
  // Every change is saved at once as the next version.
  async function saved() {
    version += 1;
    assert.equal(await savedState(page), version, 'saved-state line after the change');
  }

  // ---- subprocesses and their steps
  async function addSubprocess(name, unit) {
    const folded = await page.locator('details.add-subprocess').evaluate((d) => !d.open);
    if (folded) {
      // Once the model has content the form is folded into a <details>.
      await tabTo(page, 'summary "Teilprozess hinzufügen"', (el) => el.matches('details.add-subprocess > summary'));
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('details.add-subprocess').evaluate((d) => d.open), true);
    }
    await tabTo(page, 'name of the new subprocess', (el) => el.id === 'new-sp-name');
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await assertFocus(page, 'the org-unit select', (el) => el.id === 'new-sp-unit');
    await chooseByKeyboard(page, unit);
    await page.keyboard.press('Tab');
    await assertFocus(page, 'the submit button', (el) => el.matches('button[type=submit]') && el.textContent.trim() === 'Teilprozess hinzufügen');
    await swapAfter(page, () => page.keyboard.press('Enter'));
    await saved();
    // Next a keyboard user adds the first step: focus is on that button.
    await assertFocus(page, `"Schritt hinzufügen" of ${name}`, (el, n) => el.dataset.control === 'add'
      && el.closest('section.subprocess').querySelector('h2').textContent.includes(n), name);
    return page.evaluate(() => document.activeElement.closest('section.subprocess').id);
  }

  // Fills the open insert panel (focus on its label field) and inserts.
  async function insert(label, filter, block, button = 'Schritt einfügen') {
    await assertFocus(page, 'the label field of the insert panel', (el) => el.matches('.insert-panel input[name=label]'));
    await page.keyboard.type(label);
    await page.keyboard.press('Tab');
    await assertFocus(page, 'the position select', (el) => el.matches('.insert-panel select[name=after]'));
    await page.keyboard.press('Tab');
    await assertFocus(page, 'the block filter', (el) => el.matches('[data-block-filter]'));
    if (filter) {
      await page.keyboard.type(filter);
      const picked = await page.evaluate(() => {
        const panel = document.activeElement.closest('.insert-panel');
        return {
          visible: [...panel.querySelectorAll('.block-choice:not([hidden])')].map((c) => c.textContent.trim()),
          checked: [...panel.querySelectorAll('input[name=block]:checked')].map((i) => i.value),
        };
      });
      assert.equal(picked.visible.length, 1, `one block matches "${filter}": ${picked.visible}`);
      assert.deepEqual(picked.checked, [block], 'the unique match is chosen');
    }
    if (button !== 'Schritt einfügen') {
      await tabTo(page, `button "${button}"`, (el, b) => el.matches('.insert-panel button') && el.textContent.trim() === b, button);
    }
    // Enter in the filter field submits with the default button.
    await swapAfter(page, () => page.keyboard.press('Enter'));
    await saved();
  }

  async function insertStep(label, filter, block) {
    await insert(label, filter, block);
    await assertFocus(page, `the new step "${label}"`, stepRow, label);
  }

  // Alt+N on a step opens the insert panel right after it.
  async function insertAfter(label, filter, block) {
    const after = await page.evaluate(() => document.activeElement.closest('[data-item]').querySelector('.step-label').textContent.trim());
    await swapAfter(page, () => page.keyboard.press('Alt+N'));
    await assertFocus(page, 'the label field of the insert panel', (el) => el.matches('.insert-panel input[name=label]'));
    assert.equal(await page.locator('.insert-panel select[name=after] option:checked').innerText(), `nach „${after}“`);
    await insertStep(label, filter, block);
  }

  const sp1 = await addSubprocess('Fundsache annehmen', 'Bürgeramt');
  await swapAfter(page, () => page.keyboard.press('Enter'));
  await p.check('open insert panel');
  await insertStep('Fundsache entgegennehmen', 'eingang', 'eingang');
  await insertAfter('Fundstelle und Finder erfassen', 'erfassen', 'erfassen-registrieren');

  // ---- a variant with two branches
  await swapAfter(page, () => page.keyboard.press('Alt+N'));
  await insert('Eigentümer bekannt?', '', null, 'Variante einfügen');
  await assertFocus(page, 'the new variant', (el) => el.matches('li.branching--variant[data-item]')
    && el.querySelector('.step-label').textContent.includes('Eigentümer bekannt?'));
  const branches = await page.locator(`[id="${sp1}"] li.branching--variant > ul.branches > li.branch`).evaluateAll((l) => l.map((b) => b.id));
  assert.equal(branches.length, 2, 'a variant starts with two branches');

  async function setBranch(branch, label, share) {
    await tabTo(page, `label of branch ${branch}`, (el, b) => el.id === `${b}-label`, branch);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(label);
    await page.keyboard.press('Tab');
    await assertFocus(page, 'the share field', (el, b) => el.id === `${b}-share`, branch);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(share);
    await swapAfter(page, () => page.keyboard.press('Enter'));
    await saved();
    await assertFocus(page, `branch ${label}`, (el, b) => el.id === b, branch);
  }
  async function addStepToBranch(branch, label, filter, block) {
    await tabTo(page, `"Schritt hinzufügen" of branch ${branch}`, (el, b) => el.dataset.control === 'add' && el.closest('li.branch').id === b, branch);
    await swapAfter(page, () => page.keyboard.press('Enter'));
    await insertStep(label, filter, block);
    assert.equal(await page.evaluate(() => document.activeElement.closest('li.branch').id), branch);
  }
  await setBranch(branches[0], 'Eigentümer bekannt', '70');
  await addStepToBranch(branches[0], 'Eigentümer benachrichtigen', 'ausgang', 'ausgang');
  await setBranch(branches[1], 'Eigentümer unbekannt', '30');
  await addStepToBranch(branches[1], 'Fund online bekannt machen', 'it-system', 'it-system-eingeben');
  assert.equal(await page.locator(`[id="${branches[0]}-share"]`).inputValue(), '70');
  assert.equal(await page.locator(`[id="${branches[1]}-share"]`).inputValue(), '30');

  const sp2 = await addSubprocess('Fundsache verwahren', 'Ordnungsamt');
  await swapAfter(page, () => page.keyboard.press('Enter'));
  await insertStep('Fundsache einlagern', 'ablegen', 'ablegen-archivieren');
  await insertAfter('Aufbewahrungsfrist abwarten', 'warten', 'warten');

  const sp3 = await addSubprocess('Fundsache herausgeben', 'Stadtkasse');
  await swapAfter(page, () => page.keyboard.press('Enter'));
  await insertStep('Eigentum nachweisen lassen', 'formell', 'formell-pruefen');
  await insertAfter('Gebühr kassieren', 'zahlung', 'zahlung-annehmen');
  await insertAfter('Herausgabe quittieren', 'zeichnen', 'zeichnen-unterschreiben');
  assert.deepEqual(await stepLabels(page, sp3), ['Eigentum nachweisen lassen', 'Gebühr kassieren', 'Herausgabe quittieren']);

  // ---- move with Alt+ArrowUp: focus stays on the moved step's button
  await swapAfter(page, () => page.keyboard.press('Alt+ArrowUp'));
  await saved();
  assert.deepEqual(await stepLabels(page, sp3), ['Eigentum nachweisen lassen', 'Herausgabe quittieren', 'Gebühr kassieren']);
  await assertFocus(page, '"nach oben" of the moved step', itemControl, ['Herausgabe quittieren', 'up']);
  await swapAfter(page, () => page.keyboard.press('Alt+ArrowUp'));
  await saved();
  assert.deepEqual(await stepLabels(page, sp3), ['Herausgabe quittieren', 'Eigentum nachweisen lassen', 'Gebühr kassieren']);
  // At the top "nach oben" is disabled: focus moves to "nach unten".
  await assertFocus(page, '"nach unten" of the moved step (now first)', itemControl, ['Herausgabe quittieren', 'down']);

  // ---- undo with Alt+Z: the last move is taken back, as a new version
  const undoName = await page.locator('#undo').innerText();
  assert.equal(undoName, 'Rückgängig: Schritt „Herausgabe quittieren“ nach oben verschoben');
  await swapAfter(page, () => page.keyboard.press('Alt+Z'));
  await saved();
  assert.deepEqual(await stepLabels(page, sp3), ['Eigentum nachweisen lassen', 'Herausgabe quittieren', 'Gebühr kassieren']);
  await assertFocus(page, 'the undo button', (el) => el.id === 'undo');
  // The button now names the change it would take back: the first move.
  assert.equal(await page.locator('#undo').innerText(), 'Rückgängig: Schritt „Herausgabe quittieren“ nach oben verschoben');

  // ---- the step form: Alt+E opens it with focus on the label field
  await tabTo(page, 'a button of "Herausgabe quittieren"', itemControl, ['Herausgabe quittieren', 'duplicate']);
  await swapAfter(page, () => page.keyboard.press('Alt+E'));
  const step = await page.evaluate(() => document.activeElement.closest('li.step').id);
  const field = (el, [s, f]) => el.id === `${s}-${f}`;
  await assertFocus(page, 'the label field of the step form', field, [step, 'label']);
  await p.check('open step form');
  // The form saves itself as one types: the saved-state line counts up
  // while focus and what was typed stay.
  async function autosaved() {
    version += 1;
    await page.waitForFunction((v) => new RegExp(`^Automatisch gespeichert: Version ${v},`)
      .test(document.getElementById('model-status').textContent.trim()), version);
  }
  const posted = [];
  page.on('request', (r) => { if (r.method() === 'POST') posted.push(new URLSearchParams(r.postData() || '').get('op')); });
  await page.keyboard.press('End');
  await page.keyboard.type(' und aushändigen');
  await autosaved();
  await assertFocus(page, 'still the label field after the autosave', field, [step, 'label']);
  assert.equal(await page.locator(`[id="${step}-label"]`).inputValue(), 'Herausgabe quittieren und aushändigen');
  // Alt+Arrow inside the form belongs to the fields (a select opens with
  // Alt+ArrowDown): the step does not move and nothing typed is lost.
  posted.length = 0;
  await page.keyboard.press('Alt+ArrowUp');
  await page.waitForTimeout(1600); // longer than the autosave's pause
  assert.ok(!posted.includes('moveItem'), `posted: ${posted}`);
  assert.equal(await page.locator(`[id="${sp3}"] > ol.items > li.step`).nth(1).getAttribute('id'), step, 'the step did not move');
  assert.equal(await savedState(page), version, 'no version when nothing changed');
  await assertFocus(page, 'still the label field', field, [step, 'label']);
  await page.keyboard.press('Tab');
  await assertFocus(page, 'the block type select', field, [step, 'block']);
  await page.keyboard.press('Tab');
  await assertFocus(page, 'the processing time', field, [step, 'pt']);
  await page.keyboard.type('5');
  await autosaved();
  await assertFocus(page, 'still the processing time after the autosave', field, [step, 'pt']);
  assert.match(await page.locator('#undo').innerText(), /^Rückgängig: /);
  await tabTo(page, '"Speichern und schließen"', (el) => el.matches('.step-form button[data-control=save]'));
  await swapAfter(page, () => page.keyboard.press('Enter'));
  assert.equal(await savedState(page), version, 'already saved while typing');
  await assertFocus(page, '"Angaben" of the saved step', (el, s) => el.dataset.control === 'edit' && el.closest('li.step').id === s, step);
  assert.match(await page.locator(`[id="${step}"] .step-meta`).innerText(), /Zeichnen\/Unterschreiben · 5 Min\./);
  assert.equal(await page.locator(`[id="${step}"] .step-label`).innerText(), 'Herausgabe quittieren und aushändigen');

  // ---- "Abbrechen" in the insert panel returns focus to where it was opened
  await swapAfter(page, () => page.keyboard.press('Alt+N'));
  await tabTo(page, '"Abbrechen" of the insert panel', (el) => el.matches('.insert-panel a') && el.textContent.trim() === 'Abbrechen');
  await swapAfter(page, () => page.keyboard.press('Enter'));
  assert.equal(await savedState(page), version, 'cancelling saves nothing');
  await assertFocus(page, '"Danach einfügen" of the step', (el, s) => el.dataset.control === 'insert' && el.closest('li.step').id === s, step);
  assert.equal(await page.locator('.insert-panel').count(), 0);

  // ---- Alt+D duplicates (focus on the copy), Alt+Delete deletes (focus on
  // the next step)
  await swapAfter(page, () => page.keyboard.press('Alt+D'));
  await saved();
  const ids = await page.locator(`[id="${sp3}"] > ol.items > li.step`).evaluateAll((l) => l.map((x) => x.id));
  assert.equal(ids.length, 4);
  assert.equal(ids[1], step);
  await assertFocus(page, 'the copy', (el, c) => el.id === c, ids[2]);
  assert.equal(await page.locator(`[id="${ids[2]}"] .step-label`).innerText(), 'Herausgabe quittieren und aushändigen');
  await swapAfter(page, () => page.keyboard.press('Alt+Delete'));
  await saved();
  assert.deepEqual(await stepLabels(page, sp3), ['Eigentum nachweisen lassen', 'Herausgabe quittieren und aushändigen', 'Gebühr kassieren']);
  await assertFocus(page, 'the step after the deleted one', stepRow, 'Gebühr kassieren');
  await p.check('filled block editor');

  // ---- the saved model: three subprocesses and the variant
  const bpmn = await page.request.get(`${orgApi(org)}/processes/${id}/bpmn`);
  assert.equal(bpmn.status(), 200);
  assert.equal(bpmn.headers().etag, `"${version}"`);
  const xml = await bpmn.text();
  assert.deepEqual([...xml.matchAll(/<ablauf:subprocess id="[^"]+" name="([^"]+)"/g)].map((m) => m[1]),
    ['Fundsache annehmen', 'Fundsache verwahren', 'Fundsache herausgeben']);
  assert.match(xml, /<bpmn:exclusiveGateway id="[^"]+" name="Eigentümer bekannt\?"/);
  assert.match(xml, /name="Eigentümer bekannt"[^>]*ablauf:probability="0.7"/);
  assert.match(xml, /name="Eigentümer unbekannt"[^>]*ablauf:probability="0.3"/);

  await p.visit(`${path}/modell?ansicht=lesen`);
  assert.match(await page.locator('.lead').innerText(), new RegExp(`^Version ${version} von Jonas Becker`));
  assert.equal(await page.locator('figure.diagram svg[role=img]').count(), 1);
  const rows = await page.locator('table.steps tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    no: tr.cells[0].textContent.trim(),
    step: tr.querySelector('th').firstChild.textContent.trim(),
    path: tr.querySelector('th .meta')?.textContent.trim() || '',
    block: tr.cells[2].textContent.trim(),
    unit: tr.cells[3].textContent.trim(),
  })));
  assert.equal(rows.length, 9);
  assert.deepEqual([...new Set(rows.map((r) => r.no.split('.')[0]))], ['1', '2', '3'], 'three subprocesses');
  assert.deepEqual(rows.find((r) => r.step === 'Eigentümer benachrichtigen'),
    { no: '1.3', step: 'Eigentümer benachrichtigen', path: 'Eigentümer bekannt? – Eigentümer bekannt (70 %)', block: 'Ausgang', unit: 'Bürgeramt' });
  assert.equal(rows.find((r) => r.step === 'Fund online bekannt machen').path, 'Eigentümer bekannt? – Eigentümer unbekannt (30 %)');
  assert.equal(rows.find((r) => r.step === 'Fundsache einlagern').unit, 'Ordnungsamt');
  assert.deepEqual(rows.filter((r) => r.no.startsWith('3.')).map((r) => r.step),
    ['Eigentum nachweisen lassen', 'Herausgabe quittieren und aushändigen', 'Gebühr kassieren']);
  Object.assign(shared, { org, id, path, version });
  await p.done();
});

test('the BPMN editor changes a step\'s block type in the Baustein panel', async () => {
  assert.ok(shared.path, 'needs the model of the first test');
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  await p.visit(`${shared.path}/bpmn-editor`);
  const status = page.locator('#bpmn-status');
  await page.waitForFunction(() => /^Geladen/.test(document.getElementById('bpmn-status').textContent));
  assert.match(await status.innerText(), new RegExp(`^Geladen \\(Version ${shared.version}\\)`));
  // axe runs over bpmn-js's own DOM too (canvas, palette, after selecting
  // the context pad, the properties panel): no violations, so no exclusion
  // is needed. (axe leaves the contrast of the diagram's SVG text as
  // "incomplete", which it does not count as a violation.) The block editor
  // remains the accessible way to model; the page says so.
  await p.check('BPMN editor, model loaded');

  const task = 'Fundstelle und Finder erfassen';
  await page.evaluate((name) => {
    const modeler = document.getElementById('bpmn-editor').bpmnModeler;
    const element = modeler.get('elementRegistry').filter((e) => e.type === 'bpmn:Task' && e.businessObject.name === name)[0];
    modeler.get('selection').select(element);
  }, task);
  await page.locator('.bio-properties-panel-header-label', { hasText: task }).waitFor();
  const blockType = page.getByLabel('Bausteintyp', { exact: true });
  assert.equal(await blockType.inputValue(), 'erfassen-registrieren');
  await p.check('BPMN editor, task selected with the Baustein group');

  await blockType.selectOption({ label: 'Scannen' });
  await page.waitForFunction(() => document.getElementById('bpmn-editor').dataset.dirty === 'true');
  assert.equal(await status.innerText(), 'Ungespeicherte Änderungen');
  await page.keyboard.press('Control+S');
  await page.waitForFunction(() => /^Gespeichert/.test(document.getElementById('bpmn-status').textContent));
  const text = await status.innerText();
  assert.match(text, new RegExp(`^Gespeichert \\(Version ${shared.version + 1}\\)`));
  assert.doesNotMatch(text, /Nur im BPMN-Editor bearbeitbar/, 'the model stays editable with blocks');
  assert.equal(await page.locator('#bpmn-editor').getAttribute('data-dirty'), 'false');
  shared.version += 1;
  await p.check('BPMN editor, saved');

  await p.visit(`${shared.path}/modell`);
  assert.equal(await savedState(page), shared.version);
  const row = page.locator('li.step', { has: page.locator('.step-label', { hasText: task }) });
  assert.match(await row.locator('.step-meta').innerText(), /^Scannen/);
  assert.equal(await page.locator('section.subprocess').count(), 3);
  assert.equal(await page.locator('li.branching--variant li.branch').count(), 2);
  await p.done();
});

// The block editor (empty, filled, with the insert panel and the step form
// open) and the read-only view are checked in the first test, the BPMN
// editor in the second, the Betrachter's view in the last; here the rest.
test('every page of the modelling area passes the accessibility check', async () => {
  assert.ok(shared.path, 'needs the model of the first test');
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  // Block editor and read-only view at 640 px (200 % zoom): no sideways scrolling.
  await page.setViewportSize({ width: 640, height: 800 });
  await p.visit(`${shared.path}/modell`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true, 'block editor reflows');
  await p.visit(`${shared.path}/modell?ansicht=lesen`);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), true, 'read-only view reflows');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Import: the form, then the preview of a file (the model's own BPMN).
  await p.visit(`${shared.path}/bpmn-import`);
  const xml = await (await page.request.get(`${orgApi(shared.org)}/processes/${shared.id}/bpmn`)).text();
  await page.getByLabel(/^BPMN-Datei/).setInputFiles({ name: 'fundsachen.bpmn', mimeType: 'application/xml', buffer: Buffer.from(xml) });
  await Promise.all([page.waitForURL(/bpmn-import\/.+/), page.getByRole('button', { name: 'Datei prüfen' }).click()]);
  await p.check('import preview');
  assert.equal(await page.locator('figure.diagram svg').count(), 1);
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Import verwerfen' }).click()]);
  await p.check('import discarded');
  await p.done();

  // The block catalogue (administrators).
  const admin = await newPage(browser, server.base);
  await signIn(admin, 'admin@musterstadt.example');
  await admin.visit(`${shared.org}/verwaltung/bausteine`);
  assert.ok(await admin.page.getByRole('heading', { name: 'Bausteine', level: 1 }).isVisible());
  await admin.page.getByRole('link', { name: 'Scannen', exact: true }).click();
  await admin.page.waitForLoadState('load');
  await admin.check('block edit page');
  await admin.done();
});

test('a Betrachter sees the diagram and the step table, and nothing to edit', async () => {
  assert.ok(shared.path, 'needs the model of the first test');
  const p = await newPage(browser, server.base);
  const { page } = p;
  await signIn(p, 'betrachter@musterstadt.example');
  // The editor's address shows the read-only view to a Betrachter.
  await p.visit(`${shared.path}/modell`);
  assert.match(await page.locator('.lead').innerText(), new RegExp(`^Version ${shared.version} von`));
  assert.equal(await page.locator('figure.diagram svg[role=img]').count(), 1);
  assert.ok((await page.locator('figure.diagram svg[role=img]').getAttribute('aria-labelledby')) || (await page.locator('figure.diagram svg title').count()) > 0, 'the diagram has a text alternative');
  assert.equal(await page.locator('table.steps tbody tr').count(), 9);
  assert.equal(await page.locator('#model-editor').count(), 0);
  assert.equal(await page.locator('main form, main input, main select, main textarea').count(), 0, 'no form controls');
  // Besides printing, only the diagram's zoom (a view, not an edit).
  assert.deepEqual(await page.locator('main button:not(.diagram-tools button)').allInnerTexts(), ['Drucken']);
  assert.deepEqual(await page.locator('.diagram-tools button').allInnerTexts(),
    ['Verkleinern', 'Vergrößern', 'An Breite anpassen', 'Originalgröße']);
  assert.equal(await page.locator('main [hx-post], main [hx-get]').count(), 0);
  const views = await page.getByRole('navigation', { name: 'Ansichten des Modells' }).getByRole('link').allInnerTexts();
  assert.deepEqual(views, ['Lesefassung']);
  // The editors are refused.
  const r = await p.visit(`${shared.path}/bpmn-editor`);
  assert.ok([403, 404].includes(r.status()), `BPMN editor for a Betrachter: ${r.status()}`);
  await p.done();
});

test('undoing the only change keeps focus in the editor (on the saved-state line)', async () => {
  const p = await newPage(browser, server.base);
  const { page } = p;
  await countSwaps(p);
  await signIn(p, 'modellierer@musterstadt.example');
  const org = new URL(page.url()).pathname;
  const id = await processId(page, org, 'Jahresabschluss');
  await p.visit(`${org}/prozesse/${id}/modell`);
  const first = await savedState(page);
  await tabTo(page, 'name of the new subprocess', (el) => el.id === 'new-sp-name');
  await page.keyboard.type('Abschluss vorbereiten');
  await swapAfter(page, () => page.keyboard.press('Enter'));
  assert.equal(await savedState(page), first + 1);
  await swapAfter(page, () => page.keyboard.press('Alt+Z'));
  assert.equal(await savedState(page), first + 2);
  assert.equal(await page.locator('section.subprocess').count(), 0);
  // The undo button that had focus is gone: the status line takes focus.
  assert.equal(await page.locator('#undo').count(), 0);
  await assertFocus(page, 'the saved-state line', (el) => el.id === 'model-status');
  await p.check('undone to empty');
  await p.done();
});
