import { fieldName } from './fields.js';
import { chartConfig, VEGA_LITE_SCHEMA } from './theme.js';

/** One line of a noise-sweep panel: a score per noise level. */
export interface SweepLine {
  readonly name: string;
  readonly levels: readonly number[];
  /** The score at each level (NaN or null where not measured). */
  readonly scores: readonly (number | null)[];
  /** The ceiling (the best any denoiser can do): drawn dashed. */
  readonly ceiling?: boolean;
}

/** One panel: one kind of noise. */
export interface SweepPanel {
  readonly title: string;
  /** What the level measures, e.g. 'noise std'. */
  readonly xTitle: string;
  readonly lines: readonly SweepLine[];
}

/** Options of `noiseSweepSpec`. */
export interface NoiseSweepOptions {
  readonly title?: string;
  /** Default 'recovered share'. */
  readonly yTitle?: string;
  /** The score axis. Default [0, 1]. */
  readonly yDomain?: readonly [number, number];
}

/**
 * A Vega-Lite spec of a noise sweep: one panel per kind of noise side by side, the score against
 * the noise level with a line and points per model, the ceiling (the optimal denoiser) dashed,
 * one colour legend for all panels, and a tooltip with model, level and score on every point.
 */
export function noiseSweepSpec(panels: readonly SweepPanel[], options: NoiseSweepOptions = {}): object {
  const names = [...new Set(panels.flatMap((p) => p.lines.map((l) => l.name)))];
  const ceilings = new Set(panels.flatMap((p) => p.lines.filter((l) => l.ceiling === true).map((l) => l.name)));
  const yTitle = options.yTitle ?? 'recovered share';
  const views = panels.map((panel) => {
    const values = panel.lines.flatMap((line) =>
      line.levels.map((level, i) => {
        const s = line.scores[i];
        return { level, model: line.name, score: s !== null && s !== undefined && Number.isFinite(s) ? s : null, ceiling: ceilings.has(line.name) };
      }),
    );
    const encoding = {
      x: { field: 'level', type: 'quantitative', title: panel.xTitle, axis: { labelFlush: false, tickCount: 6 } },
      y: { field: 'score', type: 'quantitative', title: yTitle, scale: { domain: options.yDomain ?? [0, 1], nice: false } },
      color: { field: 'model', type: 'nominal', title: null, sort: names, legend: { orient: 'top', direction: 'horizontal' } },
      strokeDash: { field: 'ceiling', type: 'nominal', scale: { domain: [false, true], range: [[1, 0], [6, 4]] }, legend: null },
    };
    return {
      title: { text: panel.title, fontSize: 13 },
      width: 420,
      height: 300,
      data: { values },
      layer: [
        { mark: { type: 'line', strokeWidth: 2 }, encoding },
        {
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            ...encoding,
            tooltip: [
              { field: 'model', type: 'nominal', title: 'model' },
              { field: 'level', type: 'quantitative', title: fieldName(panel.xTitle) === panel.xTitle ? panel.xTitle : 'level' },
              { field: 'score', type: 'quantitative', title: yTitle, format: '.3f' },
            ],
          },
        },
      ],
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? 'Noise sweep', subtitle: 'dashed: the ceiling, the best any denoiser can do' },
    hconcat: views,
    spacing: 28,
    resolve: { scale: { color: 'shared', strokeDash: 'shared' } },
    config: chartConfig(),
  };
}
