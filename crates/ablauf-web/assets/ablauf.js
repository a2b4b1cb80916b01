// Small enhancements; every page works without them.
(function () {
  "use strict";
  function enhance(root) {
    // After a failed submission, move focus to the error summary so screen
    // reader users hear what went wrong.
    var summary = root.querySelector("[data-focus]");
    if (summary && root === document) { summary.focus(); }
    // One-time links and new tokens: select the whole value on focus.
    root.querySelectorAll("[data-select-all]").forEach(function (el) {
      el.addEventListener("focus", function () { el.select(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (e) { enhance(e.target); });
})();
