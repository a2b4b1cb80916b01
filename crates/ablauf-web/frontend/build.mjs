// Bundles the BPMN editor for embedding in the binary:
//
//   node crates/ablauf-web/frontend/build.mjs OUT_DIR
//
// writes OUT_DIR/bpmn-editor.js (IIFE, ES2020, minified),
// OUT_DIR/bpmn-editor.css (package stylesheets with the icon font inlined) and
// OUT_DIR/bpmn-editor.licenses.txt (the licences of every bundled package).
// Called by crates/ablauf-web/build.rs; needs `npm ci` to have run.

import { readFile, readdir, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node build.mjs OUT_DIR');
  process.exit(2);
}

// bpmn.css declares its icon font in five formats (eot, woff2, woff, ttf, svg).
// Inlining all of them would add ~350 KB for nothing: every browser we support
// takes woff2. Keep the rest of the stylesheet as published and declare the
// font with woff2 only; fail loudly if the package ever changes that block.
const bpmnFontWoff2Only = {
  name: 'bpmn-font-woff2-only',
  setup(build) {
    build.onLoad({ filter: /bpmn-font[\\/]css[\\/]bpmn\.css$/ }, async (args) => {
      const css = (await readFile(args.path, 'utf8')).replace(/\/\*(?!!)[\s\S]*?\*\//g, '');
      const faces = css.match(/@font-face\s*{[^}]*}/g) || [];
      if (faces.length !== 1 || !faces[0].includes('bpmn.woff2')) {
        throw new Error(`${args.path}: expected one @font-face with bpmn.woff2, found ${faces.length}`);
      }
      const face = [
        '@font-face {',
        "  font-family: 'bpmn';",
        "  src: url('../font/bpmn.woff2') format('woff2');",
        '  font-weight: normal;',
        '  font-style: normal;',
        '  font-display: block;',
        '}',
      ].join('\n');
      return { contents: css.replace(faces[0], face), loader: 'css', resolveDir: dirname(args.path) };
    });
  },
};

// The page's Content-Security-Policy has `style-src 'self'` without
// 'unsafe-inline', so markup with a style attribute is refused (and reported
// as an error). The properties panel creates its container from such markup;
// drop the attribute here, bpmn-editor.css gives the container its height.
const INLINE_STYLE = '<div style="height: 100%" tabindex="-1" class="bio-properties-panel-container">';
const noInlineStyle = {
  name: 'properties-panel-no-inline-style',
  setup(build) {
    build.onLoad({ filter: /bpmn-js-properties-panel[\\/]dist[\\/]index\.esm\.js$/ }, async (args) => {
      const js = await readFile(args.path, 'utf8');
      const patched = js.split(INLINE_STYLE).join('<div tabindex="-1" class="bio-properties-panel-container">');
      if (/domify\(\s*['"`][^'"`]*\sstyle=/.test(patched)) {
        throw new Error(`${args.path}: markup with a style attribute (blocked by the CSP) - extend the patch in build.mjs`);
      }
      return { contents: patched, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const common = {
  bundle: true,
  minify: true,
  logLevel: 'warning',
  absWorkingDir: resolve(here, '../../..'),
  legalComments: 'eof',
  metafile: true,
};

await mkdir(outDir, { recursive: true });

const jsOut = join(outDir, 'bpmn-editor.js');
const cssOut = join(outDir, 'bpmn-editor.css');

const jsResult = await esbuild.build({
  ...common,
  entryPoints: [ join(here, 'bpmn-editor.js') ],
  outfile: jsOut,
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [ noInlineStyle ],
  loader: { '.json': 'json' },
});

const cssResult = await esbuild.build({
  ...common,
  entryPoints: [ join(here, 'bpmn-editor.css') ],
  outfile: cssOut,
  plugins: [ bpmnFontWoff2Only ],
  loader: {
    '.woff2': 'dataurl',
    '.woff': 'dataurl',
    '.ttf': 'dataurl',
    '.eot': 'dataurl',
    '.svg': 'dataurl',
    '.png': 'dataurl',
  },
});

// Nothing in the stylesheet may point anywhere but a data: URL.
const css = await readFile(cssOut, 'utf8');
const external = css.match(/url\(\s*(?!["']?data:)[^)]*\)|@import/g);
if (external) {
  throw new Error(`${cssOut} refers to external resources: ${external.slice(0, 3).join(', ')}`);
}

// Attribution: the bundled packages are named at the top of each file, their
// licence texts are written in full beside them.
const root = common.absWorkingDir;
const packageDirs = (result) => {
  const dirs = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
    if (m) dirs.add(m[1]);
  }
  return [ ...dirs ].sort();
};
const described = new Map();
async function describe(dir) {
  if (!described.has(dir)) {
    const pkg = JSON.parse(await readFile(join(root, dir, 'package.json'), 'utf8'));
    const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license && pkg.license.type) || 'unknown';
    const files = (await readdir(join(root, dir))).filter((f) => /^licen[cs]e/i.test(f)).sort();
    const text = files.length
      ? await readFile(join(root, dir, files[0]), 'utf8')
      : `(no licence file in the package; package.json says: ${licence})`;
    described.set(dir, {
      notice: `${pkg.name}@${pkg.version} (${licence === 'SEE LICENSE IN LICENSE' ? 'bpmn.io license' : licence})`,
      text: `${'='.repeat(78)}\n${pkg.name}@${pkg.version}\n${'='.repeat(78)}\n\n${text.trim()}\n`,
    });
  }
  return described.get(dir);
}
for (const [ file, result ] of [ [ jsOut, jsResult ], [ cssOut, cssResult ] ]) {
  const notices = [];
  for (const dir of packageDirs(result)) notices.push((await describe(dir)).notice);
  const banner = `/*! Ablauf BPMN editor. Contains ${notices.join(', ')}. `
    + 'Licence texts: bpmn-editor.licenses.txt. bpmn-js is used under the bpmn.io license, '
    + 'which requires the bpmn.io logo in the diagram to stay visible. */\n';
  const content = await readFile(file, 'utf8');
  const charset = /^@charset "[^"]*";/.exec(content); // must stay first in a stylesheet
  await writeFile(file, charset
    ? `${charset[0]}\n${banner}${content.slice(charset[0].length)}`
    : banner + content);
}
await writeFile(join(outDir, 'bpmn-editor.licenses.txt'),
  'Licences of the packages bundled in bpmn-editor.js and bpmn-editor.css\n\n'
  + [ ...described.keys() ].sort().map((dir) => described.get(dir).text).join('\n'));

for (const file of [ jsOut, cssOut ]) {
  console.log(`${file}: ${(await stat(file)).size} bytes`);
}
