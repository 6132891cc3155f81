import { Raster, imageGrid, linePlot, seriesColor, WRONG, INK, type CellImage, type GridCell, type LineSeries } from '../figures/index.js';
import { CEILING, type SweepExample, type SweepNoise, type SweepRow } from './noise-sweep-rows.js';

const PANEL_WIDTH = 640;
const PANEL_HEIGHT = 440;

/** Axis title of a noise type's level. */
function levelTitle(noise: SweepNoise, option: string): string {
  if (noise.type === 'gaussian') return 'noise std';
  if (noise.type === 'salt-and-pepper') return 'flip probability per pixel';
  return option;
}

/**
 * Recovered share against level: one panel per noise type, a line per model, the ceiling (the
 * best possible denoiser) dashed. Panels side by side so both noises read at one glance.
 */
export function sweepFigure(rows: readonly SweepRow[], noises: readonly SweepNoise[], models: readonly string[], within: number, option: (n: SweepNoise) => string): Raster {
  const names = [...models, CEILING];
  const panels = noises.map((noise) => {
    const series: LineSeries[] = names.map((model, k) => {
      const values = noise.levels.map((level) => rows.find((r) => r.noise === noise.type && r.level === level && r.model === model)?.recovered ?? NaN);
      return { name: model === CEILING ? 'ceiling (nearest glyph)' : model, values, x: noise.levels, color: seriesColor(k), dashed: model === CEILING };
    });
    return linePlot(series, {
      title: `${noise.type}: copies within ${within} wrong pixel${within === 1 ? '' : 's'}`,
      xTitle: levelTitle(noise, option(noise)),
      yTitle: 'recovered share',
      yRange: [0, 1.02],
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
    });
  });
  const width = panels.reduce((a, p) => a + p.width, 0) || 1;
  const height = Math.max(1, ...panels.map((p) => p.height));
  const out = new Raster(width, height);
  let x = 0;
  for (const p of panels) {
    out.blit(p, x, 0);
    x += p.width;
  }
  return out;
}

/** Short name of a noise type for labels under the examples. */
const shortName = (type: string): string => (type === 'gaussian' ? 'gauss' : type === 'salt-and-pepper' ? 's&p' : type);

/**
 * Examples: for each kept copy, the clean glyph | the noisy copy | each model's output (wrong
 * pixels marked), one row per (noise, level), one column per glyph.
 */
export function examplesFigure(examples: readonly SweepExample[], glyphs: { row(i: number): Float64Array }, labels: readonly string[], shape: readonly [number, number], models: readonly string[], columns: number, threshold = 0.5): Raster {
  const order = [...models, CEILING];
  const cells: GridCell[] = examples.map((e) => {
    const clean = glyphs.row(e.glyph);
    const images: CellImage[] = [{ pixels: clean }, { pixels: e.noisy }];
    const counts: string[] = [];
    let bad = false;
    for (const m of order) {
      const o = e.outputs[m];
      if (!o) continue;
      const mask = Uint8Array.from(o.pixels, (v, j) => (v > threshold !== clean[j]! > threshold ? 1 : 0));
      images.push({ pixels: o.pixels, mask });
      counts.push(String(o.wrong));
      if (m === models[0] && o.wrong > 1) bad = true;
    }
    return {
      images,
      label: `${labels[e.glyph] ?? e.glyph} ${shortName(e.noise)} ${e.level}\nwrong ${counts.join(' | ')}`,
      labelColor: bad ? WRONG : INK,
    };
  });
  return imageGrid(cells, {
    shape,
    columns,
    scale: 5,
    title: 'Denoising examples',
    caption: `Each cell: clean | noisy | ${order.join(' | ')} (wrong pixels in red; the ceiling shows the glyph it picks).`,
  });
}
