/**
 * The in-page code (plain ES2020, no modules: it runs from file://) that draws Vega-Lite specs
 * with vega-embed. `siaDraw(element, spec)` returns a Promise of the vega View; the views are
 * kept in `window.siaViews` by figure id, so that tests and users can reach them from the
 * console. SVG renderer: sharp at any pixel density and countable marks. The embed menu offers
 * only the PNG/SVG export (the editor and source links would leave the machine). Vega logs only
 * errors: the charts' layers that draw only on demand (smoothing, hover) warn of empty extents.
 */
export const DRAW_SCRIPT = `window.siaViews = window.siaViews || {};
window.siaDraw = function (figure, spec) {
  if (typeof vegaEmbed !== 'function') return Promise.reject(new Error('the chart libraries did not load'));
  var target = figure.querySelector('.chart');
  return vegaEmbed(target, spec, { renderer: 'svg', logLevel: vega.Error, actions: { export: true, source: false, compiled: false, editor: false } }).then(function (result) {
    if (window.siaViews[figure.id] && window.siaViews[figure.id] !== result.view) window.siaViews[figure.id].finalize();
    window.siaViews[figure.id] = result.view;
    figure.classList.add('drawn');
    return result.view;
  });
};`;

/** index.html's start-up: every inlined spec drawn into its figure; `window.siaReady` settles when all are. */
export const INDEX_SCRIPT = `${DRAW_SCRIPT}
(function () {
  var specs = JSON.parse(document.getElementById('sia-specs').textContent);
  var jobs = Object.keys(specs).map(function (id) {
    var figure = document.getElementById(id);
    return window.siaDraw(figure, specs[id]).catch(function (e) {
      var note = document.createElement('p');
      note.className = 'problem';
      note.textContent = 'The interactive chart could not be drawn (' + e.message + '); the image shows the same figure.';
      figure.appendChild(note);
      console.warn(e);
    });
  });
  window.siaReady = Promise.all(jobs).then(function () { return Object.keys(window.siaViews).length; });
})();`;

/** JSON safe inside a <script> element: no `</script>`, no HTML comment openers, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
