// coachloop report page: the focus behaviours' weekly gap rate, drawn by Chart.js (vendor/) from
// the numbers the page carries (#trend-data, JSON). The same numbers are in the table under the
// chart, which is what a page without script shows.
"use strict";

(function () {
  const data = document.getElementById("trend-data");
  const canvas = document.getElementById("trend-canvas");
  if (!data || !canvas || typeof Chart === "undefined") return;
  const trend = JSON.parse(data.textContent);
  const colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728"];

  // A dotted line at the week the coaching period starts (no plugin for one line).
  const periodStart = {
    id: "periodStart",
    afterDatasetsDraw(chart) {
      if (trend.period_starts_at === null) return;
      const x = chart.scales.x.getPixelForValue(trend.period_starts_at);
      const { top, bottom } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#bbbbbb";
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.restore();
    },
  };

  const datasets = trend.series.map((series, i) => ({
    label: series.label,
    data: series.rates,
    counts: series.counts,
    borderColor: colours[i % colours.length],
    backgroundColor: colours[i % colours.length],
    spanGaps: false,
    clip: 6, // a point at 0 % or 100 % is drawn whole
  }));
  datasets.push({
    label: `standard (${trend.standard}%)`,
    data: trend.weeks.map(() => trend.standard),
    borderColor: "#888888",
    borderDash: [6, 4],
    borderWidth: 1,
    pointRadius: 0,
    pointHitRadius: 0,
  });

  document.getElementById("trend-chart").classList.add("drawn");
  new Chart(canvas, {
    type: "line",
    data: { labels: trend.weeks, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        y: { min: 0, max: 100, title: { display: true, text: "gap rate (%)" } },
        x: { title: { display: true, text: "week of" } },
      },
      plugins: {
        legend: { position: "top", align: "start", labels: { boxWidth: 12 } },
        tooltip: {
          filter: (item) => item.dataset.counts !== undefined && item.raw !== null,
          callbacks: {
            label: (item) => `${item.dataset.label}: ${item.raw}% (${item.dataset.counts[item.dataIndex]} calls)`,
          },
        },
      },
    },
    plugins: [periodStart],
  });
})();
