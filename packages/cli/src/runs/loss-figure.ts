import { lossChartSpec, type LossSeries } from '@sia/figures';
import type { LossCurve } from './loss-history.js';

/** A run's label and its training stages' loss curves. */
export interface RunCurves {
  readonly label: string;
  readonly curves: readonly LossCurve[];
}

/**
 * The loss curves of several runs in one chart (a Vega-Lite spec, `lossChartSpec`): a line per run
 * and training stage, named by the run's label (and the stage's id when some run has more than
 * one), against the epoch; the loss axis starts logarithmic when every value is positive (the
 * chart's toggle switches it). Colours follow the palette.
 */
export function lossComparisonFigure(runs: readonly RunCurves[]): object {
  const byStage = runs.some((r) => r.curves.length > 1);
  const series: LossSeries[] = runs.flatMap((r) => r.curves.map((c) => ({ name: byStage ? `${r.label} ${c.stage}` : r.label, values: Array.from(c.loss) })));
  const logY = series.every((s) => s.values.every((v) => v > 0));
  return lossChartSpec(series, { title: `Training loss of ${runs.length} runs`, logY });
}
