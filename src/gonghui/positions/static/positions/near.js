// "Use my location": asks the phone for its position and submits the search form with it.
// Where the browser refuses or has no location, the member chooses a county instead.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-locate]");
    if (!button) return;
    if (!navigator.geolocation) { button.hidden = true; return; }
    button.addEventListener("click", function () {
      var form = document.getElementById(button.dataset.locate);
      var status = document.querySelector("[data-locate-status]");
      if (status) status.textContent = button.dataset.waiting;
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("[name=lng]").value = pos.coords.longitude.toFixed(6);
        form.querySelector("[name=region]").value = "";
        form.submit();
      }, function () {
        if (status) status.textContent = button.dataset.failed;
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  });
})();
