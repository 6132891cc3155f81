import { bucketCount, decimationIndices, MAX_POINTS } from './decimate.js';
import { fieldName, formatCount } from './fields.js';
import { INTERACTIVE_PREFIX } from './render.js';
import { chartConfig, PLOT_WIDTH, PLOT_HEIGHT, VEGA_LITE_SCHEMA } from './theme.js';

/** One curve of a loss chart: a value per epoch (index 0 is epoch 1). */
export interface LossSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/** Options of `lossChartSpec`. */
export interface LossChartOptions {
  readonly title?: string;
  /** Start on the logarithmic loss axis (the chart has a log/linear toggle either way). Default false. */
  readonly logY?: boolean;
  /** The learning rate per epoch: drawn in its own panel under the losses, on the same epoch axis. */
  readonly learningRate?: readonly number[];
  /** Epochs trained (default: the longest series). */
  readonly epochs?: number;
  /** Title of the loss axis. Default 'loss'. */
  readonly yTitle?: string;
  /** Most points per series the spec carries. Default 2,000. */
  readonly maxPoints?: number;
}

/**
 * Half-widths (in drawn points) of the centred moving mean at each step of the smoothing
 * slider; step 0 draws the values as they are.
 */
export const SMOOTHING_WINDOWS: readonly number[] = [0, 2, 5, 10, 25, 50];

/**
 * Where the log axis puts its ticks: the round values 1, 2 and 5 x 10^k inside [lo, hi] (only
 * the powers of ten when those are many), as log10 of the value, since the chart draws log10
 * of the loss on a linear scale. Empty when there is no positive range.
 */
export function logTickValues(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) return [];
  const within = (mantissas: readonly number[]): number[] => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(lo)) - 1; k <= Math.ceil(Math.log10(hi)) + 1; k++) {
      for (const m of mantissas) {
        const v = Number(`${m}e${k}`);
        if (v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12)) out.push(Math.log10(v));
      }
    }
    return out;
  };
  const decades = within([1]);
  if (decades.length >= 4) return decades;
  const round = within([1, 2, 5]);
  return round.length >= 2 ? round : within([1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

function positiveRange(series: readonly LossSeries[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of series) {
    for (const v of s.values) {
      if (v > 0 && Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return [lo, hi];
}

/** The sentence under the title saying how many epochs the lines are drawn from. */
function caption(epochs: number, drawn: number, length: number, buckets: number): string {
  if (drawn >= length) return `${formatCount(epochs)} epochs`;
  return `${formatCount(epochs)} epochs, drawn from ${formatCount(drawn)} of them: the lowest and highest value of each series in every ${formatCount(Math.ceil(length / buckets))} epochs (all values are in history.csv)`;
}

/**
 * A Vega-Lite spec of training curves: one line per series against the epoch, with
 * - zoom and pan along the epochs (drag, wheel; an interval selection bound to the x scale),
 * - a hover rule with every series' value at the nearest epoch in a tooltip, and points on the lines,
 * - a log/linear toggle (`logY`, a radio input): Vega-Lite scales cannot switch type by an
 *   expression, so the chart draws log10 of the loss on a linear scale when `logY` is on, with
 *   round 1-2-5 ticks labelled by their value,
 * - smoothing (`smooth`, a range slider over `SMOOTHING_WINDOWS`): a centred moving mean drawn
 *   over the raw lines, which fade,
 * - the learning rate in its own panel under the losses when given, sharing the zoomed epoch axis.
 * Params default to the plain chart (`logY` as given, no smoothing), which is what a static
 * render shows. Long histories are decimated to at most `maxPoints` epochs per series
 * (`decimationIndices`) and the subtitle says so.
 */
export function lossChartSpec(series: readonly LossSeries[], options: LossChartOptions = {}): object {
  const length = Math.max(0, ...series.map((s) => s.values.length));
  const epochs = options.epochs ?? length;
  const maxPoints = options.maxPoints ?? MAX_POINTS;
  const keep = decimationIndices(series.map((s) => s.values), length, maxPoints);
  const values: { epoch: number; series: string; value: number | null }[] = [];
  for (const i of keep) {
    for (const s of series) {
      if (i >= s.values.length) continue;
      const v = s.values[i]!;
      values.push({ epoch: i + 1, series: s.name, value: Number.isFinite(v) ? v : null });
    }
  }
  const [lo, hi] = positiveRange(series);
  const logTicks = logTickValues(lo, hi);
  const names = series.map((s) => s.name);
  // ',~f': vega gives a format without precision the precision of the tick step, and with no
  // type that precision counts significant digits (',' drew 28,000 epochs as 2e+3, 4e+3, ...);
  // as fixed-point it counts decimals: 4,000 at a step of 2,000, 2.5 when zoomed in to halves.
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: ',~f', labelFlush: true } };
  const y = {
    type: 'quantitative',
    title: options.yTitle ?? 'loss',
    axis: {
      values: { expr: `logY ? ${JSON.stringify(logTicks)} : null` },
      labelExpr: "logY ? format(pow(10, datum.value), '~g') : datum.label",
    },
  };
  const color = { field: 'series', type: 'nominal', title: null, sort: names, legend: { orient: 'top', direction: 'horizontal' } };

  const smoothed = SMOOTHING_WINDOWS.slice(1).map((w, k) => ({
    name: `${INTERACTIVE_PREFIX}smooth_${k + 1}`,
    transform: [
      { filter: `smooth == ${k + 1}` },
      { window: [{ op: 'mean', field: 'y', as: 'smoothed' }], frame: [-w, w], groupby: ['series'], sort: [{ field: 'epoch' }] },
    ],
    mark: { type: 'line', strokeWidth: 2.5 },
    encoding: { x, y: { ...y, field: 'smoothed' }, color },
  }));
  const lossPanel = {
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    data: { values },
    transform: [
      { calculate: 'logY ? (datum.value > 0 ? log(datum.value) / LN10 : null) : datum.value', as: 'y' },
      { filter: 'isValid(datum.y) && isFinite(datum.y)' },
    ],
    layer: [
      {
        params: [{ name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
        mark: { type: 'line', opacity: { expr: 'smooth > 0 ? 0.3 : 1' } },
        encoding: { x, y: { ...y, field: 'y' }, color },
      },
      ...smoothed,
      {
        name: `${INTERACTIVE_PREFIX}hover_points`,
        transform: [{ filter: { param: 'hover', empty: false } }],
        mark: { type: 'point', size: 50 },
        encoding: { x, y: { ...y, field: 'y' }, color },
      },
      {
        name: `${INTERACTIVE_PREFIX}hover_rule`,
        transform: [{ pivot: 'series', value: 'value', groupby: ['epoch'] }],
        mark: { type: 'rule', color: '#888' },
        encoding: {
          x,
          opacity: { condition: { param: 'hover', empty: false, value: 0.6 }, value: 0 },
          tooltip: [{ field: 'epoch', type: 'quantitative', title: 'epoch', format: ',' }, ...names.map((n) => ({ field: fieldName(n), type: 'quantitative', title: n, format: '.5~g' }))],
        },
        params: [{ name: 'hover', select: { type: 'point', fields: ['epoch'], nearest: true, on: 'pointerover', clear: 'pointerout' } }],
      },
    ],
  };

  const params = [
    { name: 'logY', value: options.logY === true, bind: { input: 'radio', options: [false, true], labels: ['linear', 'log'], name: 'loss axis ' } },
    { name: 'smooth', value: 0, bind: { input: 'range', min: 0, max: SMOOTHING_WINDOWS.length - 1, step: 1, name: 'smoothing ' } },
  ];
  const title = { text: options.title ?? `Training curves over ${formatCount(epochs)} epochs`, subtitle: caption(epochs, keep.length, length, bucketCount(series.length, maxPoints)) };
  const base = { $schema: VEGA_LITE_SCHEMA, title, params, config: chartConfig() };
  const rate = options.learningRate;
  if (rate === undefined || rate.length === 0) return { ...base, ...lossPanel };

  const rateKeep = decimationIndices([rate], rate.length, maxPoints);
  const ratePanel = {
    width: PLOT_WIDTH,
    height: 110,
    data: { values: rateKeep.map((i) => ({ epoch: i + 1, rate: Number.isFinite(rate[i]!) ? rate[i]! : null })) },
    mark: { type: 'line', color: '#555', strokeWidth: 1.5 },
    encoding: {
      x,
      y: { field: 'rate', type: 'quantitative', title: 'learning rate', axis: { format: '~g', tickCount: 3 } },
      tooltip: [{ field: 'epoch', type: 'quantitative', format: ',' }, { field: 'rate', type: 'quantitative', title: 'learning rate', format: '.4~g' }],
    },
  };
  return { ...base, vconcat: [lossPanel, ratePanel], spacing: 16, resolve: { scale: { x: 'shared' } } };
}
