// Gonghui page behaviour. No inline scripts (the CSP forbids them): pages mark elements
// with data attributes and this file wires them up, also after htmx swaps.
(function () {
  "use strict";

  function charts(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.ready) return;
      var source = document.getElementById(el.dataset.chart);
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      var chart = window.echarts.init(el);
      var option = spec.type === "pie" ? {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"], data: spec.items.map(function (i) {
          return { name: i.label, value: i.value, url: i.url }; }) }]
      } : {
        tooltip: { trigger: "axis" },
        grid: { left: 48, right: 16, bottom: 72, top: 24 },
        xAxis: { type: "category", data: spec.items.map(function (i) { return i.label; }),
                 axisLabel: { rotate: 35, interval: 0 } },
        yAxis: { type: "value" },
        series: [{ type: "bar", itemStyle: { color: "#b3261e" },
                   data: spec.items.map(function (i) { return { value: i.value, url: i.url }; }) }]
      };
      chart.setOption(option);
      chart.on("click", function (p) { if (p.data && p.data.url) window.location = p.data.url; });
      window.addEventListener("resize", function () { chart.resize(); });
      el.dataset.ready = "1";
    });
  }

  function confirmForms(root) {
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      if (form.dataset.confirmReady) return;
      form.addEventListener("submit", function (e) {
        if (!window.confirm(form.dataset.confirm)) e.preventDefault();
      });
      form.dataset.confirmReady = "1";
    });
  }

  // A header checkbox with data-pick-all="<name>" ticks or clears every checkbox of that name.
  function pickAll(root) {
    root.querySelectorAll("input[data-pick-all]").forEach(function (box) {
      if (box.dataset.pickReady) return;
      box.addEventListener("change", function () {
        document.querySelectorAll('input[type=checkbox][name="' + box.dataset.pickAll + '"]').forEach(function (c) {
          c.checked = box.checked;
        });
      });
      box.dataset.pickReady = "1";
    });
  }

  // Tree tables (data-tree): rows carry data-path (a materialised path); a node's toggle hides
  // the rows below it on this page, and showing them again keeps folded sub-nodes folded.
  function below(row) {
    var path = row.dataset.path, rows = [], next = row.nextElementSibling;
    while (next && next.dataset.path && next.dataset.path.indexOf(path) === 0 && next.dataset.path !== path) {
      rows.push(next); next = next.nextElementSibling;
    }
    return rows;
  }
  function setOpen(row, open) {
    var toggle = row.querySelector("[data-tree-toggle]");
    if (toggle) toggle.setAttribute("aria-expanded", open ? "true" : "false");
    var folded = null;
    below(row).forEach(function (r) {
      if (!open) { r.hidden = true; return; }
      if (folded && r.dataset.path.indexOf(folded) === 0) { r.hidden = true; return; }
      r.hidden = false;
      var t = r.querySelector("[data-tree-toggle]");
      folded = t && t.getAttribute("aria-expanded") === "false" ? r.dataset.path : null;
    });
  }
  function trees(root) {
    root.querySelectorAll("[data-tree-toggle]").forEach(function (button) {
      if (button.dataset.treeReady) return;
      button.addEventListener("click", function () {
        var row = button.closest("tr");
        setOpen(row, button.getAttribute("aria-expanded") === "false");
      });
      button.dataset.treeReady = "1";
    });
    root.querySelectorAll("[data-tree-all]").forEach(function (button) {
      if (button.dataset.treeReady) return;
      button.addEventListener("click", function () {
        var open = button.dataset.treeAll === "open";
        var table = document.querySelector("table[data-tree]");
        if (!table) return;
        var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-path]"));
        var top = Math.min.apply(null, rows.map(function (r) { return +r.dataset.depth; }));
        rows.forEach(function (r) {
          var t = r.querySelector("[data-tree-toggle]");
          if (t) t.setAttribute("aria-expanded", open || +r.dataset.depth === top ? "true" : "false");
          r.hidden = !open && +r.dataset.depth > top + 1;
        });
      });
      button.dataset.treeReady = "1";
    });
  }

  // The bulk bar of a list (form#bulk-form): counts the ticked rows and enables its buttons.
  function bulkBar() {
    var form = document.getElementById("bulk-form");
    if (!form) return;
    var n = document.querySelectorAll('input[type=checkbox][name="pick"]:checked').length;
    var label = form.querySelector("[data-bulk-count]");
    if (label) {
      if (!label.dataset.idle) label.dataset.idle = label.textContent;
      label.textContent = n ? label.dataset.template.replace("{n}", n) : label.dataset.idle;
    }
    form.querySelectorAll("[data-bulk-needs-pick]").forEach(function (b) { b.disabled = !n; });
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches('input[type=checkbox][name="pick"], input[data-pick-all="pick"]')) bulkBar();
  });

  function wire(root) { charts(root); confirmForms(root); pickAll(root); trees(root); bulkBar(); }
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSwap", function (e) { wire(e.target); });
})();
