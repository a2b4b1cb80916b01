// The diagram of a model: zoom, fit and the step being edited beside the
// block editor, the print of the read-only view on A4 landscape, and the
// BPMN editor's palette and first view — on the demo's Gewerbeanmeldung
// (20 steps, variants, a parallel part). Every checked page is screenshot
// (see lib.mjs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, newPage, signIn } from './lib.mjs';

let server, browser, path;
before(async () => { server = await startServer(); browser = await startBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

async function gewerbeanmeldung(p) {
  const org = p.page.url().match(/\/o\/([^/]+)/)[1];
  const r = await p.page.request.get(`${server.base}/api/v1/organizations/${org}/processes?limit=500`);
  assert.equal(r.status(), 200);
  const proc = (await r.json()).find((x) => x.name === 'Gewerbeanmeldung');
  assert.ok(proc, 'demo process Gewerbeanmeldung');
  return `/o/${org}/prozesse/${proc.id}`;
}

// Presses a button of the zoom tools by keyboard (a mouse click can miss
// while the sticky diagram moves as the page scrolls to the button).
async function press(tools, name) {
  await tools.getByRole('button', { name }).focus();
  await tools.page().keyboard.press('Enter');
}

// Width of the diagram's SVG as drawn, and of its natural size.
function sizes(page, fig) {
  return page.evaluate((sel) => {
    const svg = document.querySelector(`${sel} .diagram-body svg[role=img]`);
    return {
      width: Number(svg.getAttribute('width')),
      natural: svg.viewBox.baseVal.width,
      body: document.querySelector(`${sel} .diagram-body`).clientWidth,
      level: document.querySelector(`${sel} .diagram-zoom-level`).textContent,
    };
  }, fig);
}

// Is the marked element of the diagram inside the visible part of its
// scrolling box?
function markedInView(page) {
  return page.evaluate(() => {
    const marked = document.querySelectorAll('#model-diagram .is-current');
    if (marked.length !== 1) return { count: marked.length };
    const r = marked[0].getBoundingClientRect();
    const b = document.querySelector('#model-diagram .diagram-body').getBoundingClientRect();
    return {
      count: 1,
      id: marked[0].getAttribute('data-id'),
      inside: r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom,
    };
  });
}

test('beside the block editor the diagram zooms, fits and follows the step being edited', async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 720 } });
  const { page } = p;
  await signIn(p, 'modellierer@musterstadt.example');
  path = await gewerbeanmeldung(p);
  await p.visit(`${path}/modell`);
  const tools = page.getByRole('group', { name: 'Diagramm vergrößern oder verkleinern' });
  await tools.waitFor();

  // The first view is readable: fitted to the width, but not below 75 %.
  let s = await sizes(page, '#model-diagram');
  assert.ok(s.width >= s.natural * 0.75 - 1, `first zoom ${s.level}`);
  assert.equal(s.level, `${Math.round((s.width / s.natural) * 100)} %`);

  // Keyboard: Tab reaches the buttons, Enter and Space press them.
  await tools.getByRole('button', { name: 'Verkleinern' }).focus();
  await page.keyboard.press('Enter');
  const smaller = await sizes(page, '#model-diagram');
  assert.ok(smaller.width < s.width, 'Verkleinern makes the diagram smaller');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Vergrößern');
  await page.keyboard.press('Space');
  await page.keyboard.press('Space');
  assert.ok((await sizes(page, '#model-diagram')).width > smaller.width, 'Vergrößern makes it larger');
  await press(tools, 'An Breite anpassen');
  s = await sizes(page, '#model-diagram');
  assert.ok(s.width <= s.body, `fitted: ${s.width} px in ${s.body} px`);
  assert.ok(s.width >= s.body - 40, `fitted: ${s.width} px in ${s.body} px`);
  await press(tools, 'Originalgröße');
  s = await sizes(page, '#model-diagram');
  assert.equal(s.width, Math.round(s.natural));
  assert.equal(s.level, '100 %');
  await p.check('editor, diagram at 100 %');

  // Opening the last step's form scrolls the diagram to it and marks it.
  const last = page.locator('li.step', { has: page.locator('.step-label', { hasText: 'Vorgang in der E-Akte abschließen' }) });
  const id = await last.getAttribute('id');
  await last.getByRole('link', { name: /^Angaben/ }).click();
  await page.locator(`#${id}-label`).waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id.endsWith('-label'));
  assert.deepEqual(await markedInView(page), { count: 1, id, inside: true });
  await p.check('editor, last step open and marked in the diagram');

  // Typing saves by itself and redraws the diagram: the zoom stays, the
  // step stays marked.
  await press(tools, 'Verkleinern');
  const before = await sizes(page, '#model-diagram');
  assert.ok(before.width < before.natural, `zoomed out before typing: ${JSON.stringify(before)}`);
  await page.locator(`#${id}-label`).focus();
  assert.deepEqual(await markedInView(page), { count: 1, id, inside: true });
  await page.locator(`#${id}-label`).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Vorgang in der E-Akte schließen');
  await page.waitForFunction(() => [...document.querySelectorAll('#model-diagram svg text')]
    .some((t) => t.textContent.includes('schließen') && !t.textContent.includes('abschließen')));
  await page.waitForFunction((n) => document.querySelector('#model-diagram .diagram-zoom-level').textContent === n, before.level);
  assert.equal((await sizes(page, '#model-diagram')).width, before.width, 'zoom kept after the autosave');
  assert.deepEqual(await markedInView(page), { count: 1, id, inside: true });

  // Moving focus to another step (by keyboard) follows it in the diagram.
  const first = page.locator('li.step', { has: page.locator('.step-label', { hasText: 'Online-Anzeige übernehmen' }) });
  const firstId = await first.getAttribute('id');
  await first.getByRole('link', { name: /^Angaben/ }).focus();
  assert.deepEqual(await markedInView(page), { count: 1, id: firstId, inside: true });
  await p.done();
});

test('the read-only view prints the diagram readable on A4 landscape', async () => {
  const p = await newPage(browser, server.base, { viewport: { width: 1280, height: 720 } });
  const { page } = p;
  await signIn(p, 'betrachter@musterstadt.example');
  await p.visit(`${path}/modell?ansicht=lesen`);
  await page.getByRole('group', { name: 'Diagramm vergrößern oder verkleinern' }).waitFor();
  await p.check('read-only view with its zoom tools');
  // On screen one diagram; the print stretches are not shown.
  assert.equal(await page.locator('.diagram-print').isVisible(), false);
  const pages = await page.locator('.diagram-print svg[role=img]').count();
  assert.ok(pages >= 3, `${pages} print stretches`);

  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('figure.diagram').isVisible(), false);
  // Each stretch fits the page width of A4 landscape (277 mm = 1047 px)
  // and prints at four fifths of its size or more.
  const printed = await page.locator('.diagram-print svg[role=img]').evaluateAll((svgs) => svgs.map((s) => ({
    width: s.getBoundingClientRect().width,
    natural: s.viewBox.baseVal.width,
  })));
  const pdf = await page.pdf({ preferCSSPageSize: true });
  assert.ok(pdf.length > 10000);
  await page.setViewportSize({ width: 1047, height: 718 });
  const onPage = await page.locator('.diagram-print svg[role=img]').evaluateAll((svgs) => svgs.map((s) => ({
    width: s.getBoundingClientRect().width,
    natural: s.viewBox.baseVal.width,
  })));
  for (const s of onPage) {
    assert.ok(s.width <= 1047 + 1, `stretch of ${s.width} px wider than the page`);
    assert.ok(s.width / s.natural >= 0.79, `stretch printed at ${Math.round((100 * s.width) / s.natural)} %`);
  }
  assert.equal(printed.length, onPage.length);
  // Branch notes in the step table print smaller than the step names.
  const fonts = await page.locator('table.steps tbody th').first().evaluate((th) => ({
    name: parseFloat(getComputedStyle(th).fontSize),
    path: parseFloat(getComputedStyle(th.querySelector('.meta')).fontSize),
  }));
  assert.ok(fonts.path < fonts.name, `branch note ${fonts.path} px, step name ${fonts.name} px`);
  await page.emulateMedia({ media: 'screen' });
  await p.done();
});

test('the BPMN editor opens a 20-step model readable, with the whole palette on the canvas', async () => {
  for (const height of [720, 560]) {
    const p = await newPage(browser, server.base, { viewport: { width: 1280, height } });
    const { page } = p;
    await signIn(p, 'modellierer@musterstadt.example');
    await p.visit(`${path}/bpmn-editor`);
    await page.waitForFunction(() => /^Geladen/.test(document.getElementById('bpmn-status').textContent));
    const view = await page.evaluate(() => {
      const modeler = document.getElementById('bpmn-editor').bpmnModeler;
      const canvas = modeler.get('canvas');
      const tasks = modeler.get('elementRegistry').filter((e) => e.type === 'bpmn:Task');
      const c = document.getElementById('bpmn-canvas').getBoundingClientRect();
      const pal = document.querySelector('.djs-palette').getBoundingClientRect();
      const start = document.querySelector('.djs-element[data-element-id^="StartEvent"]').getBoundingClientRect();
      const entries = [...document.querySelectorAll('.djs-palette .entry')].map((e) => e.getBoundingClientRect());
      const palette = document.querySelector('.djs-palette');
      return {
        tasks: tasks.length,
        zoom: canvas.zoom(),
        canvas: { top: c.top, bottom: c.bottom, left: c.left, right: c.right },
        palette: { top: pal.top, bottom: pal.bottom, right: pal.right },
        start: { left: start.left, right: start.right, top: start.top, bottom: start.bottom },
        scrolls: palette.scrollHeight > palette.clientHeight,
        visibleEntries: entries.filter((r) => r.bottom <= pal.bottom + 1).length,
        entries: entries.length,
      };
    });
    assert.equal(view.tasks, 20);
    assert.ok(view.zoom >= 0.75 && view.zoom <= 1, `first zoom ${view.zoom}`);
    // The process starts in view, right of the palette.
    assert.ok(view.start.left > view.palette.right && view.start.right < view.canvas.right, JSON.stringify(view));
    assert.ok(view.start.top > view.canvas.top && view.start.bottom < view.canvas.bottom, JSON.stringify(view));
    // The palette ends inside the canvas; what does not fit scrolls.
    assert.ok(view.palette.bottom <= view.canvas.bottom, JSON.stringify(view));
    assert.ok(view.scrolls || view.visibleEntries === view.entries, JSON.stringify(view));
    await p.check(`BPMN editor at 1280×${height}`);
    await p.done();
  }
});
