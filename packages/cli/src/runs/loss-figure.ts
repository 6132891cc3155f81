import { SERIES, linePlot, type LineSeries, type Raster } from '@sia/problems';
import type { LossCurve } from './loss-history.js';

/** A run's label and its training stages' loss curves. */
export interface RunCurves {
  readonly label: string;
  readonly curves: readonly LossCurve[];
}

/**
 * The loss curves of several runs in one picture: a line per run and training stage, named by the
 * run's label (and the stage's id when some run has more than one), against the epoch; the loss
 * axis is logarithmic when every value is positive. Colours follow the palette; once it is used
 * up, lines are dashed.
 */
export function lossComparisonFigure(runs: readonly RunCurves[]): Raster {
  const byStage = runs.some((r) => r.curves.length > 1);
  const series: LineSeries[] = runs.flatMap((r) =>
    r.curves.map((c) => ({ name: byStage ? `${r.label} ${c.stage}` : r.label, values: c.loss })),
  ).map((s, k) => (k >= SERIES.length ? { ...s, dashed: true } : s));
  const logY = series.every((s) => Array.from(s.values).every((v) => v > 0));
  return linePlot(series, { title: `Training loss of ${runs.length} runs`, xTitle: 'epoch', yTitle: logY ? 'loss (log scale)' : 'loss', logY });
}
