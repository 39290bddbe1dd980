#include "reports/html/report_page.h"

#include "reports/html/chart_library.h"
#include "reports/html/html_escape.h"

namespace kcsim::reports {
namespace {

constexpr std::string_view kStyle = R"CSS(
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 24px 40px;
       color: #1d2330; background: #fff; }
h1 { font-size: 22px; margin: 18px 0 2px; } h2 { font-size: 17px; margin: 26px 0 8px; }
.muted { color: #5c6577; }
table { border-collapse: collapse; } td, th { padding: 3px 10px 3px 0; text-align: left;
  vertical-align: top; } th { color: #5c6577; font-weight: 600; }
.facts td:first-child { color: #5c6577; }
.badge { display: inline-block; min-width: 74px; text-align: center; border-radius: 3px;
  padding: 0 6px; font-weight: 600; font-size: 12px; color: #fff; }
.passed { background: #2e7d32; } .failed { background: #c62828; }
.undecided { background: #ef6c00; }
pre { background: #f5f6f8; padding: 10px; overflow: auto; max-height: 420px; }
.timeline { position: relative; margin-top: 6px; user-select: none; }
.lane { display: flex; align-items: center; height: 24px; }
.lane-name { width: 190px; flex: none; font-size: 12px; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
.track { position: relative; flex: 1; height: 20px; background: #eceef2; overflow: hidden; }
.seg { position: absolute; top: 0; height: 11px; }
.role { position: absolute; top: 12px; height: 8px; }
.s-up { background: #8fc79a; } .s-down { background: #c9ccd3; } .s-crashed { background: #e57373; }
.r-leader { background: #1565c0; } .r-follower { background: #90a4c8; }
.r-candidate { background: #f9a825; }
.fault { position: absolute; top: 0; width: 2px; height: 20px; background: #b71c1c; }
.marks { position: absolute; top: 0; bottom: 0; left: 190px; right: 0; pointer-events: none; }
.mark { position: absolute; top: 0; bottom: 0; border-left: 1px dashed #6a1b9a; }
.mark span { position: absolute; top: -16px; left: 3px; font-size: 11px; color: #6a1b9a;
  white-space: nowrap; }
.axis { display: flex; margin-left: 190px; font-size: 11px; color: #5c6577;
  justify-content: space-between; }
.legend { font-size: 12px; margin: 4px 0 0 190px; } .legend i { display: inline-block;
  width: 12px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr));
  gap: 18px 24px; }
.chart { height: 260px; } .chart-box h3 { font-size: 14px; margin: 8px 0 2px; }
.dygraph-legend { font-size: 12px; background: rgba(255,255,255,.9); }
.note { background: #fff3e0; padding: 8px; border-left: 3px solid #ef6c00; }
button { font: inherit; font-size: 12px; }
)CSS";

// Helpers shared by both pages: errors recorded for the browser test, and DOM building
// with text only (no innerHTML anywhere).
constexpr std::string_view kPrelude = R"JS(
window.kcsimErrors = [];
(function () {
  function note(text) {
    window.kcsimErrors.push(String(text));
    document.documentElement.setAttribute('data-kcsim-errors', String(window.kcsimErrors.length));
  }
  window.addEventListener('error', function (e) { note(e.message); });
  var original = console.error;
  console.error = function () {
    note(Array.prototype.join.call(arguments, ' '));
    original.apply(console, arguments);
  };
})();
function el(tag, cls, text) {
  var node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function add(parent, child) { parent.appendChild(child); return child; }
function fmt(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (typeof v !== 'number') return String(v);
  var a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return String(Number(v.toFixed(digits === undefined ? 4 : digits)));
}
function factsTable(rows) {
  var table = el('table', 'facts');
  rows.forEach(function (r) {
    var tr = add(table, el('tr'));
    add(tr, el('td', null, r[0]));
    add(tr, el('td', null, r[1]));
  });
  return table;
}
function statusBadge(status) { return el('span', 'badge ' + status, status.toUpperCase()); }
function rendered(count) {
  window.kcsimRendered = count;
  document.documentElement.setAttribute('data-kcsim-rendered', String(count));
}
function makeChart(box, panel, extra) {
  var h = add(box, el('h3', null, panel.title));
  h.title = panel.title;
  var div = add(box, el('div', 'chart'));
  var options = {
    labels: panel.labels, ylabel: panel.unit, xlabel: panel.xlabel || 'virtual time (s)',
    legend: 'always', labelsSeparateLines: false, connectSeparatedPoints: false,
    strokeWidth: 1.5, drawPoints: panel.rows.length < 120, pointSize: 2,
    stepPlot: !!panel.step, fillGraph: !!panel.fill, includeZero: true,
    animatedZooms: false
  };
  for (var k in (extra || {})) options[k] = extra[k];
  return new Dygraph(div, panel.rows, options);
}
)JS";

constexpr std::string_view kRunScript = R"JS(
(function () {
  var data = JSON.parse(document.getElementById('kcsim-data').textContent);
  var root = document.getElementById('report');
  var s = data.scenario;
  add(root, el('h1', null, s.name));
  if (s.description) add(root, el('div', 'muted', s.description));
  var verdict = add(root, el('p'));
  add(verdict, statusBadge(s.verdict));
  add(verdict, el('span', null, ' ' + data.checks.filter(function (c) {
    return c.status === 'passed'; }).length + ' of ' + data.checks.length + ' checks passed'));
  add(root, factsTable([
    ['scenario file', s.file], ['seed', s.seed], ['trace hash', s.trace_hash],
    ['virtual time', fmt(s.sim_time_s) + ' s'], ['events', s.events],
    ['trace records', s.trace_records], ['wall time', fmt(s.wall_time_s, 3) + ' s'],
    ['overrides (--set)', s.sets.length ? s.sets.join('  ') : 'none'],
    ['interrupted', s.interrupted ? 'yes' : 'no']]));
  var source = add(root, el('details'));
  add(source, el('summary', null, 'scenario file as run'));
  add(source, el('pre', null, s.source));

  add(root, el('h2', null, 'Checks'));
  var checks = add(root, el('table'));
  var head = add(checks, el('tr'));
  ['status', 'check', 'detail'].forEach(function (t) { add(head, el('th', null, t)); });
  data.checks.forEach(function (c) {
    var tr = add(checks, el('tr'));
    add(add(tr, el('td')), statusBadge(c.status));
    add(tr, el('td', null, c.name));
    add(tr, el('td', 'muted', c.detail));
  });

  add(root, el('h2', null, 'Timeline'));
  add(root, el('div', 'muted', 'A lane per process: its state (upper bar) and the role it ' +
      'held (lower bar). Dashed lines: the timeline\'s actions; red ticks: faults. Drag on ' +
      'a plot to zoom, double-click to reset; the timeline follows.'));
  var timeline = add(root, el('div', 'timeline'));
  timeline.style.marginTop = '22px';
  var axis = add(root, el('div', 'axis'));
  var legend = add(root, el('div', 'legend'));
  [['s-up', 'up'], ['s-down', 'not started'], ['s-crashed', 'crashed'], ['r-leader', 'leader'],
   ['r-follower', 'follower'], ['r-candidate', 'candidate / no leader']].forEach(function (l) {
    add(legend, el('i', l[0])); add(legend, el('span', null, l[1]));
  });
  var window0 = [0, data.end_s];
  function drawTimeline(x0, x1) {
    timeline.textContent = '';
    axis.textContent = '';
    var span = Math.max(x1 - x0, 1e-9);
    function pos(t) { return (Math.min(Math.max(t, x0), x1) - x0) / span * 100; }
    function place(node, from, to) {
      node.style.left = pos(from) + '%';
      node.style.width = Math.max(pos(to) - pos(from), 0.15) + '%';
    }
    data.lanes.forEach(function (lane) {
      var row = add(timeline, el('div', 'lane'));
      var name = add(row, el('div', 'lane-name', lane.process));
      name.title = lane.process + (lane.host ? ' on ' + lane.host : '');
      var track = add(row, el('div', 'track'));
      lane.states.forEach(function (st) {
        if (st[1] < x0 || st[0] > x1) return;
        var seg = add(track, el('div', 'seg s-' + st[2]));
        place(seg, st[0], st[1]);
        seg.title = lane.process + ': ' + st[2] + ' from ' + fmt(st[0]) + 's to ' + fmt(st[1]) + 's';
      });
      lane.roles.forEach(function (r) {
        if (r[1] < x0 || r[0] > x1) return;
        var seg = add(track, el('div', 'role r-' + r[2]));
        place(seg, r[0], r[1]);
        seg.title = lane.process + ': ' + r[2] + ' from ' + fmt(r[0]) + 's to ' + fmt(r[1]) + 's';
      });
      data.marks.forEach(function (m) {
        if (m.process !== lane.process || m.at < x0 || m.at > x1) return;
        var tick = add(track, el('div', 'fault'));
        tick.style.left = pos(m.at) + '%';
        tick.title = m.name + ' ' + m.process + ' at ' + fmt(m.at) + 's';
      });
    });
    var marks = add(timeline, el('div', 'marks'));
    data.marks.forEach(function (m) {
      if (!m.timeline || m.at < x0 || m.at > x1) return;
      var line = add(marks, el('div', 'mark'));
      line.style.left = pos(m.at) + '%';
      add(line, el('span', null, m.name));
      line.title = m.name + ': ' + m.detail + ' at ' + fmt(m.at) + 's';
    });
    for (var i = 0; i <= 6; ++i) add(axis, el('span', null, fmt(x0 + span * i / 6, 2) + 's'));
  }
  drawTimeline(window0[0], window0[1]);

  add(root, el('h2', null, 'Metrics'));
  if (typeof Dygraph === 'undefined') {
    add(root, el('p', 'note', 'The plots are missing: ' + data.chart_error));
    rendered(0);
    return;
  }
  var reset = add(root, el('button', null, 'reset zoom'));
  var grid = add(root, el('div', 'charts'));
  var charts = [];
  var syncing = false;
  function zoomAll(x0, x1, source) {
    if (syncing) return;
    syncing = true;
    charts.forEach(function (g) { if (g !== source) g.updateOptions({dateWindow: [x0, x1]}); });
    syncing = false;
    drawTimeline(x0, x1);
  }
  function underlay(canvas, area, g) {
    data.marks.forEach(function (m) {
      if (!m.timeline) return;
      var x = g.toDomXCoord(m.at);
      if (x < area.x || x > area.x + area.w) return;
      canvas.strokeStyle = 'rgba(106,27,154,0.55)';
      canvas.setLineDash([4, 3]);
      canvas.beginPath(); canvas.moveTo(x, area.y); canvas.lineTo(x, area.y + area.h);
      canvas.stroke();
      canvas.setLineDash([]);
    });
  }
  data.panels.forEach(function (panel) {
    var box = add(grid, el('div', 'chart-box'));
    var g = makeChart(box, panel, {
      dateWindow: window0, underlayCallback: underlay,
      zoomCallback: function (x0, x1) { zoomAll(x0, x1, g); },
      drawCallback: function (graph, initial) {
        if (initial || syncing) return;
        var r = graph.xAxisRange();
        zoomAll(r[0], r[1], graph);
      }
    });
    charts.push(g);
  });
  reset.addEventListener('click', function () {
    zoomAll(window0[0], window0[1], null);
  });
  rendered(charts.length);
})();
)JS";

constexpr std::string_view kSeedsScript = R"JS(
(function () {
  var data = JSON.parse(document.getElementById('kcsim-data').textContent);
  var root = document.getElementById('report');
  add(root, el('h1', null, data.scenario + ': ' + data.runs + ' seeds'));
  if (data.description) add(root, el('div', 'muted', data.description));
  add(root, factsTable([
    ['scenario file', data.file], ['seeds', data.seeds_text],
    ['runs passed', data.runs_passed + ' of ' + data.runs],
    ['failing seeds (replay with --seed N)', data.failing_seeds.length ?
        data.failing_seeds.join(', ') : 'none'],
    ['overrides (--set)', data.sets.length ? data.sets.join('  ') : 'none']]));

  add(root, el('h2', null, 'Checks'));
  var checks = add(root, el('table'));
  var head = add(checks, el('tr'));
  ['pass rate', 'check', 'failing seeds', 'timing: mean ± 95% CI (p50, p99)'].forEach(
      function (t) { add(head, el('th', null, t)); });
  data.checks.forEach(function (c) {
    var tr = add(checks, el('tr'));
    add(tr, el('td', null, fmt(c.pass_rate * 100, 1) + '%'));
    add(tr, el('td', null, c.name));
    add(tr, el('td', 'muted', c.failing_seeds.length ? c.failing_seeds.join(', ') : '–'));
    var t = c.timing_s;
    add(tr, el('td', 'muted', t ? fmt(t.mean) + 's ± ' + fmt(t.ci95_half_width) + 's (' +
        fmt(t.p50) + 's, ' + fmt(t.p99) + 's), ' + t.n + ' runs' : '–'));
  });

  function metricsTable() {
  add(root, el('h2', null, 'Metrics across seeds'));
  var fold = add(root, el('details'));
  add(fold, el('summary', null, 'every metric of summary.json (' + data.metrics.length + ')'));
  var table = add(fold, el('table'));
  var hr = add(table, el('tr'));
  ['metric', 'mean', 'stdev', '95% CI', 'min', 'p50', 'p90', 'p99', 'max', 'runs'].forEach(
      function (t) { add(hr, el('th', null, t)); });
  data.metrics.forEach(function (m) {
    var tr = add(table, el('tr'));
    add(tr, el('td', null, m.name));
    [m.mean, m.stdev].forEach(function (v) { add(tr, el('td', null, fmt(v))); });
    add(tr, el('td', null, '[' + fmt(m.ci95[0]) + ', ' + fmt(m.ci95[1]) + ']'));
    [m.min, m.p50, m.p90, m.p99, m.max, m.n].forEach(function (v) {
      add(tr, el('td', null, fmt(v))); });
  });
  }
  add(root, el('h2', null, 'Distributions'));
  if (typeof Dygraph === 'undefined') {
    add(root, el('p', 'note', 'The plots are missing: ' + data.chart_error));
    metricsTable();
    rendered(0);
    return;
  }
  add(root, el('div', 'muted', 'For each quantity: a histogram of its value over the seeds ' +
      '(left) and its empirical CDF (right). Drag to zoom, double-click to reset.'));
  var grid = add(root, el('div', 'charts'));
  var count = 0;
  data.distributions.forEach(function (d) {
    var box = add(grid, el('div', 'chart-box'));
    makeChart(box, {title: d.title + ': histogram', unit: 'runs', xlabel: d.unit,
                    labels: [d.unit, 'runs'], rows: d.histogram, step: true, fill: true});
    var box2 = add(grid, el('div', 'chart-box'));
    makeChart(box2, {title: d.title + ': CDF', unit: 'fraction of runs', xlabel: d.unit,
                     labels: [d.unit, 'P(X ≤ x)'], rows: d.cdf, step: true},
              {valueRange: [0, 1.02]});
    count += 2;
  });
  metricsTable();
  rendered(count);
})();
)JS";

}  // namespace

void write_report_page(std::ostream& out, PageKind kind, std::string_view title,
                       const std::string& data_json, const std::string& chart_js,
                       std::string_view chart_error) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << markup_escape(title) << "</title>\n<style>" << kStyle << "</style>\n"
      << "<script>" << kPrelude << "</script>\n";
  if (!chart_js.empty()) {
    out << "<style>" << chart_library_css() << "</style>\n";
    out << "<!-- dygraphs 2.2.1 (MIT), from Debian's libjs-dygraphs -->\n<script>" << chart_js
        << "\n</script>\n";
  }
  out << "</head>\n<body>\n<div id=\"report\"></div>\n"
      << "<script type=\"application/json\" id=\"kcsim-data\">" << data_json << "</script>\n";
  if (chart_js.empty()) {
    out << "<!-- no charting library: " << markup_escape(chart_error) << " -->\n";
  }
  out << "<script>" << (kind == PageKind::kRun ? kRunScript : kSeedsScript) << "</script>\n"
      << "</body>\n</html>\n";
}

}  // namespace kcsim::reports
