// The member's pages: confirm before a destructive action (forms with data-confirm). No inline
// scripts (the CSP forbids them).
(function () {
  "use strict";
  function wire(root) {
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      if (form.dataset.confirmReady) return;
      form.addEventListener("submit", function (e) { if (!window.confirm(form.dataset.confirm)) e.preventDefault(); });
      form.dataset.confirmReady = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSwap", function (e) { wire(e.target); });
})();
