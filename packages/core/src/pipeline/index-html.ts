/** What the run folder's index.html shows about one stage. */
export interface StageRecord {
  readonly id: string;
  readonly uses: string;
  /** What the stage's plugin does, in words (its `description`): the captions of its figures. */
  readonly description?: string;
  /** The stage's inputs: input name -> the id of the stage it reads (e.g. which model a chart draws). */
  readonly inputs?: Readonly<Record<string, string>>;
  status: 'pending' | 'running' | 'done' | 'cached' | 'failed' | 'interrupted';
  ms?: number;
  metrics?: Record<string, unknown>;
  files: string[];
  error?: string;
}

export interface IndexPage {
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  readonly date: string;
  readonly file: string;
  readonly stages: readonly StageRecord[];
  readonly versions: Readonly<Record<string, string>>;
  readonly resolvedYaml: string;
  /** How the run stands when the page is written. */
  readonly status?: 'running' | 'done' | 'failed' | 'interrupted';
}

/**
 * Writes the run folder's index.html from its state, with the run folder at hand (to read the
 * stages' files). Core's own is {@link renderIndex}, a plain page; the CLI injects an interactive
 * one through the runner's `page` option, so that core never depends on a chart library.
 */
export type PageRenderer = (page: IndexPage, outDir: string) => string;

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Numbers shortened for a table; everything else as compact JSON. */
function cell(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString();
  if (typeof v === 'string') return escape(v);
  if (Array.isArray(v) && isRecordList(v)) return recordTable(v);
  if (Array.isArray(v)) {
    const shown = v.slice(0, 12).map((x) => (typeof x === 'number' ? cell(x) : escape(JSON.stringify(x))));
    return `[${shown.join(', ')}${v.length > 12 ? `, … (${v.length} items)` : ''}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    // Many scalar entries (e.g. wrong pixels per glyph) read better side by side than as a tall table.
    if (entries.length > 6 && entries.every(([, x]) => typeof x !== 'object' || x === null)) {
      return `<div class="kv">${entries.map(([k, x]) => `<span><b>${escape(k)}</b> ${cell(x)}</span>`).join('')}</div>`;
    }
    return table(v as Record<string, unknown>);
  }
  return escape(String(v));
}

/** A list of flat objects with the same keys (e.g. a sweep's rows). */
function isRecordList(v: unknown[]): v is Record<string, unknown>[] {
  if (v.length === 0 || typeof v[0] !== 'object' || v[0] === null || Array.isArray(v[0])) return false;
  const keys = Object.keys(v[0]).join('\u0000');
  return v.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r) && Object.keys(r).join('\u0000') === keys && Object.values(r).every((x) => typeof x !== 'object' || x === null));
}

/** Such a list as one table with a header row. */
function recordTable(rows: Record<string, unknown>[]): string {
  const keys = Object.keys(rows[0]!);
  const head = `<tr>${keys.map((k) => `<th>${escape(k)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${keys.map((k) => `<td>${cell(r[k])}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

/**
 * A stage's metrics as an HTML table (nested objects as nested tables, long lists shortened),
 * for pages that show them: core's own and the CLI's interactive one.
 */
export function metricsTable(metrics: Record<string, unknown>): string {
  return table(metrics);
}

function table(metrics: Record<string, unknown>): string {
  const rows = Object.entries(metrics).map(([k, v]) => `<tr><th>${escape(k)}</th><td>${cell(v)}</td></tr>`);
  return `<table>${rows.join('')}</table>`;
}

function files(list: readonly string[]): string {
  const images = list.filter((f) => /\.(png|svg)$/i.test(f));
  const others = list.filter((f) => !/\.(png|svg)$/i.test(f));
  const figs = images.map((f) => `<figure><img src="${escape(encodeURI(f))}" alt="${escape(f)}"><figcaption>${escape(f)}</figcaption></figure>`);
  const links = others.map((f) => `<li><a href="${escape(encodeURI(f))}">${escape(f)}</a></li>`);
  return `${figs.length > 0 ? `<div class="figs">${figs.join('')}</div>` : ''}${links.length > 0 ? `<ul>${links.join('')}</ul>` : ''}`;
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem}.meta{color:#666}section{border-top:1px solid #ddd;margin-top:1.5rem;padding-top:.5rem}
.status{font-size:.8rem;padding:.1rem .4rem;border-radius:.3rem;background:#eee;margin-left:.5rem}
.failed .status{background:#fdd;color:#900}.interrupted .status{background:#fec;color:#840}.cached .status{background:#def}.done .status{background:#dfd}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
th{background:#fafafa;font-weight:600}.figs{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}
img{max-width:100%;image-rendering:pixelated;border:1px solid #eee}pre{background:#f6f6f6;padding:1rem;overflow:auto}
.error{color:#900;white-space:pre-wrap}.kv{display:flex;flex-wrap:wrap;gap:.2rem .9rem;max-width:40rem}.kv b{font-weight:600;margin-right:.2rem}`;

/** A self-contained page (inline style, relative image links) to open in a browser. */
export function renderIndex(page: IndexPage): string {
  const stages = page.stages.map((s) => {
    const time = s.ms !== undefined ? ` · ${(s.ms / 1000).toFixed(2)} s` : '';
    return `<section class="${s.status}"><h2>${escape(s.id)}<span class="status">${s.status}</span></h2>
<p class="meta">${escape(s.uses)}${time}</p>
${s.error !== undefined ? `<p class="error">${escape(s.error)}</p>` : ''}
${s.metrics !== undefined ? table(s.metrics) : ''}
${files(s.files)}</section>`;
  });
  const versions = Object.entries(page.versions).map(([k, v]) => `${escape(k)} ${escape(v)}`).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(page.name)} · sia</title><style>${STYLE}</style></head>
<body><h1>${escape(page.name)}</h1>
${page.description !== undefined ? `<p>${escape(page.description)}</p>` : ''}
<p class="meta">seed ${page.seed} · ${escape(page.date)} · from ${escape(page.file)}</p>
${stages.join('\n')}
<section><h2>Resolved pipeline</h2><p class="meta">plugins: ${versions}</p><pre>${escape(page.resolvedYaml)}</pre></section>
</body></html>
`;
}
