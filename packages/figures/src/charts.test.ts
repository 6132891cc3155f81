import { PNG } from 'pngjs';
import * as vega from 'vega';
import { describe, expect, it } from 'vitest';
import { chartFiles } from './files.js';
import { textWidth } from './font.js';
import { overlaps } from './label-placement.js';
import { latentScatterSpec } from './latent-scatter.js';
import { logTickValues, lossChartSpec } from './loss-chart.js';
import { noiseSweepSpec } from './noise-sweep.js';
import { renderChart, staticSpec, svgSize, svgToPng, toVega, useFontMetrics } from './render.js';

interface SceneMark {
  readonly marktype: string;
  readonly role?: string;
  readonly name?: string;
  readonly items: readonly SceneItem[];
}
interface SceneItem {
  readonly text?: unknown;
  readonly x?: number;
  readonly bounds?: { x1: number; y1: number; x2: number; y2: number };
  readonly items?: readonly SceneMark[];
}

/** A running view of a spec (all of it, interactive layers included). */
async function viewOf(spec: object): Promise<vega.View> {
  await useFontMetrics();
  const view = new vega.View(vega.parse(await toVega(spec)), { renderer: 'none', logLevel: vega.Error });
  await view.runAsync();
  return view;
}

/** Every mark of the view's scenegraph, depth first. */
function marksOf(view: vega.View): SceneMark[] {
  const out: SceneMark[] = [];
  const walk = (mark: SceneMark): void => {
    out.push(mark);
    for (const item of mark.items) for (const child of item.items ?? []) walk(child);
  };
  walk((view.scenegraph() as unknown as { root: SceneMark }).root);
  return out;
}
const itemsOf = (view: vega.View, match: (mark: SceneMark) => boolean): SceneItem[] => marksOf(view).filter(match).flatMap((m) => [...m.items]);
const axisLabels = (view: vega.View): string[] => itemsOf(view, (m) => m.role === 'axis-label').map((i) => String(i.text));
/** The labels of the vertical axis: the axis-label mark whose labels all share one x. */
function yLabels(view: vega.View): string[] {
  const mark = marksOf(view).find((m) => m.role === 'axis-label' && m.items.length > 1 && m.items.every((i) => i.x === m.items[0]!.x));
  return (mark?.items ?? []).map((i) => String(i.text));
}

const decay = (n: number, k = 1): number[] => Array.from({ length: n }, (_, i) => k / (1 + i / 10) + 0.001);

describe('lossChartSpec', () => {
  it('carries every series inline, zoom on x, hover tooltips, a log toggle and smoothing, defaults plain', () => {
    const spec = lossChartSpec([{ name: 'loss', values: decay(50) }, { name: 'kl', values: decay(50, 0.1) }], { logY: true }) as Record<string, any>;
    expect(spec.$schema).toContain('vega-lite/v6');
    expect(spec.data.values).toHaveLength(100);
    expect(spec.data.values[0]).toEqual({ epoch: 1, series: 'loss', value: 1.001 });
    const params = Object.fromEntries((spec.params as any[]).map((p) => [p.name, p]));
    expect(params.logY.value).toBe(true);
    expect(params.logY.bind.input).toBe('radio');
    expect(params.smooth.value).toBe(0);
    expect(params.smooth.bind.input).toBe('range');
    const layers = spec.layer as any[];
    expect(layers[0].params[0]).toEqual({ name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' });
    const rule = layers.find((l) => l.mark.type === 'rule');
    expect(rule.params[0].select).toMatchObject({ type: 'point', fields: ['epoch'], nearest: true });
    expect(rule.encoding.tooltip.map((t: any) => t.title)).toEqual(['epoch', 'loss', 'kl']);
    expect(spec.vconcat).toBeUndefined();
  });

  it('keeps at most 2,000 points per series of a 28,000-epoch history and says so under the title', () => {
    const n = 28_000;
    const spec = lossChartSpec([{ name: 'loss', values: decay(n) }, { name: 'kl', values: decay(n, 0.5) }], {}) as Record<string, any>;
    const perSeries = (spec.data.values as any[]).filter((v) => v.series === 'loss');
    expect(perSeries.length).toBeLessThanOrEqual(2000);
    expect(perSeries.at(-1).epoch).toBe(n);
    expect(spec.title.subtitle).toMatch(/^28,000 epochs, drawn from [\d,]+ of them: the lowest and highest value of each series in every 57 epochs/);
    expect(JSON.stringify(spec).length).toBeLessThan(400_000);
  });

  it('labels the epochs of a long history in full, with thousands separators', async () => {
    const view = await viewOf(lossChartSpec([{ name: 'loss', values: decay(28_000) }], {}));
    const labels = axisLabels(view);
    // Ticks every 2,000 or 5,000 epochs (vega's choice for a 640-pixel axis), never 2e+3.
    expect(labels.some((l) => /^\d{1,2},000$/.test(l))).toBe(true);
    expect(labels.filter((l) => /e[+-]/.test(l))).toEqual([]);
  });

  it('puts the learning rate in its own panel on the shared epoch axis', () => {
    const rate = Array.from({ length: 30 }, (_, i) => 1e-3 * 0.9 ** i);
    const spec = lossChartSpec([{ name: 'loss', values: decay(30) }], { learningRate: rate }) as Record<string, any>;
    expect(spec.vconcat).toHaveLength(2);
    expect(spec.resolve).toEqual({ scale: { x: 'shared' } });
    expect(spec.vconcat[1].data.values).toHaveLength(30);
    expect(spec.vconcat[1].encoding.y.title).toBe('learning rate');
  });

  it('switches between linear and log axes in one view, with round ticks both ways', async () => {
    const view = await viewOf(lossChartSpec([{ name: 'loss', values: decay(200) }], { logY: false }));
    const linear = yLabels(view);
    // Linear: evenly spaced round values such as 0.2, 0.4, ...
    expect(linear.length).toBeGreaterThan(3);
    for (const l of linear) expect(l).toMatch(/^-?\d+(\.\d{1,2})?$/);
    view.signal('logY', true);
    await view.runAsync();
    const log = yLabels(view).sort((a, b) => Number(a) - Number(b));
    // Log: 1-2-5 values over the range 0.048 .. 1.001.
    expect(log).toEqual(['0.05', '0.1', '0.2', '0.5', '1']);
    expect(log).not.toEqual(linear);
    view.finalize();
  });

  it('draws smoothed lines over the faded raw ones when the smoothing slider moves', async () => {
    const noisy = Array.from({ length: 300 }, (_, i) => 1 / (1 + i / 30) + (i % 2 === 0 ? 0.05 : -0.05) + 0.1);
    const view = await viewOf(lossChartSpec([{ name: 'loss', values: noisy }]));
    // A line mark's scene items are its points.
    const smoothedPoints = (): number => itemsOf(view, (m) => /smooth_3_marks$/.test(m.name ?? '')).length;
    expect(smoothedPoints()).toBe(0);
    view.signal('smooth', 3);
    await view.runAsync();
    expect(smoothedPoints()).toBe(300);
    view.finalize();
  });

  it('renders the same bytes twice, a PNG at 2x that decodes, and a title that fits', async () => {
    const title = 'A long title about training an autoencoder on the letters of the alphabet for many epochs';
    const spec = lossChartSpec([{ name: 'loss', values: decay(80) }], { title });
    const a = await chartFiles(spec);
    const b = await chartFiles(lossChartSpec([{ name: 'loss', values: decay(80) }], { title }));
    expect(a.svg).toBe(b.svg);
    expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
    expect(a['vl.json']).toBe(b['vl.json']);
    const width = Number(/<svg[^>]* width="(\d+(\.\d+)?)"/.exec(a.svg)![1]);
    const height = Number(/<svg[^>]* height="(\d+(\.\d+)?)"/.exec(a.svg)![1]);
    expect(textWidth(title, 16, 'bold')).toBeLessThan(width - 12);
    const png = PNG.sync.read(Buffer.from(a.png));
    expect([png.width, png.height]).toEqual([Math.ceil(2 * width), Math.ceil(2 * height)]);
    expect(a.svg).toContain("font-family=\"'DejaVu Sans', Verdana");
  });

  it('leaves the interactive layers out of the static render only', () => {
    const spec = lossChartSpec([{ name: 'loss', values: decay(10) }]) as Record<string, any>;
    const plain = staticSpec(spec) as Record<string, any>;
    expect(plain.layer.map((l: any) => l.name ?? l.mark.type)).toEqual(['line']);
    expect(plain.params).toEqual(spec.params);
  });

  it('ticks a log axis at 1-2-5 values inside the range', () => {
    expect(logTickValues(0.003, 0.9).map((v) => Number((10 ** v).toPrecision(3)))).toEqual([0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5]);
    expect(logTickValues(1e-6, 10).map((v) => Math.round(v))).toEqual([-6, -5, -4, -3, -2, -1, 0, 1]);
    expect(logTickValues(0, 1)).toEqual([]);
  });
});

describe('latentScatterSpec', () => {
  // 32 glyphs: 26 bunched within 0.3 of the origin, 6 farther out (the denoising latent plane).
  let seed = 11;
  const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const labels = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ!?#%&@'.split('');
  const points = labels.map((label, i) => (i < 26 ? { x: (random() - 0.5) * 0.6, y: (random() - 0.5) * 0.4, label } : { x: -7.95 + random() * 11, y: -4.52 + random() * 8, label }));

  it('scales both axes equally: the same data units per pixel on x and y', async () => {
    const view = await viewOf(latentScatterSpec(points));
    const per = (name: string): number => {
      const s = view.scale(name) as unknown as { domain(): number[]; range(): number[] };
      return Math.abs(s.range()[1]! - s.range()[0]!) / Math.abs(s.domain()[1]! - s.domain()[0]!);
    };
    expect(per('x')).toBeCloseTo(per('y'), 1);
    expect(Math.abs(per('x') / per('y') - 1)).toBeLessThan(0.01);
    view.finalize();
  });

  it('ticks both axes at round multiples of one step', async () => {
    const view = await viewOf(latentScatterSpec(points));
    const ticks = axisLabels(view).map((l) => Number(l.replace('\u2212', '-')));
    expect(ticks.length).toBeGreaterThan(6);
    for (const t of ticks) expect(Number.isInteger(t)).toBe(true); // step 1 for a span of about 11
    view.finalize();
  });

  it('places labels that do not overlap one another, and names every point in its tooltip', async () => {
    const spec = latentScatterSpec(points) as Record<string, any>;
    const view = await viewOf(spec);
    const texts = itemsOf(view, (m) => m.marktype === 'text' && m.role === 'mark');
    expect(texts.length).toBeGreaterThan(8);
    expect(texts.length).toBeLessThan(32); // the crowd near the origin cannot all be labelled
    const boxes = texts.map((t) => ({ x: t.bounds!.x1, y: t.bounds!.y1, width: t.bounds!.x2 - t.bounds!.x1, height: t.bounds!.y2 - t.bounds!.y1 }));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${texts[i]!.text} / ${texts[j]!.text}`).toBe(false);
    expect(spec.layer[0].encoding.tooltip[0]).toEqual({ field: 'label', type: 'nominal', title: 'item' });
    expect(spec.data.values.map((v: any) => v.label)).toEqual(labels);
    expect(spec.title.subtitle).toContain(`${texts.length} of 32 labels`);
    view.finalize();
  });
});

describe('noiseSweepSpec', () => {
  it('draws a panel per noise with the ceiling dashed and a tooltip on every point', async () => {
    const spec = noiseSweepSpec([
      { title: 'gaussian', xTitle: 'noise std', lines: [{ name: 'dae', levels: [0, 0.1], scores: [1, 0.8] }, { name: 'ceiling', levels: [0, 0.1], scores: [1, 0.95], ceiling: true }] },
      { title: 'salt-and-pepper', xTitle: 'flip probability', lines: [{ name: 'dae', levels: [0, 0.05], scores: [1, NaN] }] },
    ]) as Record<string, any>;
    expect(spec.hconcat).toHaveLength(2);
    expect(spec.hconcat[0].data.values).toContainEqual({ level: 0.1, model: 'ceiling', score: 0.95, ceiling: true });
    expect(spec.hconcat[1].data.values).toContainEqual({ level: 0.05, model: 'dae', score: null, ceiling: false });
    expect(spec.hconcat[0].layer[1].encoding.tooltip.map((t: any) => t.field)).toEqual(['model', 'level', 'score']);
    const { svg, png } = await renderChart(spec);
    expect(svg).toContain('stroke-dasharray="6,4"');
    expect(PNG.sync.read(Buffer.from(png)).width).toBeGreaterThan(1000);
  });
});

describe('a collapsed latent plane (every code the same, as after a few epochs)', () => {
  const same = ['smile', 'surprise', 'wink', 'dead'].map((label) => ({ x: -0.246901, y: 0.63383, label }));

  it('gets a readable window around the codes and keeps its labels beside them', async () => {
    const spec = latentScatterSpec(same) as Record<string, any>;
    expect(spec.width).toBeLessThanOrEqual(600);
    expect(spec.height).toBeLessThanOrEqual(600);
    const view = await viewOf(spec);
    const x = view.scale('x') as unknown as { domain(): number[] };
    const [lo, hi] = x.domain() as [number, number];
    expect(hi - lo).toBeGreaterThanOrEqual(1e-3);
    expect(lo).toBeLessThan(-0.246901);
    expect(hi).toBeGreaterThan(-0.246901);
    const texts = itemsOf(view, (m) => m.marktype === 'text' && m.role === 'mark');
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) {
      expect(t.bounds!.x1).toBeGreaterThan(-50);
      expect(t.bounds!.x2).toBeLessThan(spec.width + 50);
    }
    view.finalize();
  });

  it('renders to a picture of ordinary size', async () => {
    const { svg, png } = await renderChart(latentScatterSpec(same));
    const size = svgSize(svg)!;
    expect(size.width).toBeLessThan(1000);
    expect(size.height).toBeLessThan(1000);
    expect(PNG.sync.read(Buffer.from(png)).width).toBe(Math.round(size.width * 2));
  });
});

describe('svgToPng', () => {
  it('refuses a huge SVG with a clear error instead of allocating it', () => {
    const huge = '<svg xmlns="http://www.w3.org/2000/svg" width="1373475" height="419273"><rect width="10" height="10"/></svg>';
    expect(() => svgToPng(huge)).toThrow(/1373475 x 419273 px: more than 64 megapixels at 2x/);
    expect(() => svgToPng('<svg xmlns="http://www.w3.org/2000/svg"></svg>')).toThrow(/has no width and height/);
    expect(svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><rect width="10" height="5"/></svg>').length).toBeGreaterThan(0);
  });
});
