// The positions map without tiles: the city's county outlines (an ECharts map registered by
// the vendored outline file) with the positions on top. Points closer than CLUSTER_PX on the
// screen are drawn as one numbered circle, counted again when the map is zoomed or moved.
(function () {
  "use strict";
  var CLUSTER_PX = 22;

  function clusters(chart, points) {
    var out = [];
    points.forEach(function (p) {
      var px = chart.convertToPixel({ geoIndex: 0 }, [p.lng, p.lat]);
      if (!px) return;
      for (var i = 0; i < out.length; i++) {
        var c = out[i];
        if (Math.abs(c.px[0] - px[0]) < CLUSTER_PX && Math.abs(c.px[1] - px[1]) < CLUSTER_PX) {
          c.members.push(p); return;
        }
      }
      out.push({ px: px, members: [p] });
    });
    return out.map(function (c) {
      var n = c.members.length, first = c.members[0];
      var lng = 0, lat = 0;
      c.members.forEach(function (m) { lng += m.lng; lat += m.lat; });
      return { name: n === 1 ? first.name : c.members.slice(0, 8).map(function (m) { return m.name; }).join("、"),
               value: [lng / n, lat / n, n], url: n === 1 ? first.url : null, count: n };
    });
  }

  function draw(el) {
    if (el.dataset.ready || !window.echarts) return;
    var data = JSON.parse(document.getElementById(el.dataset.geo).textContent);
    if (!window.echarts.getMap(data.map)) return;
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "item", formatter: function (p) {
        if (p.seriesId !== "positions") return p.name;
        return p.data.count > 1 ? p.data.count + " · " + p.data.name : p.data.name;
      } },
      geo: { map: data.map, roam: true, scaleLimit: { min: 1, max: 12 }, layoutCenter: ["50%", "50%"], layoutSize: "96%",
             label: { show: true, fontSize: 10, color: "#6b6b6b" },
             itemStyle: { areaColor: "#f7f3f2", borderColor: "#b9aaa7" },
             emphasis: { label: { show: true, color: "#333" }, itemStyle: { areaColor: "#efe3e1" } } },
      series: [
        { id: "positions", type: "scatter", coordinateSystem: "geo", data: [], zlevel: 1,
          symbolSize: function (v) { return v[2] > 1 ? Math.min(14 + 3 * Math.sqrt(v[2]) * 2, 40) : 10; },
          itemStyle: { color: "#b3261e", opacity: 0.85, borderColor: "#fff", borderWidth: 1 },
          label: { show: true, color: "#fff", fontSize: 11,
                   formatter: function (p) { return p.data.count > 1 ? String(p.data.count) : ""; } } },
        { id: "centre", type: "scatter", coordinateSystem: "geo", silent: true, zlevel: 1, symbol: "circle",
          symbolSize: 14, itemStyle: { color: "rgba(11,61,107,.15)", borderColor: "#0b3d6b", borderWidth: 2 },
          data: data.centre ? [{ name: "", value: [data.centre[1], data.centre[0]] }] : [] }
      ]
    });
    function recount() { chart.setOption({ series: [{ id: "positions", data: clusters(chart, data.points) }] }); }
    recount();
    chart.on("georoam", function () { window.setTimeout(recount, 0); });
    chart.on("click", function (p) {
      if (p.seriesId === "positions" && p.data && p.data.url) window.location = p.data.url;
    });
    window.addEventListener("resize", function () { chart.resize(); recount(); });
    el.dataset.ready = "1";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-geo]").forEach(draw);
  });
})();
