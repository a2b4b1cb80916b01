// Opening a large process model in the browser: the time from navigation
// start to an interactive block editor and to an interactive BPMN editor
// (bpmn-js import done), median of RUNS cold runs each (a fresh browser
// context, so nothing is cached), and the JS/CSS bytes each page ships.
// Not part of the test run.
//
//   cargo build --release -p ablauf
//   node bench/modelling/open-200.mjs
//
// Environment (all optional):
//   ABLAUF_BIN  the binary (default target/release/ablauf, else target/debug/ablauf)
//   STEPS       steps in the model, default 200 (in 4 subprocesses, with a
//               variant of two branches every 25 steps)
//   RUNS        measured runs per page, default 5
//
// The model is a generated BPMN file with a block type on every task (so
// the block editor can edit it: the PUT answers "blocks": true), laid out
// with `ablauf bpmn layout` and saved with `PUT /api/v1/organizations/{org}/processes/{id}/bpmn`.
//
// "Interactive" is measured in the page, relative to navigation start
// (performance.timeOrigin):
//   block editor  loadEventEnd: the HTML is parsed, htmx has processed the
//                 editor's forms (it does so on DOMContentLoaded) and
//                 ablauf.js has its listeners; checked before it is taken.
//   BPMN editor   the moment #bpmn-status says "Geladen": the bundle has run,
//                 the XML is fetched and imported, the canvas drawn and
//                 zoomed to fit (a MutationObserver installed before any
//                 page script notes the time).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!process.env.ABLAUF_BIN) {
  const release = join(root, 'target', 'release', 'ablauf');
  process.env.ABLAUF_BIN = existsSync(release) ? release : join(root, 'target', 'debug', 'ablauf');
}
const { startServer, startBrowser } = await import('../../tests/browser/lib.mjs');

const STEPS = Number(process.env.STEPS || 200);
const RUNS = Number(process.env.RUNS || 5);
const PROCESS = 'Beschaffung'; // a demo process of Stadt Musterstadt without a model
const EMAIL = 'modellierer@musterstadt.example';
const BLOCKS = ['eingang', 'sichten', 'formell-pruefen', 'it-system-eingeben', 'inhaltlich-pruefen',
  'berechnen', 'entscheiden', 'erstellen', 'zeichnen-unterschreiben', 'ausgang', 'ablegen-archivieren'];

const esc = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

// A process of `steps` tasks in 4 subprocesses; every 25th position a
// variant (exclusive gateway, 70/30) whose two branches hold one step each.
function generateBpmn(name, steps, units) {
  const subprocesses = 4;
  const per = Math.ceil(steps / subprocesses);
  const nodes = [];
  const flows = [];
  let flowNo = 0;
  let last = 'StartEvent_1';
  const link = (from, to, extra = '') => {
    const id = `Flow_${++flowNo}`;
    flows.push(`    <bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"${extra}/>`);
    return id;
  };
  const task = (n, sp) => {
    const block = BLOCKS[n % BLOCKS.length];
    return `    <bpmn:task id="s${n}" name="Schritt ${n}: ${esc(block)}">
      <bpmn:extensionElements>
        <ablauf:step blockType="${block}" processingTime="PT${5 + (n % 20)}M" subprocess="sp${sp}"/>
      </bpmn:extensionElements>
    </bpmn:task>`;
  };
  let n = 1;
  let variants = 0;
  while (n <= steps) {
    const sp = Math.min(subprocesses, Math.floor((n - 1) / per) + 1);
    if (n % 25 === 0 && n + 1 <= steps) {
      variants += 1;
      const v = `v${variants}`;
      nodes.push(`    <bpmn:exclusiveGateway id="${v}" name="Prüfung ${variants} nötig?" ablauf:subprocess="sp${sp}"/>`);
      nodes.push(`    <bpmn:exclusiveGateway id="${v}_join" ablauf:subprocess="sp${sp}"/>`);
      link(last, v);
      nodes.push(task(n, sp), task(n + 1, sp));
      link(v, `s${n}`, ' name="ja" ablauf:probability="0.7"');
      link(v, `s${n + 1}`, ' name="nein" ablauf:probability="0.3"');
      link(`s${n}`, `${v}_join`);
      link(`s${n + 1}`, `${v}_join`);
      last = `${v}_join`;
      n += 2;
    } else {
      nodes.push(task(n, sp));
      link(last, `s${n}`);
      last = `s${n}`;
      n += 1;
    }
  }
  link(last, 'EndEvent_1');
  const sps = Array.from({ length: subprocesses }, (_, i) =>
    `      <ablauf:subprocess id="sp${i + 1}" name="Abschnitt ${i + 1}"${units[i] ? ` orgUnit="${units[i]}"` : ''}/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:ablauf="urn:ablauf:bpmn:1.0" id="Definitions_1" targetNamespace="urn:ablauf:process">
  <bpmn:process id="Process_1" name="${esc(name)}" isExecutable="false">
    <bpmn:extensionElements>
${sps.join('\n')}
    </bpmn:extensionElements>
    <bpmn:startEvent id="StartEvent_1"/>
${nodes.join('\n')}
    <bpmn:endEvent id="EndEvent_1"/>
${flows.join('\n')}
  </bpmn:process>
</bpmn:definitions>
`;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ms = (x) => `${Math.round(x)} ms`;
const kb = (x) => `${(x / 1024).toFixed(1)} KiB`;

const server = await startServer();
const browser = await startBrowser();
const tmp = mkdtempSync(join(tmpdir(), 'ablauf-bench-'));
try {
  // ---- the model
  const api = async (path, opts = {}) => fetch(server.base + path, opts);
  const { token } = await (await api('/api/v1/auth/token', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: 'demo' }),
  })).json();
  const auth = { Authorization: `Bearer ${token}` };
  const me = await (await api('/api/v1/me', { headers: auth })).json();
  const org = me.organizations[0].id;
  const units = (await (await api(`/api/v1/organizations/${org}/org-units`, { headers: auth })).json())
    .map((u) => u.id).slice(0, 4);
  const proc = (await (await api(`/api/v1/organizations/${org}/processes?limit=500`, { headers: auth })).json()).find((p) => p.name === PROCESS);
  assert.ok(proc, PROCESS);
  const plain = join(tmp, 'plain.bpmn');
  const laidOut = join(tmp, 'laid-out.bpmn');
  writeFileSync(plain, generateBpmn(PROCESS, STEPS, units));
  execFileSync(process.env.ABLAUF_BIN, ['bpmn', 'layout', plain, laidOut], { stdio: ['ignore', 'ignore', 'inherit'] });
  const xml = readFileSync(laidOut);
  const put = await api(`/api/v1/organizations/${org}/processes/${proc.id}/bpmn`, {
    method: 'PUT', headers: { ...auth, 'Content-Type': 'application/xml', 'If-Match': `"${proc.version}"` }, body: xml,
  });
  const saved = await put.json();
  assert.equal(put.status, 200, JSON.stringify(saved));
  assert.equal(saved.blocks, true, `the model fits the blocks: ${saved.reasons}`);
  const base = `/o/${org}/prozesse/${proc.id}`;

  // ---- a signed-in session to copy into every fresh context
  const signin = await browser.newContext({ locale: 'de-DE' });
  const sp = await signin.newPage();
  await sp.goto(`${server.base}/anmelden`);
  await sp.getByLabel('E-Mail-Adresse').fill(EMAIL);
  await sp.getByLabel('Passwort').fill('demo');
  await Promise.all([sp.waitForURL((u) => !u.pathname.startsWith('/anmelden')), sp.getByRole('button', { name: 'Anmelden' }).click()]);
  const storageState = await signin.storageState();
  await signin.close();

  // One cold load of `path`: timings and the scripts/stylesheets received.
  async function load(path, kind) {
    const context = await browser.newContext({ locale: 'de-DE', storageState, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        const s = document.getElementById('bpmn-status');
        if (s && /^Geladen/.test(s.textContent)) { window.__importDone = performance.now(); obs.disconnect(); }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const assets = [];
    page.on('response', async (r) => {
      const type = r.request().resourceType();
      if (!['script', 'stylesheet', 'document', 'fetch'].includes(type)) return;
      const body = await r.body();
      const sizes = await r.request().sizes();
      assets.push({ url: new URL(r.url()).pathname, type, raw: body.length, wire: sizes.responseBodySize,
        encoding: r.headers()['content-encoding'] || '', gzip9: gzipSync(body, { level: 9 }).length });
    });
    await page.goto(server.base + path, { waitUntil: 'load' });
    const nav = await page.evaluate(() => {
      const t = performance.getEntriesByType('navigation')[0];
      return { ttfb: t.responseStart, domContentLoaded: t.domContentLoadedEventEnd, load: t.loadEventEnd };
    });
    let interactive;
    if (kind === 'blocks') {
      const ready = await page.evaluate(() => {
        const form = document.querySelector('#model-editor form[hx-post]');
        return !!(window.htmx && form && form['htmx-internal-data']);
      });
      assert.ok(ready, 'htmx has processed the editor');
      interactive = nav.load;
      const steps = await page.locator('#model-editor li.step').count();
      assert.equal(steps, STEPS, 'all steps in the block editor');
    } else {
      await page.waitForFunction(() => window.__importDone, null, { timeout: 120000 });
      interactive = await page.evaluate(() => window.__importDone);
      const status = await page.locator('#bpmn-status').innerText();
      assert.match(status, /^Geladen/);
      const tasks = await page.evaluate(() => document.getElementById('bpmn-editor').bpmnModeler
        .get('elementRegistry').filter((e) => e.type === 'bpmn:Task').length);
      assert.equal(tasks, STEPS, 'all tasks in the BPMN editor');
    }
    await page.waitForTimeout(200); // late response bodies
    assert.deepEqual(errors, [], 'script errors');
    await context.close();
    return { ...nav, interactive, assets };
  }

  const results = {};
  for (const [kind, path] of [['blocks', `${base}/modell`], ['bpmn', `${base}/bpmn-editor`]]) {
    await load(path, kind); // warm the server (template and catalogue caches, gzip of the assets)
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await load(path, kind));
    results[kind] = runs;
  }

  const name = { blocks: 'Block editor', bpmn: 'BPMN editor' };
  console.log(`\n${STEPS} steps, ${RUNS} cold runs each, binary ${process.env.ABLAUF_BIN.replace(root + '/', '')}, Chromium headless\n`);
  console.log('| page | interactive (median) | runs | TTFB (median) | DOMContentLoaded (median) |');
  console.log('| --- | ---: | --- | ---: | ---: |');
  for (const kind of ['blocks', 'bpmn']) {
    const r = results[kind];
    console.log(`| ${name[kind]} | **${ms(median(r.map((x) => x.interactive)))}** | ${r.map((x) => Math.round(x.interactive)).join(', ')} | ${ms(median(r.map((x) => x.ttfb)))} | ${ms(median(r.map((x) => x.domContentLoaded)))} |`);
  }
  console.log('\nBytes per page (one cold load; "as served" is the response body as it went over the wire;');
  console.log('the document and the model XML are listed, the sum is scripts and stylesheets only):\n');
  console.log('| page | resource | raw | gzip -9 | as served |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const kind of ['blocks', 'bpmn']) {
    const assets = results[kind][0].assets;
    const sum = { raw: 0, gzip9: 0, wire: 0 };
    for (const a of assets) {
      console.log(`| ${name[kind]} | ${a.type} ${a.url} | ${kb(a.raw)} | ${kb(a.gzip9)} | ${kb(a.wire)}${a.encoding ? ` (${a.encoding})` : ''} |`);
      if (a.type === 'script' || a.type === 'stylesheet') { sum.raw += a.raw; sum.gzip9 += a.gzip9; sum.wire += a.wire; }
    }
    console.log(`| ${name[kind]} | **JS + CSS** | **${kb(sum.raw)}** | **${kb(sum.gzip9)}** | **${kb(sum.wire)}** |`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
