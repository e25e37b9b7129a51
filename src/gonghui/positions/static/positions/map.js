// The positions map over the operator's tile server (POSITIONS_TILE_URL): reads the points from
// the page's JSON block (no inline script: CSP). Without Leaflet or tiles the page shows its list.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-map]");
    if (!box || !window.L) return;
    var data = JSON.parse(document.getElementById(box.dataset.map).textContent);
    var map = L.map(box).setView(data.centre, 12);
    L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map);
    var bounds = [data.centre];
    L.circleMarker(data.centre, { radius: 7, color: "#0b3d6b" }).addTo(map);
    data.points.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lng], { radius: 6, color: "#b3261e", fillOpacity: 0.7 }).addTo(map);
      var a = document.createElement("a");
      a.href = p.url;
      a.textContent = p.name;
      m.bindPopup(a);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
  });
})();
