// Shared helpers for the browser tests: start the real `ablauf` binary with
// demo content on a fresh SQLite data folder and a free port, drive Debian's
// Chromium with Playwright, and run axe-core (WCAG 2.1 A/AA rules) on every
// page a test visits. A test that navigates somewhere without checking it
// fails at the end (see `done`).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
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

// A page with accessibility bookkeeping: `check()` runs axe on the current
// document; `done()` fails if any document the page loaded went unchecked.
export async function newPage(browser, base, opts = {}) {
  // bypassCSP lets the test inject axe-core; the application's own CSP
  // stays strict (script-src 'self').
  const context = await browser.newContext({ bypassCSP: true, locale: 'de-DE', ...opts });
  const page = await context.newPage();
  // Every document the page loads must be checked at least once; partial
  // updates (htmx) within a document are checked where the test looks.
  const documents = [];
  const checked = new Set();
  page.on('domcontentloaded', () => documents.push(page.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 4')) errors.push(m.text()); });

  async function check(label = '') {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    });
    const problems = result.violations.map((v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
    assert.equal(problems.length, 0, `accessibility violations on ${page.url()} ${label}:\n  ${problems.join('\n  ')}`);
    checked.add(documents.length - 1);
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
      assert.deepEqual(errors, [], 'script errors in the page');
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
