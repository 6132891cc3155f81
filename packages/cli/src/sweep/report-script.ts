/**
 * The sweep page's script, inlined into its index.html by `sweepHtml` (report.ts). It reads the
 * JSON embedded in `<script id="sweep-data">`, draws one SVG chart per axis of the metric picked
 * in `<select id="metric">` (redrawn when the pick changes), and sorts the table `#trials` when a
 * column header is clicked.
 *
 * Plain ES2017 with no library, so the page works from file:// with no network. It touches the
 * page only through getElementById, querySelector(All), innerHTML, textContent, attributes and
 * appendChild (the tests run it against a small stand-in for the DOM). Charts are built as
 * markup strings: every text from the data passes through `esc`.
 *
 * Embedded data: `{ sweep: sweepJson(report), view: { labels, cells, numeric, plots, plot } }`
 * with `labels[trial][axis]` the value labels, `cells[trial][column]` the table's cells,
 * `numeric[column]`, `plots` the quantities the select offers and `plot` the one shown first.
 */
export const SWEEP_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('sweep-data').textContent);
  var sweep = data.sweep, view = data.view, trials = sweep.trials;

  /** Text safe inside HTML or SVG markup and attribute values. */
  function esc(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  /** Rounds away floating-point noise (0.30000000000000004 -> 0.3). */
  function clean(x) { return Number(x.toPrecision(12)); }

  /** A number for a label: integers in full, otherwise six significant digits; powers of ten below 1e-3 as 1e-4. */
  function fmt(x) {
    if (Number.isInteger(x)) return String(x);
    var a = Math.abs(x);
    if (a !== 0 && (a < 1e-3 || a >= 1e9)) return Number(x.toPrecision(6)).toExponential().replace('e+', 'e');
    return String(Number(x.toPrecision(6)));
  }

  function median(xs) {
    var s = xs.slice().sort(function (a, b) { return a - b; });
    var m = s.length >> 1;
    return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** A round step for about 'count' intervals over 'span': 1, 2 or 5 times a power of ten. */
  function niceStep(span, count) {
    var raw = span / count;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  }

  /** A linear y scale over the values with round ticks; counts and losses start from zero when near it. */
  function linearScale(values) {
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    if (lo === hi) { if (lo > 0) lo = 0; else if (lo < 0) hi = 0; else hi = 1; }
    else if (lo > 0 && lo <= hi - lo) lo = 0;
    var step = niceStep(hi - lo, 5);
    var a = clean(Math.floor(lo / step) * step), b = clean(Math.ceil(hi / step) * step);
    var ticks = [];
    for (var i = 0; a + i * step <= b + step * 1e-9; i++) ticks.push(clean(a + i * step));
    return { log: false, ticks: ticks, pos: function (v) { return (v - a) / (b - a); } };
  }

  /** A log scale (ticks at powers of ten) for positive values spanning three decades or more. */
  function logScale(values) {
    var ka = Math.floor(Math.log10(Math.min.apply(null, values)));
    var kb = Math.ceil(Math.log10(Math.max.apply(null, values)));
    if (kb === ka) kb++;
    var every = Math.ceil((kb - ka) / 6);
    kb = ka + Math.ceil((kb - ka) / every) * every;
    var ticks = [];
    for (var k = ka; k <= kb; k += every) ticks.push(clean(Math.pow(10, k)));
    return { log: true, ticks: ticks, pos: function (v) { return (Math.log10(v) - ka) / (kb - ka); } };
  }

  function scaleFor(values) {
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    return lo > 0 && hi / lo >= 1000 ? logScale(values) : linearScale(values);
  }

  /** 'stages.model.with.optimizer' -> 'model.optimizer'. */
  function shortAxis(path) { return path.replace(/^stages\./, '').replace(/\.with\./, '.'); }

  /**
   * The x slots of axis 'a': one per distinct value, in order of first appearance, or ascending
   * when every value is a number. Each slot lists its trials (indices).
   */
  function slotsOf(a) {
    var axis = sweep.axes[a], slots = [], byKey = new Map();
    trials.forEach(function (t, i) {
      var v = t.values[axis];
      var key = v === undefined ? '' : JSON.stringify(v);
      var slot = byKey.get(key);
      if (slot === undefined) {
        slot = { value: v, label: v === undefined ? '(none)' : view.labels[i][a], trials: [] };
        byKey.set(key, slot);
        slots.push(slot);
      }
      slot.trials.push(i);
    });
    var numeric = slots.every(function (s) { return typeof s.value === 'number' || s.value === undefined; });
    if (numeric) {
      slots.sort(function (x, y) {
        if (x.value === undefined || y.value === undefined) return x.value === undefined ? 1 : -1;
        return x.value - y.value;
      });
    }
    return slots;
  }

  /** The plotted quantity of trial i, or null when it has none. */
  function valueOf(plot, i) {
    var v = plot.seconds ? trials[i].seconds : trials[i].metrics[plot.key];
    return typeof v === 'number' && isFinite(v) ? v : null;
  }

  /** Label text cut to 'n' characters. */
  function cut(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }

  /** The chart of 'plot' against axis 'a' as SVG markup, and the figures its caption tells. */
  function chart(a, plot) {
    var slots = slotsOf(a);
    if (slots.length === 0) return { svg: '', caption: 'No trial has finished yet.' };
    var values = [];
    slots.forEach(function (s) {
      s.ys = [];
      s.trials.forEach(function (i) { var y = valueOf(plot, i); if (y !== null) { s.ys.push({ i: i, y: y }); values.push(y); } });
    });
    var longest = Math.max.apply(null, slots.map(function (s) { return s.label.length; }));
    var ML = 72, MR = 24, MT = 12, PH = 200;
    // Wide enough for the labels side by side (up to a point), and for the points of many slots.
    var wanted = Math.min(longest, 24) * 6.5 + 10;
    var W = Math.max(460, Math.min(760, ML + MR + slots.length * wanted), ML + MR + slots.length * 28);
    var PW = W - ML - MR, sw = PW / slots.length;
    var rotate = longest * 6.5 > sw;
    var MB = rotate ? 124 : 46, H = MT + PH + MB;
    var scale = values.length > 0 ? scaleFor(values) : linearScale([0, 1]);
    function X(k) { return ML + sw * (k + 0.5); }
    function Y(v) { return MT + PH * (1 - scale.pos(v)); }
    var out = [];
    scale.ticks.forEach(function (t) {
      var y = Y(t).toFixed(1);
      out.push('<line class="grid" x1="' + ML + '" x2="' + (W - MR) + '" y1="' + y + '" y2="' + y + '"/>');
      out.push('<text class="tick" x="' + (ML - 6) + '" y="' + y + '" dy="0.32em" text-anchor="end">' + esc(fmt(t)) + '</text>');
    });
    out.push('<line class="axis" x1="' + ML + '" x2="' + ML + '" y1="' + MT + '" y2="' + (MT + PH) + '"/>');
    out.push('<line class="axis" x1="' + ML + '" x2="' + (W - MR) + '" y1="' + (MT + PH) + '" y2="' + (MT + PH) + '"/>');
    var axisName = shortAxis(sweep.axes[a]);
    slots.forEach(function (s, k) {
      var x = X(k), ly = MT + PH + 14;
      var label = rotate ? cut(s.label, 18) : cut(s.label, Math.max(4, Math.floor(sw / 6.5)));
      var place = rotate
        ? 'x="' + x.toFixed(1) + '" y="' + ly + '" text-anchor="end" transform="rotate(-45 ' + x.toFixed(1) + ' ' + ly + ')"'
        : 'x="' + x.toFixed(1) + '" y="' + ly + '" text-anchor="middle"';
      out.push('<text class="slot" ' + place + '><title>' + esc(s.label) + '</title>' + esc(label) + '</text>');
      var n = s.ys.length, spread = Math.min(sw * 0.5, (n - 1) * 6);
      s.ys.forEach(function (p, j) {
        var t = trials[p.i];
        var dx = n > 1 ? (j / (n - 1) - 0.5) * spread : 0;
        var tip = t.trial + (t.status === 'done' ? '' : ' (' + t.status + ')') + ' \u00b7 ' + axisName + ' = ' + s.label + ' \u00b7 ' + plot.key + ' = ' + fmt(p.y);
        out.push('<a href="' + esc(encodeURI(t.folder + '/index.html')) + '"><circle class="pt ' + esc(t.status) + '" cx="' + (x + dx).toFixed(1) + '" cy="' + Y(p.y).toFixed(1) + '" r="4"><title>' + esc(tip) + '</title></circle></a>');
      });
      if (n > 0) {
        s.median = median(s.ys.map(function (p) { return p.y; }));
        var my = Y(s.median).toFixed(1), half = Math.min(sw * 0.35, 24);
        out.push('<line class="median" x1="' + (x - half).toFixed(1) + '" x2="' + (x + half).toFixed(1) + '" y1="' + my + '" y2="' + my + '"><title>' + esc('median ' + fmt(s.median) + ' (' + n + ' of ' + s.trials.length + ' trials)') + '</title></line>');
      }
    });
    out.push('<text class="title" x="' + (ML + PW / 2) + '" y="' + (H - 6) + '" text-anchor="middle">' + esc(axisName) + '</text>');
    var cy = MT + PH / 2;
    out.push('<text class="title" x="14" y="' + cy + '" text-anchor="middle" transform="rotate(-90 14 ' + cy + ')">' + esc(plot.key + (scale.log ? ' (log)' : '')) + '</text>');
    var svg = '<svg viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-label="' + esc(plot.key + ' against ' + axisName) + '">' + out.join('') + '</svg>';
    return { svg: svg, caption: caption(axisName, plot, slots, values.length, scale.log) };
  }

  /** The chart in words: how many trials, which value has the lowest and the highest median. */
  function caption(axisName, plot, slots, count, log) {
    var name = plot.seconds ? 'Wall time (seconds)' : plot.key;
    if (count === 0) return 'No trial has a value for ' + plot.key + ' yet.';
    var withValues = slots.filter(function (s) { return s.ys.length > 0; });
    var text = name + ' against ' + axisName + ': ' + count + ' of ' + trials.length + ' trials, ' + slots.length + (slots.length === 1 ? ' value' : ' values') + '; a bar marks the median of each value.';
    if (withValues.length === 1) {
      text += ' All have ' + axisName + ' = ' + withValues[0].label + ', median ' + fmt(withValues[0].median) + '.';
    } else {
      var lo = withValues[0], hi = withValues[0];
      withValues.forEach(function (s) { if (s.median < lo.median) lo = s; if (s.median > hi.median) hi = s; });
      if (lo.median === hi.median) text += ' Every value has the same median, ' + fmt(lo.median) + '.';
      else text += ' Lowest median at ' + lo.label + ' (' + fmt(lo.median) + '), highest at ' + hi.label + ' (' + fmt(hi.median) + ').';
    }
    if (log) text += ' The y axis is logarithmic.';
    return text;
  }

  var select = document.getElementById('metric');

  /** The plot the select names (the default before the page has one). */
  function currentPlot() {
    var k = select && select.value !== '' ? Number(select.value) : view.plot;
    return view.plots[k >= 0 && k < view.plots.length ? k : view.plot];
  }

  /** Draws every axis's chart of the selected quantity. */
  function draw() {
    var plot = currentPlot();
    if (plot === undefined) return;
    sweep.axes.forEach(function (_, a) {
      var figure = document.getElementById('chart-' + a);
      if (!figure) return;
      var c = chart(a, plot);
      figure.querySelector('.plot').innerHTML = c.svg;
      figure.querySelector('figcaption').textContent = c.caption;
    });
  }

  /** Compares two cells of a column; empty cells go last whichever the direction. */
  function compareCells(x, y, numeric, dir) {
    var ex = x === null || x === '', ey = y === null || y === '';
    if (ex || ey) return ex === ey ? 0 : ex ? 1 : -1;
    var d = numeric ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return d * dir;
  }

  /** Clicking a header sorts by that column, ascending first, then toggling; ties keep trial order. */
  function sortableTable() {
    var table = document.getElementById('trials');
    if (!table) return;
    var heads = Array.prototype.slice.call(table.querySelectorAll('thead th'));
    var body = table.querySelector('tbody');
    var rows = [];
    Array.prototype.forEach.call(body.querySelectorAll('tr'), function (tr) { rows[Number(tr.getAttribute('data-i'))] = tr; });
    var sorted = -1, dir = 1;
    heads.forEach(function (th, c) {
      th.addEventListener('click', function () {
        dir = sorted === c ? -dir : 1;
        sorted = c;
        var order = rows.map(function (_, i) { return i; });
        order.sort(function (i, j) { return compareCells(view.cells[i][c], view.cells[j][c], view.numeric[c], dir) || i - j; });
        order.forEach(function (i) { body.appendChild(rows[i]); });
        heads.forEach(function (h, k) { h.setAttribute('aria-sort', k !== c ? 'none' : dir > 0 ? 'ascending' : 'descending'); });
      });
    });
  }

  if (select) select.addEventListener('change', draw);
  draw();
  sortableTable();
})();
`;
