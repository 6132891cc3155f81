import { describe, expect, it } from 'vitest';
import { metricColumns, sweepCsv, sweepHtml, sweepJson, valueLabel, type SweepReport, type SweepRow } from './report.js';
import { SWEEP_SCRIPT } from './report-script.js';

const OPT = 'stages.model.with.optimizer';
const COUNT = 'stages.glyphs.with.count';

/** Four trials: different metric sets, object-valued and hostile axis values, each status. */
const rows: SweepRow[] = [
  {
    trial: 't001', values: { [OPT]: { type: 'adam', rate: 0.01 }, [COUNT]: 16, seed: 1 }, status: 'done', seconds: 12.5, folder: 'trials/t001',
    metrics: { 'model.epochs': 169, 'model.finalLoss': 0.00123456789, 'fidelity.maxWrongPixels': 1 },
  },
  {
    trial: 't002', values: { [OPT]: { rate: 0.1, type: 'sgd' }, [COUNT]: 8, seed: 2 }, status: 'done', seconds: 3.25, folder: 'trials/t002',
    metrics: { 'model.epochs': 200, 'model.finalLoss': 0.5, 'fidelity.maxWrongPixels': 7, 'fidelity.note': 'ok, "fine"' },
  },
  {
    trial: 't003', values: { [OPT]: { type: 'adam', rate: 0.01 }, [COUNT]: 32, seed: '</script><b>x' }, status: 'failed', seconds: 0.5, folder: 'trials/t003',
    metrics: { 'model.epochs': null }, error: 'Error: diverged, "NaN"\nat epoch 3',
  },
  {
    trial: 't004', values: { [OPT]: { type: 'adam', betas: [0.9, 0.999] }, [COUNT]: 8, seed: 3 }, status: 'interrupted', seconds: 7, folder: 'trials/t004',
    metrics: { 'fidelity.maxWrongPixels': 3, 'model.epochs': 50, 'model.finalLoss': 0.1 + 0.2 }, error: 'interrupted',
  },
];

const report: SweepReport = {
  name: 'letters',
  file: 'pipelines/study-letters.yaml',
  axes: [OPT, COUNT, 'seed'],
  strategy: 'grid',
  rows,
  started: '2026-01-01T10:00:00.000Z',
  ended: '2026-01-01T10:42:05.000Z',
  workers: 2,
};

/** A report of one axis and one metric with the given values (to look at the y axis). */
function oneMetric(values: readonly number[]): SweepReport {
  return {
    ...report,
    axes: ['seed'],
    rows: values.map((v, i) => ({ trial: `t${i + 1}`, values: { seed: i % 2 }, status: 'done', seconds: 1, folder: `trials/t${i + 1}`, metrics: { 'model.finalLoss': v } })),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the page

function embeddedText(html: string): string {
  const m = /<script type="application\/json" id="sweep-data">([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error('no embedded data');
  return m[1]!;
}

interface Embedded {
  sweep: { trials: unknown[] };
  view: { plots: { key: string }[]; plot: number; numeric: boolean[] };
}

const embedded = (html: string): Embedded => JSON.parse(embeddedText(html)) as Embedded;

function inlineScript(html: string): string {
  const m = /<script>([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error('no inline script');
  return m[1]!;
}

/** Every match of the pattern's first group. */
const all = (text: string, pattern: RegExp): string[] => [...text.matchAll(pattern)].map((m) => m[1]!);

/**
 * The few DOM features the page's script uses, enough to run it in node: elements by id,
 * memoised querySelector children, preset querySelectorAll lists, attributes, listeners and
 * appendChild (which moves a child to the end, as in a browser).
 */
class FakeElement {
  textContent = '';
  innerHTML = '';
  value = '';
  readonly children: FakeElement[] = [];
  private readonly attributes = new Map<string, string>();
  private readonly listeners = new Map<string, (() => void)[]>();
  private readonly found = new Map<string, FakeElement>();

  constructor(private readonly lists: Record<string, FakeElement[]> = {}, found: Record<string, FakeElement> = {}) {
    for (const [selector, el] of Object.entries(found)) this.found.set(selector, el);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  setAttribute(name: string, value: unknown): void {
    this.attributes.set(name, String(value));
  }

  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  fire(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }

  querySelector(selector: string): FakeElement {
    if (!this.found.has(selector)) this.found.set(selector, new FakeElement());
    return this.found.get(selector)!;
  }

  querySelectorAll(selector: string): FakeElement[] {
    return this.lists[selector] ?? [];
  }

  appendChild(child: FakeElement): FakeElement {
    const at = this.children.indexOf(child);
    if (at >= 0) this.children.splice(at, 1);
    this.children.push(child);
    return child;
  }
}

/** Runs the page's own script against a stand-in of the page's elements. */
function runPage(html: string) {
  const data = embedded(html);
  const byId = new Map<string, FakeElement>();
  const byIdOrNew = (id: string): FakeElement => {
    if (!byId.has(id)) byId.set(id, new FakeElement());
    return byId.get(id)!;
  };
  byIdOrNew('sweep-data').textContent = embeddedText(html);
  byIdOrNew('metric').value = String(data.view.plot); // what a browser reports for the `selected` option
  const heads = data.view.numeric.map(() => new FakeElement());
  const trs = data.sweep.trials.map((_, i) => {
    const tr = new FakeElement();
    tr.setAttribute('data-i', i);
    return tr;
  });
  const tbody = new FakeElement({ tr: trs });
  for (const tr of trs) tbody.appendChild(tr);
  byId.set('trials', new FakeElement({ 'thead th': heads }, { tbody }));
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('document', inlineScript(html))({ getElementById: byIdOrNew });
  const chart = (a: number) => ({
    svg: byIdOrNew(`chart-${a}`).querySelector('.plot').innerHTML,
    caption: byIdOrNew(`chart-${a}`).querySelector('figcaption').textContent,
  });
  const order = (): string[] => tbody.children.map((tr) => `t00${Number(tr.getAttribute('data-i')) + 1}`);
  return { chart, heads, order, select: byIdOrNew('metric') };
}

const ticks = (svg: string): string[] => all(svg, /<text class="tick"[^>]*>([^<]*)<\/text>/g);
const slots = (svg: string): string[] => all(svg, /<text class="slot"[^>]*><title>[^<]*<\/title>([^<]*)<\/text>/g);

// ---------------------------------------------------------------------------------------------

describe('valueLabel', () => {
  it('shows numbers, strings and booleans as they are', () => {
    expect(valueLabel(0.01)).toBe('0.01');
    expect(valueLabel(16)).toBe('16');
    expect(valueLabel('adam')).toBe('adam');
    expect(valueLabel('two words')).toBe('two words');
    expect(valueLabel(true)).toBe('true');
    expect(valueLabel(null)).toBe('null');
    expect(valueLabel(undefined)).toBe('');
  });

  it('shows lists compact', () => {
    expect(valueLabel([16, 8])).toBe('[16, 8]');
    expect(valueLabel([])).toBe('[]');
    expect(valueLabel([[1, 2], [3]])).toBe('[[1, 2], [3]]');
    expect(valueLabel(['relu', 'two words'])).toBe('[relu, "two words"]');
  });

  it('shows objects with their type first, then key=value pairs', () => {
    expect(valueLabel({ type: 'adam', rate: 0.01 })).toBe('adam rate=0.01');
    expect(valueLabel({ rate: 0.1, type: 'sgd' })).toBe('sgd rate=0.1');
    expect(valueLabel({ type: 'adam' })).toBe('adam');
    expect(valueLabel({ rate: 0.1, momentum: 0.9 })).toBe('rate=0.1 momentum=0.9');
    expect(valueLabel({ type: 'adam', betas: [0.9, 0.999] })).toBe('adam betas=[0.9, 0.999]');
    expect(valueLabel({ type: 'sgd', schedule: { every: 10, kind: 'step' } })).toBe('sgd schedule={every: 10, kind: step}');
    expect(valueLabel({ type: 3 })).toBe('type=3');
    expect(valueLabel({})).toBe('{}');
  });
});

describe('metricColumns', () => {
  it('is the union of the metric keys in order of first appearance', () => {
    expect(metricColumns(rows)).toEqual(['model.epochs', 'model.finalLoss', 'fidelity.maxWrongPixels', 'fidelity.note']);
    expect(metricColumns([])).toEqual([]);
  });
});

describe('sweepCsv', () => {
  it('writes trial, status, axes, metrics, seconds, folder, error; quotes where needed; full precision', () => {
    expect(sweepCsv(report)).toBe(
      [
        'trial,status,stages.model.with.optimizer,stages.glyphs.with.count,seed,model.epochs,model.finalLoss,fidelity.maxWrongPixels,fidelity.note,seconds,folder,error',
        't001,done,adam rate=0.01,16,1,169,0.00123456789,1,,12.5,trials/t001,',
        't002,done,sgd rate=0.1,8,2,200,0.5,7,"ok, ""fine""",3.25,trials/t002,',
        't003,failed,adam rate=0.01,32,</script><b>x,,,,,0.5,trials/t003,"Error: diverged, ""NaN""\nat epoch 3"',
        't004,interrupted,"adam betas=[0.9, 0.999]",8,3,50,0.30000000000000004,3,,7,trials/t004,interrupted',
      ].join('\n') + '\n',
    );
  });

  it('is just the header without trials', () => {
    expect(sweepCsv({ ...report, rows: [] })).toBe('trial,status,stages.model.with.optimizer,stages.glyphs.with.count,seed,seconds,folder,error\n');
  });
});

describe('sweepJson', () => {
  it('keeps the sweep and every trial with raw values', () => {
    const json = sweepJson(report) as Record<string, unknown> & { trials: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['name', 'file', 'axes', 'strategy', 'workers', 'started', 'ended', 'trials']);
    expect(json).toMatchObject({ name: 'letters', file: 'pipelines/study-letters.yaml', axes: [OPT, COUNT, 'seed'], strategy: 'grid', workers: 2, started: report.started, ended: report.ended });
    expect(json.trials[0]).toEqual({
      trial: 't001', status: 'done', values: { [OPT]: { type: 'adam', rate: 0.01 }, [COUNT]: 16, seed: 1 },
      metrics: { 'model.epochs': 169, 'model.finalLoss': 0.00123456789, 'fidelity.maxWrongPixels': 1 }, seconds: 12.5, folder: 'trials/t001',
    });
    expect('error' in json.trials[0]!).toBe(false);
    expect(json.trials[2]).toMatchObject({ status: 'failed', error: 'Error: diverged, "NaN"\nat epoch 3' });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('sweepHtml', () => {
  const html = sweepHtml(report);

  it('is a complete page with the title and a summary line in words', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<h1>letters</h1>');
    expect(html).toContain('4 trials (2 done, 1 failed, 1 interrupted) · grid search over 3 axes · 2 workers · 2026-01-01 10:00:00 UTC to 10:42:05 UTC (42m05s)');
    expect(sweepHtml({ ...report, ended: null, workers: 1, axes: ['seed'] })).toContain('grid search over 1 axis · 1 worker · started 2026-01-01 10:00:00 UTC, not finished');
  });

  it('embeds the data as JSON that parses back to the same trials', () => {
    expect(embedded(html).sweep).toEqual(sweepJson(report));
    expect(embeddedText(html)).not.toContain('</');
  });

  it('has one chart per axis and a select of the numeric metric columns, maxWrongPixels first shown', () => {
    expect(all(html, /<figure class="chart" id="chart-(\d+)"/g)).toEqual(['0', '1', '2']);
    expect(all(html, /<option value="\d+"[^>]*>([^<]*)<\/option>/g)).toEqual(['model.epochs', 'model.finalLoss', 'fidelity.maxWrongPixels', 'seconds (wall time)']);
    expect(all(html, /<option value="\d+" selected>([^<]*)</g)).toEqual(['fidelity.maxWrongPixels']);
    const noPixels = sweepHtml({ ...report, rows: rows.map((r) => ({ ...r, metrics: { 'model.epochs': 1, 'model.finalLoss': 0.5 } })) });
    expect(all(noPixels, /<option value="\d+" selected>([^<]*)</g)).toEqual(['model.finalLoss']);
    const neither = sweepHtml({ ...report, rows: rows.map((r) => ({ ...r, metrics: { 'a.b': 'x', 'model.epochs': 1 } })) });
    expect(all(neither, /<option value="\d+" selected>([^<]*)</g)).toEqual(['model.epochs']);
  });

  it('has the table in CSV column order, ids linking to the trial pages, failed rows marked', () => {
    expect(all(html, /<th [^>]*><button type="button">([^<]*)<\/button><\/th>/g)).toEqual([
      'trial', 'status', 'model.optimizer', 'glyphs.count', 'seed', 'model.epochs', 'model.finalLoss', 'fidelity.maxWrongPixels', 'fidelity.note', 'seconds', 'folder', 'error',
    ]);
    expect(html).toContain('<a href="trials/t001/index.html">t001</a>');
    expect(all(html, /<tr class="(\w+)" data-i/g)).toEqual(['done', 'done', 'failed', 'interrupted']);
    expect(html).toContain('<td class="error">Error: diverged, &quot;NaN&quot;\nat epoch 3</td>');
  });

  it('escapes hostile names and values and references nothing on the network', () => {
    const hostile = sweepHtml({ ...report, name: '<script>alert(1)</script>', file: 'a&b "c".yaml' });
    expect(hostile).not.toContain('<script>alert(1)');
    expect(hostile).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(hostile).toContain('from a&amp;b &quot;c&quot;.yaml');
    expect(hostile).toContain('&lt;/script&gt;&lt;b&gt;x');
    // Only the two script elements end a script.
    expect(hostile.match(/<\/script/gi)).toHaveLength(2);
    expect(embedded(hostile).sweep).toEqual(sweepJson({ ...report, name: '<script>alert(1)</script>', file: 'a&b "c".yaml' }));
    expect(hostile).not.toMatch(/https?:\/\//);
    expect(hostile).not.toMatch(/<link|<script src|<img src="(?!trials)/);
  });

  it('inlines a script that parses', () => {
    expect(inlineScript(html)).toBe(SWEEP_SCRIPT);
    expect(SWEEP_SCRIPT).not.toMatch(/<\/script/i);
    expect(() => new Function(inlineScript(html))).not.toThrow();
  });
});

describe("the page's script", () => {
  it('draws the default metric against each axis: a point per trial with a title, a median per value, round ticks', () => {
    const page = runPage(sweepHtml(report));
    const { svg, caption } = page.chart(0);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(slots(svg)).toEqual(['adam rate=0.01', 'sgd rate=0.1', 'adam betas=[0.9, 0.999]']);
    // t003 failed without a value: three points.
    expect(all(svg, /<circle[^>]*><title>([^<]*)<\/title>/g)).toEqual([
      't001 · model.optimizer = adam rate=0.01 · fidelity.maxWrongPixels = 1',
      't002 · model.optimizer = sgd rate=0.1 · fidelity.maxWrongPixels = 7',
      't004 (interrupted) · model.optimizer = adam betas=[0.9, 0.999] · fidelity.maxWrongPixels = 3',
    ]);
    expect(svg.match(/class="median"/g)).toHaveLength(3);
    expect(svg).toContain('<a href="trials/t002/index.html">');
    expect(ticks(svg)).toEqual(['0', '2', '4', '6', '8']);
    expect(svg).toContain('>fidelity.maxWrongPixels</text>');
    expect(caption).toBe(
      'fidelity.maxWrongPixels against model.optimizer: 3 of 4 trials, 3 values; a bar marks the median of each value. Lowest median at adam rate=0.01 (1), highest at sgd rate=0.1 (7).',
    );
  });

  it('orders numeric axis values ascending, others by first appearance, and escapes labels', () => {
    const page = runPage(sweepHtml(report));
    expect(slots(page.chart(1).svg)).toEqual(['8', '16', '32']);
    const seed = page.chart(2).svg;
    expect(slots(seed)).toEqual(['1', '2', '&lt;/script&gt;&lt;b&gt;x', '3']);
    expect(seed).not.toContain('<b>');
  });

  it('redraws when another metric is picked', () => {
    const page = runPage(sweepHtml(report));
    page.select.value = '0'; // model.epochs
    page.select.fire('change');
    const { svg, caption } = page.chart(1);
    expect(svg).toContain('>model.epochs</text>');
    expect(all(svg, /<circle[^>]*><title>([^<]*)<\/title>/g)).toHaveLength(3);
    expect(ticks(svg)).toEqual(['0', '50', '100', '150', '200']);
    expect(caption).toContain('model.epochs against glyphs.count: 3 of 4 trials, 3 values');
    page.select.value = '3'; // seconds
    page.select.fire('change');
    expect(page.chart(0).caption).toMatch(/^Wall time \(seconds\) against model.optimizer: 4 of 4 trials/);
  });

  it('chooses round ticks: 1, 2 or 5 times a power of ten, a log axis over many decades', () => {
    expect(ticks(runPage(sweepHtml(oneMetric([0.0012, 0.0047]))).chart(0).svg)).toEqual(['0', '0.001', '0.002', '0.003', '0.004', '0.005']);
    expect(ticks(runPage(sweepHtml(oneMetric([162, 171, 198]))).chart(0).svg)).toEqual(['160', '170', '180', '190', '200']);
    expect(ticks(runPage(sweepHtml(oneMetric([0, 0]))).chart(0).svg)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
    const log = runPage(sweepHtml(oneMetric([1e-5, 0.1, 10]))).chart(0);
    expect(ticks(log.svg)).toEqual(['1e-5', '1e-4', '0.001', '0.01', '0.1', '1', '10']);
    expect(log.caption).toContain('The y axis is logarithmic.');
  });

  it('sorts the table by a clicked column, toggling the direction, empty cells last', () => {
    const page = runPage(sweepHtml(report));
    const seconds = 9;
    const finalLoss = 6;
    page.heads[seconds]!.fire('click');
    expect(page.order()).toEqual(['t003', 't002', 't004', 't001']);
    expect(page.heads[seconds]!.getAttribute('aria-sort')).toBe('ascending');
    page.heads[seconds]!.fire('click');
    expect(page.order()).toEqual(['t001', 't004', 't002', 't003']);
    expect(page.heads[seconds]!.getAttribute('aria-sort')).toBe('descending');
    page.heads[finalLoss]!.fire('click');
    expect(page.order()).toEqual(['t001', 't004', 't002', 't003']);
    page.heads[finalLoss]!.fire('click');
    expect(page.order()).toEqual(['t002', 't004', 't001', 't003']);
    expect(page.heads[seconds]!.getAttribute('aria-sort')).toBe('none');
    page.heads[0]!.fire('click');
    expect(page.order()).toEqual(['t001', 't002', 't003', 't004']);
  });
});
