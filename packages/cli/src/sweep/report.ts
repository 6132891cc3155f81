import { formatDuration } from '../report/format.js';
import { SWEEP_SCRIPT } from './report-script.js';

/**
 * The results of a sweep in three forms: a CSV table, a JSON document and a self-contained
 * HTML page (inline style and script, works offline from file://). Pure functions: the caller
 * reads the trials and writes the files.
 */

/** One trial of a sweep, as the reports show it. */
export interface SweepRow {
  /** Trial id, e.g. 't001'. */
  readonly trial: string;
  /** Axis path -> this trial's value (JSON-able: number, string, boolean, array, object such as { type: 'adam', rate: 0.01 }). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly status: 'done' | 'failed' | 'interrupted';
  /** Wall time of the trial in seconds. */
  readonly seconds: number;
  /** The trial's run folder, relative to the sweep folder (e.g. 'trials/t001'). */
  readonly folder: string;
  /** Headline metrics, flattened as 'stage.metric' -> value (e.g. 'model.epochs': 169, 'fidelity.maxWrongPixels': 1); null when missing. */
  readonly metrics: Readonly<Record<string, number | string | boolean | null>>;
  /** For failed/interrupted trials: the error line. */
  readonly error?: string;
}

export interface SweepReport {
  /** Pipeline name. */
  readonly name: string;
  /** Pipeline file as given. */
  readonly file: string;
  /** Axis paths, in the order declared. */
  readonly axes: readonly string[];
  readonly strategy: 'grid' | 'random';
  /** In trial order. */
  readonly rows: readonly SweepRow[];
  /** ISO time stamps. */
  readonly started: string;
  readonly ended: string | null;
  readonly workers: number;
}

/** One cell of the results table: what the CSV writes with String(), null when empty. */
type Cell = string | number | boolean | null;

// ---------------------------------------------------------------------------------------------
// Value labels

/** A string inside a list or map: bare when it reads unambiguously, quoted otherwise. */
function nestedString(s: string): string {
  return /^[^\s,[\]{}=:"]+$/.test(s) ? s : JSON.stringify(s);
}

/** Compact JSON-ish form for values inside lists and maps: `[16, 8]`, `{every: 10, factor: 0.5}`. */
function compact(v: unknown): string {
  if (typeof v === 'string') return nestedString(v);
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.entries(v).map(([k, x]) => `${nestedString(k)}: ${compact(x)}`).join(', ')}}`;
  }
  return String(v);
}

/**
 * A short human label for an axis value: numbers, strings and booleans as they are, lists
 * compact (`[16, 8]`), objects with their `type` first and then `key=value` pairs
 * (`{ type: 'adam', rate: 0.01 }` -> `adam rate=0.01`). Undefined (no value) is empty.
 */
export function valueLabel(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return compact(v);
  const entries = Object.entries(v);
  if (entries.length === 0) return '{}';
  const type = (v as Record<string, unknown>)['type'];
  const head = typeof type === 'string' ? [type] : [];
  const rest = entries.filter(([k]) => !(k === 'type' && typeof type === 'string'));
  return [...head, ...rest.map(([k, x]) => `${k}=${compact(x)}`)].join(' ');
}

// ---------------------------------------------------------------------------------------------
// Columns

/** The union of the rows' metric keys, in order of first appearance. */
export function metricColumns(rows: readonly Pick<SweepRow, 'metrics'>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.metrics)) seen.add(key);
  return [...seen];
}

/** The table's header: trial, status, the axes, the metrics, seconds, folder, error. */
function columnNames(report: SweepReport): string[] {
  return ['trial', 'status', ...report.axes, ...metricColumns(report.rows), 'seconds', 'folder', 'error'];
}

/** An axis value as a cell: numbers stay numbers (they sort as numbers), everything else its label. */
function axisCell(v: unknown): Cell {
  return typeof v === 'number' ? v : v === undefined ? null : valueLabel(v);
}

/** One row of the table, in the order of `columnNames`. */
function rowCells(row: SweepRow, axes: readonly string[], metrics: readonly string[]): Cell[] {
  return [
    row.trial,
    row.status,
    ...axes.map((a) => axisCell(row.values[a])),
    ...metrics.map((m) => row.metrics[m] ?? null),
    row.seconds,
    row.folder,
    row.error ?? null,
  ];
}

/** Every row of the table, in trial order. */
function tableCells(report: SweepReport): Cell[][] {
  const metrics = metricColumns(report.rows);
  return report.rows.map((r) => rowCells(r, report.axes, metrics));
}

/** Whether a column holds numbers only (and at least one): it sorts and charts as numbers. */
function isNumericColumn(cells: readonly Cell[][], column: number): boolean {
  const present = cells.map((r) => r[column]).filter((c) => c !== null);
  return present.length > 0 && present.every((c) => typeof c === 'number');
}

// ---------------------------------------------------------------------------------------------
// CSV and JSON

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
function csvField(c: Cell): string {
  const s = c === null ? '' : String(c);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The results as CSV: header `trial,status,<axes...>,<metrics...>,seconds,folder,error`, one
 * line per trial; axis values as their labels, numbers in full precision, missing values empty.
 */
export function sweepCsv(report: SweepReport): string {
  const lines = [columnNames(report), ...tableCells(report)].map((cells) => cells.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** The results as a JSON document, axis values raw (objects stay objects). */
export function sweepJson(report: SweepReport): unknown {
  return {
    name: report.name,
    file: report.file,
    axes: [...report.axes],
    strategy: report.strategy,
    workers: report.workers,
    started: report.started,
    ended: report.ended,
    trials: report.rows.map((r) => ({
      trial: r.trial,
      status: r.status,
      values: { ...r.values },
      metrics: { ...r.metrics },
      seconds: r.seconds,
      folder: r.folder,
      ...(r.error !== undefined ? { error: r.error } : {}),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// HTML page

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** JSON that is safe inside a `<script>` element: no `<`, `>` or `&` can end it or start a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** `stages.model.with.optimizer` -> `model.optimizer`: the name a person uses. */
export function shortAxis(path: string): string {
  return path.replace(/^stages\./, '').replace(/\.with\./, '.');
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** `2026-01-01T10:00:00.000Z` -> `2026-01-01 10:00:00 UTC`. */
function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+/, '').replace(/Z$/, ' UTC');
}

/** `2026-01-01 10:00:00 UTC to 10:42:05 UTC (42m05s)`, or `started ..., not finished`. */
function timeSpan(started: string, ended: string | null): string {
  if (ended === null) return `started ${shortTime(started)}, not finished`;
  const sameDay = started.slice(0, 10) === ended.slice(0, 10);
  const end = sameDay ? shortTime(ended).slice(11) : shortTime(ended);
  return `${shortTime(started)} to ${end} (${formatDuration(Date.parse(ended) - Date.parse(started))})`;
}

/** The line under the title: `12 trials (10 done, 2 failed) · grid search over 3 axes · 4 workers · <time span>`. */
export function sweepSummaryLine(report: SweepReport): string {
  const count = (s: SweepRow['status']): number => report.rows.filter((r) => r.status === s).length;
  const counts = [`${count('done')} done`, `${count('failed')} failed`];
  if (count('interrupted') > 0) counts.push(`${count('interrupted')} interrupted`);
  return [
    `${plural(report.rows.length, 'trial')} (${counts.join(', ')})`,
    `${report.strategy} search over ${plural(report.axes.length, 'axis', 'axes')}`,
    plural(report.workers, 'worker'),
    timeSpan(report.started, report.ended),
  ].join(' · ');
}

/** A quantity the charts can show: a numeric metric column, or the trials' wall time. */
interface Plot {
  readonly key: string;
  readonly label: string;
  /** True for the wall time (`seconds`), which is not a metric. */
  readonly seconds?: true;
}

/** The numeric metric columns, then the wall time. */
function plotsOf(report: SweepReport, cells: readonly Cell[][]): Plot[] {
  const metrics = metricColumns(report.rows);
  const first = 2 + report.axes.length;
  const numeric = metrics.filter((_, i) => isNumericColumn(cells, first + i));
  return [...numeric.map((key) => ({ key, label: key })), { key: 'seconds', label: 'seconds (wall time)', seconds: true as const }];
}

/** The plot shown first: a `*.maxWrongPixels`, else a `*.finalLoss`, else the first numeric column. */
function defaultPlot(plots: readonly Plot[]): number {
  for (const pattern of [/\.maxWrongPixels$/, /\.finalLoss$/]) {
    const i = plots.findIndex((p) => p.seconds !== true && pattern.test(p.key));
    if (i >= 0) return i;
  }
  return 0;
}

/** A number as the table shows it: six significant digits (the full value in the cell's title). */
function shortNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/** One table cell's content, escaped. */
function cellHtml(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') {
    const short = shortNumber(c);
    return short === String(c) ? short : `<span title="${String(c)}">${short}</span>`;
  }
  return escape(String(c));
}

/** A link to a trial's own run page. */
function trialLink(row: SweepRow): string {
  return `<a href="${escape(encodeURI(`${row.folder}/index.html`))}">${escape(row.trial)}</a>`;
}

/** The results table: sortable headers (the script sorts), one row per trial, failed rows marked. */
function tableHtml(report: SweepReport, cells: readonly Cell[][]): string {
  const names = columnNames(report);
  const head = names.map((name, c) => {
    const label = c >= 2 && c < 2 + report.axes.length ? shortAxis(name) : name;
    const type = isNumericColumn(cells, c) ? 'number' : 'text';
    return `<th data-type="${type}" aria-sort="none" title="${escape(name)}"><button type="button">${escape(label)}</button></th>`;
  });
  const body = report.rows.map((row, i) => {
    const tds = cells[i]!.map((c, col) => {
      if (col === 0) return `<td>${trialLink(row)}</td>`;
      if (col === 1) return `<td><span class="status">${escape(row.status)}</span></td>`;
      if (col === names.length - 1) return `<td class="error">${cellHtml(c)}</td>`;
      return `<td${typeof c === 'number' ? ' class="num"' : ''}>${cellHtml(c)}</td>`;
    });
    return `<tr class="${row.status}" data-i="${i}">${tds.join('')}</tr>`;
  });
  return `<table id="trials"><thead><tr>${head.join('')}</tr></thead>\n<tbody>\n${body.join('\n')}\n</tbody></table>`;
}

/** The metric picker and one (script-drawn) chart per axis. */
function chartsHtml(report: SweepReport, plots: readonly Plot[], selected: number): string {
  const options = plots.map((p, i) => `<option value="${i}"${i === selected ? ' selected' : ''}>${escape(p.label)}</option>`);
  const charts = report.axes.map(
    (axis, a) => `<figure class="chart" id="chart-${a}" data-axis="${a}"><h3 title="${escape(axis)}">${escape(shortAxis(axis))}</h3><div class="plot"></div><figcaption></figcaption></figure>`,
  );
  return `<section><h2>Metric by axis</h2><p><label>metric <select id="metric">${options.join('')}</select></label></p>
<noscript><p class="meta">The charts are drawn by the page's script; the table below has every value.</p></noscript>
<div class="charts">${charts.length > 0 ? charts.join('\n') : '<p class="meta">The sweep has no axes.</p>'}</div></section>`;
}

/** Look of the run page (packages/core/src/pipeline/index-html.ts), plus the charts and the sortable table. */
const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}h3{margin:.2rem 0;font-size:1rem}.meta{color:#666}section{border-top:1px solid #ddd;margin-top:1.5rem;padding-top:.5rem}
.status{font-size:.8rem;padding:.1rem .4rem;border-radius:.3rem;background:#eee}
.failed .status{background:#fdd;color:#900}.interrupted .status{background:#fec;color:#840}.done .status{background:#dfd}
tr.failed td{background:#fff6f6}tr.interrupted td{background:#fffaf0}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#fafafa;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit;text-align:left}
th[aria-sort=ascending] button::after{content:" \\25B2";font-size:.7em}th[aria-sort=descending] button::after{content:" \\25BC";font-size:.7em}
.error{color:#900;white-space:pre-wrap}select{font:inherit}.wide{overflow-x:auto}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}figure.chart{margin:0;flex:1 1 30rem;max-width:48rem}
figcaption{color:#666;font-size:.9rem}.plot svg{width:100%;height:auto;display:block}
svg text{font:11px system-ui,sans-serif;fill:#444}svg .title{font-size:12px;fill:#222}
svg .grid{stroke:#eee}svg .axis{stroke:#999}svg .pt{fill:#2a6fb0;fill-opacity:.7;stroke:#fff;stroke-width:.5}
svg .pt.failed,svg .pt.interrupted{fill:#c00}svg a:hover .pt{fill-opacity:1;stroke:#222}svg .median{stroke:#222;stroke-width:2.5}`;

/**
 * A complete page of the sweep's results: a summary line, one chart per axis of a chosen
 * metric (drawn by the inline script from the embedded JSON, redrawn when another metric is
 * picked), and the sortable table of trials. No network: inline style and script only.
 */
export function sweepHtml(report: SweepReport): string {
  const cells = tableCells(report);
  const plots = plotsOf(report, cells);
  const selected = defaultPlot(plots);
  const data = {
    sweep: sweepJson(report),
    view: {
      /** [trial][axis] -> the value's label. */
      labels: report.rows.map((r) => report.axes.map((a) => valueLabel(r.values[a]))),
      /** The table's cells and which columns are numeric, for sorting. */
      cells,
      numeric: cells.length > 0 ? cells[0]!.map((_, c) => isNumericColumn(cells, c)) : [],
      plots,
      plot: selected,
    },
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(report.name)} · sweep · sia</title><style>${STYLE}</style></head>
<body><h1>${escape(report.name)}</h1>
<p class="meta">${escape(sweepSummaryLine(report))} · from ${escape(report.file)}</p>
${chartsHtml(report, plots, selected)}
<section><h2>Trials</h2><p class="meta">Click a column header to sort; a trial's id opens its run page.</p>
<div class="wide">${tableHtml(report, cells)}</div></section>
<script type="application/json" id="sweep-data">${scriptJson(data)}</script>
<script>${SWEEP_SCRIPT}</script>
</body></html>
`;
}
