// Plan dashboard charts (Chart.js, vendored). The figures come from the JSON block
// <script id="dashboard-data" type="application/json"> written by the server, so the page needs
// no inline script (CSP-friendly). Every segment opens the list behind it; the tables on the page
// carry the same figures and links for readers without JavaScript or a screen reader.
(function () {
  "use strict";

  function readData() {
    var node = document.getElementById("dashboard-data");
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  }

  function sizeBox(name, height) {
    var box = document.querySelector('[data-chart-box="' + name + '"]');
    if (box) {
      box.style.position = "relative";
      box.style.height = height + "px";
    }
    return box;
  }

  function go(url) {
    if (url) window.location.href = url;
  }

  function drawStatus(data) {
    var canvas = document.getElementById("chart-status");
    if (!canvas) return;
    sizeBox("status", 280);
    var labels = [], values = [], colours = [], links = [];
    data.buckets.forEach(function (bucket, i) {
      var value = data.status.values[i];
      if (!value) return; // an empty slice only crowds the legend
      labels.push(bucket.label);
      values.push(value);
      colours.push(bucket.colour);
      links.push(data.status.links[i]);
    });
    new window.Chart(canvas, {
      type: "doughnut",
      data: { labels: labels, datasets: [{ data: values, backgroundColor: colours, borderWidth: 1 }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "right" } },
        onClick: function (event, elements) {
          if (elements.length) go(links[elements[0].index]);
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
      },
    });
  }

  function drawAgencies(data) {
    var canvas = document.getElementById("chart-agencies");
    if (!canvas) return;
    var agencies = data.agencies;
    sizeBox("agencies", Math.max(200, 60 + 24 * agencies.labels.length));
    var datasets = [];
    data.buckets.forEach(function (bucket, i) {
      var values = agencies.values[i];
      if (!values.some(function (v) { return v > 0; })) return;
      datasets.push({
        label: bucket.label,
        data: values,
        backgroundColor: bucket.colour,
        links: agencies.links[i],
      });
    });
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: agencies.labels, datasets: datasets },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: {
            stacked: true,
            ticks: {
              autoSkip: false,
              callback: function (value) {
                var text = this.getLabelForValue(value);
                return text.length > 32 ? text.slice(0, 31) + "…" : text;
              },
            },
          },
        },
        plugins: { legend: { position: "bottom" } },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var el = elements[0];
          go(datasets[el.datasetIndex].links[el.index]);
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
      },
    });
  }

  // Status badges in the lists take their chart colour.
  function colourBadges(data) {
    var colours = {};
    data.buckets.forEach(function (bucket) { colours[bucket.code] = bucket.colour; });
    var light = { completed_late: true, no_report: true };
    document.querySelectorAll(".badge[data-bucket]").forEach(function (badge) {
      var code = badge.getAttribute("data-bucket");
      if (!colours[code]) return;
      badge.style.background = colours[code];
      badge.style.color = light[code] ? "#1d2a1d" : "#fff";
    });
  }

  function init() {
    var data = readData();
    if (!data) return;
    colourBadges(data);
    if (!window.Chart) return;
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    drawStatus(data);
    drawAgencies(data);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
