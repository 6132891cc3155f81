import { metricsTable, type IndexPage, type PageRenderer, type StageRecord } from '@sia/core';
import { figureCaption } from './caption.js';
import { INDEX_SCRIPT, scriptJson } from './embed-script.js';
import { badge, escapeHtml, fileHref, seconds } from './html.js';
import { PAGE_STYLE } from './page-style.js';
import { stageFiles, type StageFigure } from './stage-figures.js';
import { writeVegaAssets } from './vega-assets.js';

/** The id of a figure's element: stable, unique, and valid in a URL fragment. */
const figureId = (stage: string, base: string): string => `fig-${encodeURIComponent(stage)}-${encodeURIComponent(base)}`.replace(/%/g, '_');

function figure(stage: StageRecord, f: StageFigure): string {
  const { title, text } = figureCaption(stage, f.base);
  const id = figureId(stage.id, f.base);
  const pixels = f.image !== undefined && /\.png$/i.test(f.image) ? ' pixels' : '';
  const img = f.image !== undefined ? `<img class="${f.spec !== undefined ? 'fallback' : 'still'}${pixels}" src="${fileHref(f.image)}" alt="${escapeHtml(title)}">` : '';
  const links = [f.image, ...(f.spec !== undefined ? [`${f.base}.vl.json`] : [])].filter((x): x is string => x !== undefined);
  return `<figure id="${id}"${f.spec !== undefined ? ' data-spec' : ''}>${f.spec !== undefined ? '<div class="chart"></div>' : ''}${img}
<figcaption><b>${escapeHtml(title)}</b> · ${escapeHtml(text)} ${links.map((l) => `<a href="${fileHref(l)}">${escapeHtml(l)}</a>`).join(' ')}</figcaption>${f.problem !== undefined ? `<p class="problem">${escapeHtml(f.problem)}</p>` : ''}</figure>`;
}

function stageTable(s: StageRecord, others: readonly string[]): string {
  const time = s.ms !== undefined ? ` · ${seconds(s.ms)}` : '';
  return `<div class="stage" id="stage-${escapeHtml(encodeURIComponent(s.id))}"><h3>${escapeHtml(s.id)} ${badge(s.status)}</h3>
<p class="meta">${escapeHtml(s.uses)}${time}${s.description !== undefined ? ` · ${escapeHtml(s.description)}` : ''}</p>
${s.error !== undefined ? `<p class="error">${escapeHtml(s.error)}</p>` : ''}${s.metrics !== undefined ? metricsTable(s.metrics) : ''}
${others.length > 0 ? `<ul class="files">${others.map((f) => `<li><a href="${fileHref(f)}">${escapeHtml(f)}</a></li>`).join('')}</ul>` : ''}</div>`;
}

/**
 * The run folder's interactive index.html: the run's status and each stage's as badges, then
 * every figure (an interactive Vega-Lite chart where the stage wrote `<name>.vl.json`, inlined
 * now; its .svg or .png otherwise, and as the fallback), then the metrics tables, then the
 * resolved pipeline folded. Works from file:// with no network: the chart libraries are in
 * `<outDir>/assets/` (written here once) and every spec is in the page.
 */
export function renderInteractivePage(page: IndexPage, outDir: string, assets: readonly string[]): string {
  const specs: Record<string, unknown> = {};
  const figures: string[] = [];
  const tables: string[] = [];
  for (const s of page.stages) {
    const files = stageFiles(outDir, s.files);
    for (const f of files.figures) {
      if (f.spec !== undefined) specs[figureId(s.id, f.base)] = f.spec;
      figures.push(figure(s, f));
    }
    tables.push(stageTable(s, files.others));
  }
  const status = page.status ?? 'running';
  const total = page.stages.reduce((sum, s) => sum + (s.ms ?? 0), 0);
  const nav = page.stages.map((s) => `<a href="#stage-${escapeHtml(encodeURIComponent(s.id))}" title="${escapeHtml(s.uses)}">${badge(s.status, `${s.id}${s.ms !== undefined ? ` · ${seconds(s.ms)}` : ''}`)}</a>`);
  const failed = page.stages.filter((s) => s.error !== undefined).map((s) => `<p class="error">${escapeHtml(s.id)}: ${escapeHtml(s.error!)}</p>`);
  const versions = Object.entries(page.versions).map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(v)}`).join(', ');
  const hasSpecs = Object.keys(specs).length > 0;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(page.name)} · sia</title><style>${PAGE_STYLE}</style>
${hasSpecs ? assets.map((a) => `<script src="${fileHref(a)}"></script>`).join('\n') : ''}</head>
<body><header><h1>${escapeHtml(page.name)} ${badge(status, `run ${status}`)}</h1>
${page.description !== undefined ? `<p>${escapeHtml(page.description)}</p>` : ''}
<p class="meta">seed ${page.seed} · started ${escapeHtml(page.date)} · from ${escapeHtml(page.file)}${total > 0 ? ` · stages took ${seconds(total)}` : ''}</p>
<nav class="stages">${nav.join('')}</nav>${failed.join('')}</header>
<main><h2>Figures</h2>${figures.length > 0 ? `<div class="grid">${figures.join('\n')}</div>` : '<p class="meta">No stage has drawn a figure yet.</p>'}
<h2>Stages and metrics</h2>${tables.join('\n')}
<details><summary>Resolved pipeline</summary><p class="meta">plugins: ${versions}</p><pre>${escapeHtml(page.resolvedYaml)}</pre></details></main>
<footer><a href="metrics.json">metrics.json</a> · <a href="run.log">run.log</a> · <a href="pipeline.resolved.yaml">pipeline.resolved.yaml</a></footer>
${hasSpecs ? `<script type="application/json" id="sia-specs">${scriptJson(specs)}</script><script>${INDEX_SCRIPT}</script>` : ''}
</body></html>
`;
}

/**
 * The renderer the CLI hands to the runner: copies the chart libraries into the run folder the
 * first time, then renders {@link renderInteractivePage}.
 */
export function createPageRenderer(): PageRenderer {
  let assets: string[] | undefined;
  return (page, outDir) => {
    assets ??= writeVegaAssets(outDir);
    return renderInteractivePage(page, outDir, assets);
  };
}
