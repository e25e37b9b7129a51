// The quiz countdown: shows the seconds the server gave (data-seconds-left) and hands the
// answers in when they run out. The server holds the deadline; this only shows it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-seconds-left]");
    var form = document.getElementById("quiz-form");
    if (!box || !form) return;
    var shown = box.querySelector("[data-countdown]");
    var end = Date.now() + parseInt(box.dataset.secondsLeft, 10) * 1000;
    var sent = false;
    form.addEventListener("submit", function () { sent = true; });
    function tick() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      shown.textContent = String(left);
      if (left === 0) {
        if (!sent) { sent = true; box.textContent = box.dataset.done; form.submit(); }
        return;
      }
      window.setTimeout(tick, 250);
    }
    tick();
  });
})();
