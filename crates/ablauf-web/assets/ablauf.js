// Small enhancements; every page works without them.
(function () {
  "use strict";
  function enhance(root) {
    // After a failed submission, move focus to the error summary so screen
    // reader users hear what went wrong.
    var summary = root.querySelector("[data-focus]");
    if (summary && (root === document || root.id === "model-editor")) { summary.focus(); }
    // One-time links and new tokens: select the whole value on focus.
    root.querySelectorAll("[data-select-all]").forEach(function (el) {
      el.addEventListener("focus", function () { el.select(); });
    });
  }

  // Answers with field errors or conflicts (422) replace the editor too, so
  // the message and what was typed show; htmx leaves 4xx unswapped by default.
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr.status === 422) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  // htmx replaced the editor: put focus where the action asked for it
  // (`autofocus` in the new fragment), else on the editor's status line
  // (e.g. undoing the last change removes the undo button that had focus),
  // so focus never drops to the start of the page.
  function focusAfterSwap(target) {
    var el = target.querySelector("[data-focus]") || target.querySelector("[autofocus]") ||
      target.querySelector("#model-status");
    if (el) { el.focus(); }
  }

  // Block editor: filter the block choices as one types.
  document.addEventListener("input", function (e) {
    var f = e.target;
    if (!f.matches || !f.matches("[data-block-filter]")) { return; }
    var q = f.value.trim().toLowerCase();
    var picker = f.closest(".block-picker");
    picker.querySelectorAll(".block-choice").forEach(function (c) {
      c.hidden = q !== "" && c.textContent.toLowerCase().indexOf(q) === -1;
    });
    picker.querySelectorAll(".block-category").forEach(function (g) {
      g.hidden = !g.querySelector(".block-choice:not([hidden])");
    });
    // Typing a unique match selects it, so Enter inserts it at once.
    var visible = picker.querySelectorAll(".block-choice:not([hidden]) input");
    if (visible.length === 1) { visible[0].checked = true; }
  });

  // Block editor shortcuts on a focused step (or anything inside it):
  // Alt+Up/Down move, Alt+D duplicate, Alt+Delete delete, Alt+E details,
  // Alt+N insert after; Alt+Z undo anywhere in the editor.
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) { return; }
    var editor = e.target.closest && e.target.closest("#model-editor");
    if (!editor) { return; }
    var map = { ArrowUp: "up", ArrowDown: "down", d: "duplicate", D: "duplicate", Delete: "delete", e: "edit", E: "edit", n: "insert", N: "insert" };
    if (e.key === "z" || e.key === "Z") {
      var undo = editor.querySelector("#undo");
      if (undo) { e.preventDefault(); undo.click(); }
      return;
    }
    var control = map[e.key];
    if (!control) { return; }
    // Not while filling in a step's or a branch's form: Alt+Arrow opens a
    // select there, and moving the step would drop what was typed.
    if (e.target.closest(".step-form, .branch-form")) { return; }
    var item = e.target.closest("[data-item]");
    if (!item) { return; }
    var actions = item.querySelector(":scope > .item-actions");
    var button = actions && actions.querySelector('[data-control="' + control + '"]');
    if (button && !button.disabled) {
      e.preventDefault();
      button.click();
    }
  });

  // Diagram downloads as PNG: draw the SVG on a canvas in the browser.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-png]");
    if (link) {
      e.preventDefault();
      var svg = document.querySelector(".diagram svg[role=img]");
      if (!svg) { return; }
      var w = svg.viewBox.baseVal.width || svg.clientWidth;
      var h = svg.viewBox.baseVal.height || svg.clientHeight;
      var scale = 2;
      var img = new Image();
      var data = new XMLSerializer().serializeToString(svg);
      img.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = w * scale;
        canvas.height = h * scale;
        var g = canvas.getContext("2d");
        g.fillStyle = "#fff";
        g.fillRect(0, 0, canvas.width, canvas.height);
        g.drawImage(img, 0, 0, canvas.width, canvas.height);
        var a = document.createElement("a");
        a.download = (link.getAttribute("data-png") || "diagramm") + ".png";
        a.href = canvas.toDataURL("image/png");
        document.body.appendChild(a);
        a.click();
        a.remove();
      };
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(data);
      return;
    }
    if (e.target.closest && e.target.closest("[data-print]")) { window.print(); }
  });

  // Diagrams: zoom in and out, fit to the width, and beside the block
  // editor the step being edited marked and scrolled into view. The size
  // lives in the SVG's width and height attributes (the CSP forbids inline
  // styles) and is applied again whenever htmx replaces the diagram.
  var ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.25, 1.5, 2];
  // Readable by default: fitted to the width, but not smaller than this.
  var MIN_FIRST_ZOOM = 0.75;
  var zooms = {}; // figure id (or "view") → a factor, or "fit"
  var currentItem = null; // id of the step or branching being edited

  function diagramSvg(fig) { return fig.querySelector(".diagram-body svg[role=img]"); }
  function fitFactor(fig, svg) {
    var body = fig.querySelector(".diagram-body");
    var w = svg.viewBox.baseVal.width;
    return w > 0 ? Math.min(1, (body.clientWidth - 4) / w) : 1;
  }
  function zoomFactor(fig, svg) {
    var z = zooms[fig.id || "view"];
    if (z === "fit") { return fitFactor(fig, svg); }
    if (typeof z === "number") { return z; }
    return Math.min(1, Math.max(fitFactor(fig, svg), MIN_FIRST_ZOOM));
  }
  function applyZoom(fig) {
    var tools = fig.querySelector(".diagram-tools");
    var svg = diagramSvg(fig);
    if (!tools) { return; }
    tools.hidden = !svg;
    if (!svg) { return; }
    var z = zoomFactor(fig, svg);
    var vb = svg.viewBox.baseVal;
    svg.setAttribute("width", String(Math.round(vb.width * z)));
    svg.setAttribute("height", String(Math.round(vb.height * z)));
    var level = tools.querySelector(".diagram-zoom-level");
    if (level) { level.textContent = Math.round(z * 100) + " %"; }
    var smaller = tools.querySelector('[data-zoom-step="-1"]');
    var larger = tools.querySelector('[data-zoom-step="1"]');
    if (smaller) { smaller.disabled = z <= ZOOMS[0] + 0.001; }
    if (larger) { larger.disabled = z >= ZOOMS[ZOOMS.length - 1] - 0.001; }
  }
  function stepZoom(fig, dir) {
    var svg = diagramSvg(fig);
    if (!svg) { return; }
    var z = zoomFactor(fig, svg);
    var next = z;
    if (dir > 0) {
      next = ZOOMS.filter(function (x) { return x > z + 0.001; })[0] || ZOOMS[ZOOMS.length - 1];
    } else {
      next = ZOOMS.filter(function (x) { return x < z - 0.001; }).pop() || ZOOMS[0];
    }
    zooms[fig.id || "view"] = next;
    applyZoom(fig);
  }

  // Marks the step (or the gateway of a variant or parallel part) in the
  // diagram beside the editor; with `scroll`, brings it into view.
  function markItem(id, scroll) {
    var fig = document.getElementById("model-diagram");
    var svg = fig && diagramSvg(fig);
    if (!svg) { return; }
    svg.querySelectorAll(".is-current").forEach(function (g) { g.classList.remove("is-current"); });
    var el = null;
    svg.querySelectorAll("[data-id]").forEach(function (g) {
      if (g.getAttribute("data-id") === id) { el = g; }
    });
    if (!el) { return; }
    el.classList.add("is-current");
    if (!scroll) { return; }
    var body = fig.querySelector(".diagram-body");
    var b = body.getBoundingClientRect();
    var r = el.getBoundingClientRect();
    var pad = 16;
    if (r.left < b.left + pad || r.right > b.right - pad) {
      body.scrollLeft += (r.left + r.width / 2) - (b.left + b.width / 2);
    }
    if (r.top < b.top + pad || r.bottom > b.bottom - pad) {
      body.scrollTop += (r.top + r.height / 2) - (b.top + b.height / 2);
    }
  }

  function refreshDiagrams() {
    document.querySelectorAll("figure[data-zoom]").forEach(applyZoom);
    if (currentItem) { markItem(currentItem, false); }
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-zoom-step], [data-zoom-fit], [data-zoom-reset]");
    var fig = b && b.closest("figure[data-zoom]");
    if (!fig) { return; }
    if (b.hasAttribute("data-zoom-step")) {
      stepZoom(fig, Number(b.getAttribute("data-zoom-step")));
    } else {
      zooms[fig.id || "view"] = b.hasAttribute("data-zoom-fit") ? "fit" : 1;
      applyZoom(fig);
    }
    if (currentItem) { markItem(currentItem, true); }
  });

  // Focus on a step, its form or its buttons: that step is the one edited.
  document.addEventListener("focusin", function (e) {
    var item = e.target.closest && e.target.closest("#model-editor [data-item]");
    if (!item || item.id === currentItem) { return; }
    currentItem = item.id;
    markItem(currentItem, true);
  });

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(refreshDiagrams, 150);
  });

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    refreshDiagrams();
    var open = document.querySelector("#model-editor .step--open");
    if (open) { currentItem = open.id; markItem(currentItem, true); }
  });
  // The autosave swaps the diagram out of band (the event comes from the
  // new content; the detail names the element swapped into).
  document.addEventListener("htmx:oobAfterSwap", function (e) {
    var target = e.detail && e.detail.target;
    if (target && target.id === "model-diagram-body") { refreshDiagrams(); }
  });
  // A table wider than its box scrolls inside it: then the box takes focus
  // (keyboard users scroll it with the arrow keys) and is named as a region.
  function scrollableTables() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", box.getAttribute("data-scroll-label"));
      } else if (!scrolls && box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  window.addEventListener("resize", scrollableTables);
  document.addEventListener("DOMContentLoaded", scrollableTables);
  document.addEventListener("htmx:afterSettle", scrollableTables);
  document.addEventListener("htmx:afterSwap", function (e) { enhance(e.target); });
  document.addEventListener("htmx:afterSettle", function (e) {
    // Only when the editor itself was replaced: an autosave of the step
    // form updates parts of it out of band while the person goes on typing,
    // and must not move focus (back to the field marked autofocus).
    if (e.target.id === "model-editor") {
      refreshDiagrams();
      var open = e.target.querySelector(".step--open");
      if (open) { currentItem = open.id; }
      focusAfterSwap(e.target);
      if (currentItem) { markItem(currentItem, true); }
    }
  });

  // Sortable tables (data-sortable): each column header becomes a button;
  // a click sorts the rows by that column (numbers by their data-value),
  // largest first, a second click reverses; aria-sort tells which.
  function sortableTables(root) {
    (root || document).querySelectorAll("table[data-sortable]").forEach(function (table) {
      if (table.dataset.sortReady) { return; }
      table.dataset.sortReady = "1";
      var heads = table.querySelectorAll("thead th");
      heads.forEach(function (th, col) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "sort-button";
        while (th.firstChild) { b.appendChild(th.firstChild); }
        th.appendChild(b);
        b.addEventListener("click", function () {
          var desc = th.getAttribute("aria-sort") !== "descending";
          heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", desc ? "descending" : "ascending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          var key = function (r) {
            var c = r.cells[col];
            var v = c && c.getAttribute("data-value");
            return v !== null && v !== "" && !isNaN(Number(v)) ? Number(v) : (c ? c.textContent.replace(/\u00ad/g, "").trim().toLowerCase() : "");
          };
          rows.sort(function (a, z) {
            var x = key(a), y = key(z);
            var r = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "de");
            return desc ? -r : r;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { sortableTables(); });
})();
