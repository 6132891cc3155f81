import { metricsTable, renderIndex, type IndexPage, type PageRenderer, type StageRecord } from '@sia/core';
import { figureCaption } from './caption.js';
import { INDEX_SCRIPT, scriptJson } from './embed-script.js';
import { historyFigure, LOSS_CURVE } from './history-figure.js';
import { badge, escapeHtml, fileHref, seconds } from './html.js';
import { PAGE_STYLE } from './page-style.js';
import { stageFiles, type StageFigure } from './stage-figures.js';
import { vegaScripts } from './vega-assets.js';

/** The id of a figure's element: stable, unique, and valid in a URL fragment. */
export const figureId = (stage: string, base: string): string => `fig-${encodeURIComponent(stage)}-${encodeURIComponent(base)}`.replace(/[%.]/g, '_');

const stageAnchor = (id: string): string => `stage-${encodeURIComponent(id).replace(/[%.]/g, '_')}`;

function picture(f: StageFigure, alt: string): string {
  const png = f.png;
  if (png !== undefined) {
    const size = png.width !== undefined ? ` width="${png.width}" height="${png.height}"` : '';
    return `<img src="${fileHref(png.file)}" class="${f.spec !== undefined ? 'fallback' : 'picture'}"${size} alt="${escapeHtml(alt)}">`;
  }
  if (f.svg !== undefined) return `<img src="${fileHref(f.svg)}" class="${f.spec !== undefined ? 'fallback' : 'picture'}" alt="${escapeHtml(alt)}">`;
  return '';
}

function figure(stage: StageRecord, f: StageFigure): string {
  const { title, text } = figureCaption(stage, f);
  const links = f.links.map((l) => `<a href="${fileHref(l)}">${escapeHtml(l.split('/').pop() ?? l)}</a>`).join(' · ');
  return `<figure id="${figureId(stage.id, f.base)}" class="${f.spec !== undefined ? 'chart-figure' : 'picture-figure'}">${f.spec !== undefined ? '<div class="chart"></div>' : ''}${picture(f, title)}
<figcaption><b>${escapeHtml(title)}.</b> ${escapeHtml(text)}${links.length > 0 ? ` <span class="files">${links}</span>` : ''}</figcaption>${f.problem !== undefined ? `<p class="problem">${escapeHtml(f.problem)}</p>` : ''}</figure>`;
}

function stageCard(s: StageRecord, others: readonly string[]): string {
  const time = s.ms !== undefined ? ` · ${seconds(s.ms)}` : '';
  const inputs = Object.entries(s.inputs ?? {}).map(([port, from]) => `${port} ← ${from}`).join(', ');
  return `<div class="stage" id="${stageAnchor(s.id)}"><h3>${escapeHtml(s.id)} ${badge(s.status)}</h3>
<p class="meta">${escapeHtml(s.uses)}${time}${inputs.length > 0 ? ` · ${escapeHtml(inputs)}` : ''}${s.description !== undefined ? ` · ${escapeHtml(s.description)}` : ''}</p>
${s.error !== undefined ? `<p class="error">${escapeHtml(s.error)}</p>` : ''}${s.metrics !== undefined ? metricsTable(s.metrics) : ''}
${others.length > 0 ? `<ul class="files">${others.map((f) => `<li><a href="${fileHref(f)}">${escapeHtml(f)}</a></li>`).join('')}</ul>` : ''}</div>`;
}

/**
 * A page's figures with their specs by figure id, and each stage's card. The training curves
 * come first (as a dashboard opens on them: the loss-curve stages', then those the page draws
 * from history.csv), then every other figure in stage order.
 */
function sections(page: IndexPage, outDir: string): { figures: string[]; specs: Record<string, unknown>; cards: string[] } {
  const specs: Record<string, unknown> = {};
  const curves: string[] = [];
  const histories: string[] = [];
  const others: string[] = [];
  const cards: string[] = [];
  for (const s of page.stages) {
    const files = stageFiles(outDir, s.files);
    const history = historyFigure(outDir, s, page.stages);
    for (const f of history !== undefined ? [history, ...files.figures] : files.figures) {
      if (f.spec !== undefined) specs[figureId(s.id, f.base)] = f.spec;
      (f.fromHistory === true ? histories : s.uses === LOSS_CURVE ? curves : others).push(figure(s, f));
    }
    cards.push(stageCard(s, files.others));
  }
  return { figures: [...curves, ...histories, ...others], specs, cards };
}

/**
 * A run's interactive report, the run folder's index.html: a header with the run's status and a
 * badge per stage, then every figure with a caption in words (an interactive Vega-Lite chart
 * where a stage wrote `<name>.vl.json`, and a chart of each training stage's history.csv that no
 * loss-curve stage draws; mosaics as their 2x PNG shown at half size), then each stage's
 * metrics, then the resolved pipeline folded away. It is one self-contained file: the chart
 * libraries (`vegaScripts`) and every spec with its data are inlined, so it works from file://
 * with no network; the pictures are the run folder's own PNGs, linked relatively.
 *
 * Stable for other pages (the live view): `outDir` is the run folder the stage files are in.
 * In the page, `window.siaViews` holds each chart's vega View by figure id and `window.siaReady`
 * settles (with the number of charts) once all are drawn.
 */
export function renderPage(page: IndexPage, outDir: string): string {
  const { figures, specs, cards } = sections(page, outDir);
  const status = page.status ?? 'running';
  const total = page.stages.reduce((sum, s) => sum + (s.ms ?? 0), 0);
  const nav = page.stages.map((s) => `<a href="#${stageAnchor(s.id)}" title="${escapeHtml(s.uses)}">${badge(s.status, `${s.id}${s.ms !== undefined ? ` · ${seconds(s.ms)}` : ''}`)}</a>`);
  const failed = page.stages.filter((s) => s.error !== undefined).map((s) => `<p class="error">${escapeHtml(s.id)}: ${escapeHtml(s.error!)}</p>`);
  const versions = Object.entries(page.versions).map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`).join(', ');
  const charts = Object.keys(specs).length > 0;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(page.name)} · sia</title><style>${PAGE_STYLE}</style>
${charts ? vegaScripts() : ''}</head>
<body><header><h1>${escapeHtml(page.name)} ${badge(status, `run ${status}`)}</h1>
${page.description !== undefined ? `<p>${escapeHtml(page.description)}</p>` : ''}
<p class="meta">seed ${page.seed} · started ${escapeHtml(page.date)} · from ${escapeHtml(page.file)}${total > 0 ? ` · stages took ${seconds(total)}` : ''}</p>
<nav class="stages">${nav.join('')}</nav>${failed.join('')}</header>
<main><h2>Figures</h2>${figures.length > 0 ? `<div class="grid">${figures.join('\n')}</div>` : '<p class="meta">No stage has drawn a figure yet.</p>'}
<h2>Metrics</h2>${cards.join('\n')}
<details class="resolved"><summary>Resolved pipeline (pipeline.resolved.yaml)</summary><p class="meta">plugins: ${versions}</p><pre>${escapeHtml(page.resolvedYaml)}</pre></details></main>
<footer><a href="metrics.json">metrics.json</a> · <a href="run.log">run.log</a> · <a href="pipeline.resolved.yaml">pipeline.resolved.yaml</a> · made by sia</footer>
${charts ? `<script type="application/json" id="sia-specs">${scriptJson(specs)}</script><script>${INDEX_SCRIPT}</script>` : ''}
</body></html>
`;
}

/**
 * The renderer `sia run` hands to the runner (`RunOptions.page`). Should the interactive page
 * fail (a bug, or a file it cannot read), the run still gets core's plain page, with the reason
 * at its top, rather than a failed run.
 */
export function createPageRenderer(): PageRenderer {
  return (page, outDir) => {
    try {
      return renderPage(page, outDir);
    } catch (e) {
      const note = `<p style="color:#a40e26">The interactive report could not be made (${escapeHtml((e as Error).message)}); this is the plain one.</p>`;
      return renderIndex(page).replace('<body>', `<body>${note}`);
    }
  };
}
