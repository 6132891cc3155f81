import { vegaAssets } from '../page/vega-assets.js';

/**
 * The in-page code (plain ES2020): it listens to `/events`, lists the stages with their status,
 * and redraws the loss curve and the latent plane from each snapshot through vega changesets
 * (the views are embedded once). When the run ends it opens the run's report, or says where it
 * is. `window.siaLive` holds the views and a count of updates, for tests and the console.
 */
const SCRIPT = `(function () {
  var live = window.siaLive = { updates: 0, views: {}, ended: null };
  var lossSpec = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 'container', height: 260,
    data: { name: 'loss' }, mark: { type: 'line', interpolate: 'linear' },
    encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'loss', type: 'quantitative', scale: { type: 'log' } }, color: { field: 'stage', type: 'nominal' } } };
  var planeSpec = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', width: 'container', height: 320,
    data: { name: 'plane' }, mark: { type: 'text', fontSize: 13 },
    encoding: { x: { field: 'x', type: 'quantitative', scale: { zero: false } }, y: { field: 'y', type: 'quantitative', scale: { zero: false } }, text: { field: 'label' } } };
  var opts = { renderer: 'svg', actions: false };
  var ready = Promise.all([vegaEmbed('#loss', lossSpec, opts), vegaEmbed('#plane', planeSpec, opts)]).then(function (r) {
    live.views.loss = r[0].view; live.views.plane = r[1].view;
  });
  function replace(view, name, rows) {
    return view.change(name, vega.changeset().remove(function () { return true; }).insert(rows)).runAsync();
  }
  function text(id, t) { document.getElementById(id).textContent = t; }
  function stages(s) {
    var body = document.getElementById('stages');
    body.textContent = '';
    s.stages.forEach(function (st) {
      var tr = document.createElement('tr');
      tr.className = st.status;
      var progress = st.epoch !== undefined ? 'epoch ' + st.epoch + '/' + st.epochs + ', loss ' + Number(st.loss).toPrecision(4) : '';
      [st.id, st.uses, st.status, progress, st.ms !== undefined ? (st.ms / 1000).toFixed(2) + ' s' : ''].forEach(function (c) {
        var td = document.createElement('td'); td.textContent = c; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  var events = new EventSource('/events');
  events.addEventListener('snapshot', function (e) {
    var s = JSON.parse(e.data);
    document.title = s.name + ' (' + s.status + ') - sia';
    text('name', s.name);
    text('status', s.status);
    stages(s);
    ready.then(function () {
      var rows = [];
      Object.keys(s.loss).forEach(function (id) { s.loss[id].forEach(function (p) { if (p[1] > 0) rows.push({ stage: id, epoch: p[0], loss: p[1] }); }); });
      var plane = s.latent ? s.latent.points.map(function (p) { return { x: p[0], y: p[1], label: p[2] }; }) : [];
      if (s.latent) text('plane-note', 'stage ' + s.latent.stage + ', epoch ' + s.latent.epoch);
      return Promise.all([replace(live.views.loss, 'loss', rows), replace(live.views.plane, 'plane', plane)]).then(function () {
        live.updates++;
        live.points = rows.length;
        document.body.dataset.updates = String(live.updates);
      });
    }).catch(function (err) { console.warn(err); });
  });
  events.addEventListener('end', function (e) {
    var end = JSON.parse(e.data);
    live.ended = end;
    events.close();
    text('status', end.status);
    if (end.report) location.assign('/report/index.html');
    else text('note', 'The run ended (' + end.status + '); its report is index.html in the run folder.');
  });
})();`;

const STYLE = `body{font:15px/1.4 system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}#status{font-weight:600}table{border-collapse:collapse;width:100%}td{padding:.2rem .5rem;border-bottom:1px solid #ddd}
tr.running td{background:#eef6ff}tr.failed td,tr.interrupted td{background:#fff1f0}.chart{width:100%}.note{color:#666}`;

/** The live page: stage statuses, the loss curve and the latent plane, updated by server-sent events. */
export function livePage(): string {
  const scripts = vegaAssets().map((a) => `<script src="/assets/${a.name}"></script>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sia live</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
${scripts}
</head><body>
<h1><span id="name">sia</span>: <span id="status">connecting</span></h1>
<p class="note" id="note">A live view of the run; the report opens here when it ends.</p>
<table><tbody id="stages"></tbody></table>
<h2>Loss</h2><div id="loss" class="chart"></div>
<h2>Latent plane</h2><p class="note" id="plane-note">(a 2-D code only)</p><div id="plane" class="chart"></div>
<script>${SCRIPT}</script>
</body></html>
`;
}
