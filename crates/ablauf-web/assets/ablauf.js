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

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (e) { enhance(e.target); });
  document.addEventListener("htmx:afterSettle", function (e) {
    // Only when the editor itself was replaced: an autosave of the step
    // form updates parts of it out of band while the person goes on typing,
    // and must not move focus (back to the field marked autofocus).
    if (e.target.id === "model-editor") { focusAfterSwap(e.target); }
  });
})();
