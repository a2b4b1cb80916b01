// Shared helpers for the browser tests: start the real `ablauf` binary with
// demo content on a fresh SQLite data folder and a free port, drive Debian's
// Chromium with Playwright, and run axe-core (WCAG 2.1 A/AA rules) on every
// page a test visits, with the application's Content-Security-Policy in
// force. A test that navigates somewhere without checking it fails at the
// end (see `done`).

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const AXE = require.resolve('axe-core/axe.min.js');

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ablauf-browser-'));
  const bin = process.env.ABLAUF_BIN || join(root, 'target', 'debug', 'ablauf');
  const proc = spawn(bin, ['serve', '--demo', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir], {
    env: { ...process.env, ABLAUF_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`ablauf did not start on ${base}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

// Screenshots of every checked page go to target/screenshots/<test file>/
// for a look by eye (at the page's width, 1280 px unless a test sets another,
// and at 320 px).
const SHOTS = join(root, 'target', 'screenshots');
const AXE_SOURCE = readFileSync(AXE, 'utf8');
let shotCount = 0;
const shotDirs = new Set(); // emptied once per run of a test file

function testFileName() {
  const file = process.argv.find((a) => a.endsWith('.test.mjs'))
    || (new Error().stack.match(/([\w-]+)\.test\.mjs/) || [])[1];
  return file ? basename(file, '.test.mjs') : 'browser';
}

// A page with bookkeeping: `check()` runs axe on the current document
// (WCAG 2.1 A/AA and Label in Name), takes a screenshot, and checks that it
// reflows at 768 and 320 px without sideways scrolling; `done()` fails if any
// document the page loaded went unchecked, or if the page logged any error —
// Content-Security-Policy violations included: the application's CSP is
// enforced here (axe is injected through the debugger protocol, which the CSP
// does not govern).
export async function newPage(browser, base, opts = {}) {
  const { reflow = true, ...contextOpts } = opts;
  const context = await browser.newContext({ locale: 'de-DE', ...contextOpts });
  const page = await context.newPage();
  // Every document the page loads must be checked at least once; partial
  // updates (htmx) within a document are checked where the test looks.
  const documents = [];
  const checked = new Set();
  page.on('domcontentloaded', () => documents.push(page.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Refused requests (4xx) that a test provokes on purpose are not errors of
  // the page; everything else logged as an error is.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 4')) errors.push(`${page.url()}: ${m.text()}`); });
  const dir = join(SHOTS, testFileName());
  if (!shotDirs.has(dir)) { rmSync(dir, { recursive: true, force: true }); shotDirs.add(dir); }
  mkdirSync(dir, { recursive: true });

  async function check(label = '') {
    await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      return axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        // WCAG 2.5.3 Label in Name (BITV 2.0): axe marks it experimental.
        rules: { 'label-content-name-mismatch': { enabled: true } },
      });
    });
    const problems = result.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
    assert.equal(problems.length, 0, `accessibility violations on ${page.url()} ${label}:\n  ${problems.join('\n  ')}`);
    checked.add(documents.length - 1);
    await shoot(label);
  }

  async function shoot(label) {
    const name = `${String(++shotCount).padStart(3, '0')}-${new URL(page.url()).pathname.replace(/[^\w]+/g, '_').slice(0, 60)}`;
    // caret: 'initial' — hiding the caret would inject a style the CSP refuses.
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true, caret: 'initial' });
    if (!reflow) return;
    const size = page.viewportSize();
    if (!size) return;
    try {
      // A tablet and the narrowest phone (WCAG 1.4.10: 320 CSS px).
      for (const width of [768, 320].filter((w) => w < size.width)) {
        await page.setViewportSize({ width, height: size.height });
        const wide = !(await scrollsSideways(page)) ? null : await page.evaluate(() => {
          // Name the elements that stick out, for the message.
          const clipped = (e) => {
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              if (getComputedStyle(a).overflowX !== 'visible') return true;
            }
            return false;
          };
          return [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(e))
            .slice(-3).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} in #${e.parentElement?.closest('[id]')?.id}`);
        });
        if (width === 320) await page.screenshot({ path: join(dir, `${name}-320.png`), fullPage: true, caret: 'initial' });
        assert.equal(wide, null, `${page.url()} ${label} scrolls sideways at ${width} px: ${wide}`);
      }
    } finally {
      await page.setViewportSize(size);
    }
  }

  return {
    page,
    context,
    check,
    async visit(path) {
      const r = await page.goto(base + path);
      await check();
      return r;
    },
    async done() {
      const missed = documents.filter((u, i) => !checked.has(i) && u !== 'about:blank');
      assert.deepEqual(missed, [], 'pages shown without an accessibility check');
      assert.deepEqual(errors, [], 'errors in the page (scripts, Content-Security-Policy)');
      await context.close();
    },
  };
}

export async function signIn(p, email, password = 'demo') {
  await p.visit('/anmelden');
  await p.page.getByLabel('E-Mail-Adresse').fill(email);
  await p.page.getByLabel('Passwort').fill(password);
  await Promise.all([p.page.waitForLoadState('load'), p.page.getByRole('button', { name: 'Anmelden' }).click()]);
  await p.page.waitForURL((u) => !u.pathname.startsWith('/anmelden'));
  await p.check('after sign-in');
}

// Would the page need horizontal scrolling? (WCAG 1.4.10 reflow)
export async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
