// A Django formset as cards added and removed one at a time (no inline scripts: the CSP forbids
// them). The page marks the box data-formset="<prefix>" around the management form, a list
// (data-formset-list) of cards (data-formset-form), a <template data-formset-template> holding
// the formset's empty_form, and an add button (data-formset-add); each card has a remove button
// (data-formset-remove). Adding copies the template with the next index and raises TOTAL_FORMS;
// removing ticks the card's DELETE box and hides it, so the server drops it (a blank card too).
(function () {
  "use strict";
  function wire(root) {
    root.querySelectorAll("[data-formset]").forEach(function (box) {
      if (box.dataset.formsetReady) return;
      var prefix = box.dataset.formset;
      var total = box.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
      var max = box.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]');
      var list = box.querySelector("[data-formset-list]");
      var template = box.querySelector("template[data-formset-template]");
      var add = box.querySelector("[data-formset-add]");
      if (!total || !list || !template || !add) return;

      function shown() { return list.querySelectorAll("[data-formset-form]:not([hidden])"); }
      function renumber() {
        shown().forEach(function (card, i) {
          var n = card.querySelector("[data-formset-number]");
          if (n) n.textContent = String(i + 1);
        });
        add.disabled = max && Number(total.value) >= Number(max.value);
      }
      list.addEventListener("click", function (e) {
        var button = e.target.closest("[data-formset-remove]");
        if (!button) return;
        var card = button.closest("[data-formset-form]");
        var del = card.querySelector('input[name$="-DELETE"]');
        if (del) del.checked = true;
        card.hidden = true;
        renumber();
        add.focus();
      });
      add.addEventListener("click", function () {
        var n = Number(total.value);
        list.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(n)));
        total.value = String(n + 1);
        renumber();
        var first = list.lastElementChild.querySelector("input:not([type=hidden]):not([type=checkbox]), select");
        if (first) first.focus();
      });
      box.dataset.formsetReady = "1";
      renumber();
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSwap", function (e) { wire(e.target); });
})();
