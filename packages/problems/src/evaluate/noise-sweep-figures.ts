import { imageGrid, noiseSweepSpec, WRONG, INK, type CellImage, type GridCell, type Mosaic, type SweepLine } from '@sia/figures';
import { CEILING, type SweepExample, type SweepNoise, type SweepRow } from './noise-sweep-rows.js';

/** Axis title of a noise type's level. */
function levelTitle(noise: SweepNoise, option: string): string {
  if (noise.type === 'gaussian') return 'noise std';
  if (noise.type === 'salt-and-pepper') return 'flip probability per pixel';
  return option;
}

/**
 * Recovered share against level, as a Vega-Lite spec: one panel per noise type, a line per model,
 * the ceiling (the best possible denoiser) dashed. Panels side by side so both noises read at
 * one glance.
 */
export function sweepSpec(rows: readonly SweepRow[], noises: readonly SweepNoise[], models: readonly string[], within: number, option: (n: SweepNoise) => string): object {
  const names = [...models, CEILING];
  const panels = noises.map((noise) => {
    const lines: SweepLine[] = names.map((model) => ({
      name: model === CEILING ? 'ceiling (nearest glyph)' : model,
      levels: noise.levels,
      scores: noise.levels.map((level) => rows.find((r) => r.noise === noise.type && r.level === level && r.model === model)?.recovered ?? null),
      ceiling: model === CEILING,
    }));
    return { title: `${noise.type}: copies within ${within} wrong pixel${within === 1 ? '' : 's'}`, xTitle: levelTitle(noise, option(noise)), lines };
  });
  return noiseSweepSpec(panels, { title: 'Denoising against noise level', yTitle: 'recovered share', yDomain: [0, 1] });
}

/** Short name of a noise type for labels under the examples. */
const shortName = (type: string): string => (type === 'gaussian' ? 'gauss' : type === 'salt-and-pepper' ? 's&p' : type);

/**
 * Examples: for each kept copy, the clean glyph | the noisy copy | each model's output (wrong
 * pixels marked), one row per (noise, level), one column per glyph.
 */
export function examplesFigure(examples: readonly SweepExample[], glyphs: { row(i: number): Float64Array }, labels: readonly string[], shape: readonly [number, number], models: readonly string[], columns: number, threshold = 0.5): Mosaic {
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
