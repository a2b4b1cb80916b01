// Ablauf's BPMN editor for experts: bpmn-js modeler + properties panel with
// the Ablauf extension, loading from and saving to the process API.
//
// Page contract (the server renders this; see README.md in this folder):
//
//   <div id="bpmn-editor" data-xml-url="…" data-save-url="…" data-version="3"
//        data-csrf="…" [data-filename="gewerbeanmeldung"]>
//     <div id="bpmn-canvas"></div>
//     <div id="bpmn-properties"></div>
//     <div id="bpmn-status" role="status" aria-live="polite"></div>
//     <button type="button" id="bpmn-save">Speichern</button>
//     <button type="button" id="bpmn-download">BPMN herunterladen</button>
//     <button type="button" id="bpmn-svg">SVG herunterladen</button>
//   </div>
//   <script type="application/json" id="ablauf-blocks">[{"key","name","category"}…]</script>
//   <script type="application/json" id="ablauf-units">[{"id","name"}…]</script>

import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
} from 'bpmn-js-properties-panel';

import ablaufModdle from '../../ablauf-bpmn/moddle/ablauf.json';
import TranslateDe from './translate-de.js';
import AblaufPropertiesModule from './ablauf-properties.js';

const DEBOUNCE_MS = 300;

const SEVERITY = {
  error: 'Fehler',
  warning: 'Warnung',
  warn: 'Warnung',
  info: 'Hinweis',
};

function readJson(id) {
  const node = document.getElementById(id);
  if (!node) return [];
  try {
    const value = JSON.parse(node.textContent || '[]');
    return Array.isArray(value) ? value : [];
  } catch (e) {
    console.warn(`#${id} enthält kein gültiges JSON`, e);
    return [];
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Version number from an ETag like `"7"` or `W/"7"`, else undefined. */
function versionFromEtag(etag) {
  const m = /^(?:W\/)?"(\d+)"$/.exec((etag || '').trim());
  return m ? m[1] : undefined;
}

async function readJsonBody(response) {
  try {
    return await response.json();
  } catch (e) {
    return {};
  }
}

function findingText(f) {
  if (typeof f === 'string') return f;
  const label = SEVERITY[(f && f.severity) || ''] || 'Hinweis';
  return `${label}: ${(f && f.message) || ''}`;
}

/** Smallest zoom of the first view: below it, labels are too small to read. */
const READABLE_ZOOM = 0.75;

/**
 * The first view of a diagram: the whole width when that is readable,
 * otherwise the start of the process at a readable size (scroll or zoom
 * out for the rest), never larger than 100 %. The left margin keeps the
 * start clear of the palette.
 */
function firstView(canvas, container) {
  canvas.zoom('fit-viewport', 'auto');
  const { inner, outer } = canvas.viewbox();
  if (!inner || !inner.width || !outer.width) return;
  const palette = container.querySelector('.djs-palette');
  const left = (palette ? palette.getBoundingClientRect().width + 20 : 0) + 20;
  const pad = 20;
  const fit = (outer.width - left - pad) / inner.width;
  const scale = Math.min(1, Math.max(fit, READABLE_ZOOM));
  canvas.viewbox({
    x: inner.x - left / scale,
    y: inner.y - pad / scale,
    width: outer.width / scale,
    height: outer.height / scale,
  });
}

function init(root) {
  const canvasEl = root.querySelector('#bpmn-canvas');
  const propertiesEl = root.querySelector('#bpmn-properties');
  const statusEl = root.querySelector('#bpmn-status');
  const saveButton = root.querySelector('#bpmn-save');
  const downloadButton = root.querySelector('#bpmn-download');
  const svgButton = root.querySelector('#bpmn-svg');

  const xmlUrl = root.dataset.xmlUrl;
  const saveUrl = root.dataset.saveUrl || xmlUrl;
  const csrf = root.dataset.csrf || '';
  const fileBase = root.dataset.filename || 'prozess';

  let dirty = false;
  let changes = 0; // commands executed, undone or redone since the page loaded
  let loaded = false;
  let saving = false;
  root.dataset.dirty = 'false';

  // -- status line ---------------------------------------------------------

  /**
   * @param {string} state  'info' | 'success' | 'warning' | 'error' | 'dirty'
   * @param {string} text
   * @param {{items?: string[], link?: {href: string, text: string}}} [extra]
   */
  function status(state, text, extra = {}) {
    if (!statusEl) return;
    statusEl.dataset.state = state;
    const children = [ document.createTextNode(text) ];
    if (extra.link) {
      const a = document.createElement('a');
      a.href = extra.link.href;
      a.textContent = extra.link.text;
      children.push(document.createTextNode(' '), a);
    }
    if (extra.items && extra.items.length) {
      const ul = document.createElement('ul');
      for (const item of extra.items) {
        const li = document.createElement('li');
        li.textContent = item;
        ul.appendChild(li);
      }
      children.push(ul);
    }
    statusEl.replaceChildren(...children);
  }

  function setDirty(value) {
    if (dirty === value) return;
    dirty = value;
    root.dataset.dirty = value ? 'true' : 'false';
    if (value) status('dirty', 'Ungespeicherte Änderungen');
  }

  // -- modeler -------------------------------------------------------------

  const modeler = new BpmnModeler({
    container: canvasEl,
    propertiesPanel: { parent: propertiesEl },
    debounceInput: DEBOUNCE_MS,
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      AblaufPropertiesModule,
      TranslateDe,
    ],
    moddleExtensions: { [ablaufModdle.prefix]: ablaufModdle },
    ablauf: {
      blocks: readJson('ablauf-blocks'),
      units: readJson('ablauf-units'),
    },
  });

  modeler.on('commandStack.changed', (event) => {
    if (!loaded || (event && event.trigger === 'clear')) return;
    changes += 1;
    setDirty(true);
  });

  // -- load ----------------------------------------------------------------

  async function load() {
    status('info', 'BPMN-Modell wird geladen …');
    let response;
    try {
      response = await fetch(xmlUrl, {
        credentials: 'same-origin',
        headers: { Accept: 'application/xml' },
      });
    } catch (e) {
      status('error', 'Das BPMN-Modell konnte nicht geladen werden (keine Verbindung zum Server).');
      return;
    }
    if (response.status === 404) {
      await modeler.createDiagram();
      modeler.get('canvas').zoom('fit-viewport', 'auto');
      loaded = true;
      status('info', 'Zu diesem Prozess gibt es noch kein BPMN-Modell. Ein leeres Diagramm wurde angelegt.');
      return;
    }
    if (!response.ok) {
      status('error', `Das BPMN-Modell konnte nicht geladen werden (HTTP ${response.status}).`);
      return;
    }
    const etagVersion = versionFromEtag(response.headers.get('ETag'));
    if (etagVersion) root.dataset.version = etagVersion;
    const xml = await response.text();
    try {
      const { warnings } = await modeler.importXML(xml);
      firstView(modeler.get('canvas'), canvasEl);
      loaded = true;
      const loadedText = `Geladen (Version ${root.dataset.version || '–'})`;
      if (warnings && warnings.length) {
        status('warning', `${loadedText}, mit ${warnings.length} Import-Hinweis${warnings.length === 1 ? '' : 'en'}:`,
          { items: warnings.map((w) => w.message || String(w)) });
      } else {
        status('info', `${loadedText}.`);
      }
    } catch (e) {
      const warnings = (e && e.warnings) || [];
      status('error', `Das BPMN-Modell konnte nicht gelesen werden: ${e && e.message ? e.message : e}`,
        { items: warnings.map((w) => w.message || String(w)) });
    }
  }

  // -- save ----------------------------------------------------------------

  /** Commit what is still being typed in the properties panel (debounced fields). */
  async function flushPanelInput() {
    const active = document.activeElement;
    if (active && propertiesEl && propertiesEl.contains(active) && typeof active.blur === 'function') {
      active.blur();
      await sleep(DEBOUNCE_MS + 50);
      return active;
    }
    return null;
  }

  async function save() {
    if (!loaded || saving) return;
    saving = true;
    if (saveButton) saveButton.disabled = true;
    const refocus = await flushPanelInput();
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const changesSaved = changes;
      const version = root.dataset.version || '';
      status('info', 'Wird gespeichert …');
      let response;
      try {
        response = await fetch(saveUrl, {
          method: 'PUT',
          credentials: 'same-origin',
          headers: {
            'Content-Type': 'application/xml',
            'Accept': 'application/json',
            'If-Match': `"${version}"`,
            'X-CSRF-Token': csrf,
          },
          body: xml,
        });
      } catch (e) {
        status('error', 'Nicht gespeichert: keine Verbindung zum Server. Ihre Änderungen sind noch im Editor.');
        return;
      }
      const body = await readJsonBody(response);
      if (response.ok) {
        if (body.version !== undefined && body.version !== null) root.dataset.version = String(body.version);
        // edits made while the request was under way are still unsaved
        dirty = changes !== changesSaved;
        root.dataset.dirty = dirty ? 'true' : 'false';
        const items = (body.findings || []).map(findingText);
        if (body.blocks === false) {
          items.push(`Nur im BPMN-Editor bearbeitbar: ${(body.reasons || []).join('; ')}`);
        }
        if (dirty) items.push('Seit dem Speichern gibt es weitere, noch ungespeicherte Änderungen.');
        status(items.length ? 'warning' : 'success', `Gespeichert (Version ${root.dataset.version}).`, { items });
      } else if (response.status === 409) {
        const current = body.current && body.current.version;
        status('error',
          `${body.message || 'Jemand anderes hat das Modell inzwischen gespeichert'}`
          + `${current !== undefined ? ` (aktuelle Version ${current})` : ''}. `
          + 'Ihre Fassung ist noch im Editor – laden Sie sie bei Bedarf mit „BPMN herunterladen“ herunter.',
          { link: { href: window.location.href, text: 'Neu laden' } });
      } else if (response.status === 422) {
        status('error', 'Nicht gespeichert: Das Modell hat Fehler.', { items: (body.findings || []).map(findingText) });
      } else if (response.status === 401) {
        status('error', 'Nicht gespeichert: Ihre Anmeldung ist abgelaufen. Laden Sie das Modell herunter und melden Sie sich neu an.');
      } else if (response.status === 403) {
        status('error', `Nicht gespeichert: ${body.message || 'Sie dürfen dieses Modell nicht ändern.'}`);
      } else {
        status('error', `Nicht gespeichert (HTTP ${response.status})${body.message ? `: ${body.message}` : '.'}`);
      }
    } catch (e) {
      status('error', `Nicht gespeichert: ${e && e.message ? e.message : e}`);
    } finally {
      saving = false;
      if (saveButton) saveButton.disabled = false;
      if (refocus && document.contains(refocus)) refocus.focus();
    }
  }

  // -- downloads -----------------------------------------------------------

  function offerDownload(content, type, filename) {
    const url = URL.createObjectURL(new Blob([ content ], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function downloadBpmn() {
    if (!loaded) return;
    await flushPanelInput();
    const { xml } = await modeler.saveXML({ format: true });
    offerDownload(xml, 'application/xml', `${fileBase}.bpmn`);
  }

  async function downloadSvg() {
    if (!loaded) return;
    const { svg } = await modeler.saveSVG();
    offerDownload(svg, 'image/svg+xml', `${fileBase}.svg`);
  }

  // -- wiring --------------------------------------------------------------

  if (saveButton) saveButton.addEventListener('click', save);
  if (downloadButton) downloadButton.addEventListener('click', downloadBpmn);
  if (svgButton) svgButton.addEventListener('click', downloadSvg);

  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === 's' || event.key === 'S')) {
      event.preventDefault();
      save();
    }
  });

  window.addEventListener('beforeunload', (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = '';
  });

  // for tests and for the page's own scripts
  root.bpmnModeler = modeler;

  return load();
}

function start() {
  const root = document.getElementById('bpmn-editor');
  if (root && !root.bpmnModeler) init(root);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
