import { formatCount } from './fields.js';
import { fontExtent, textWidth } from './font.js';
import { placeLabels } from './label-placement.js';
import { hex, INK, SERIES } from './palette.js';
import { chartConfig, VEGA_LITE_SCHEMA } from './theme.js';
import { multiple, niceStep } from './ticks.js';

/** One item on the latent plane. */
export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  /** Colours the point (e.g. a class); one colour when absent. */
  readonly group?: string;
}

/** Options of `latentScatterSpec`. */
export interface LatentScatterOptions {
  readonly title?: string;
  /** Axis titles. Default 'z1', 'z2'. */
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** Pixels of the longer axis. Default 560. */
  readonly size?: number;
}

/** Font size of the point labels, and the radius of a point, in pixels. */
const LABEL_SIZE = 12;
const RADIUS = 3.5;
/** The shorter axis is never drawn shorter than this many pixels (its domain widens instead). */
const MIN_SIDE = 200;
/** The smallest window drawn, relative to the codes' size (see `planeFrame`). */
const MIN_SPAN = 1e-3;

/**
 * The domains of both axes, widened to whole multiples of one round step (the same on x and y, so
 * both axes tick alike), and the pixels per data unit that make them equally scaled.
 */
export function planeFrame(points: readonly { x: number; y: number }[], size: number): { x: [number, number]; y: [number, number]; step: number; pixelsPerUnit: number } {
  const xs = points.map((p) => p.x).filter(Number.isFinite);
  const ys = points.map((p) => p.y).filter(Number.isFinite);
  const lo = (v: number[]): number => (v.length ? Math.min(...v) : -1);
  const hi = (v: number[]): number => (v.length ? Math.max(...v) : 1);
  let [x0, x1, y0, y1] = [lo(xs), hi(xs), lo(ys), hi(ys)];
  // A collapsed plane (every code the same, as after a few epochs) still gets a readable window:
  // at least MIN_SPAN data units, or a thousandth of the codes' size, so ticks and labels stay
  // near their points instead of a window 1e-9 wide that rounding throws far off the plot.
  const reach = Math.max(1, Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1));
  const least = MIN_SPAN * reach;
  if (x1 - x0 < least) [x0, x1] = [(x0 + x1 - least) / 2, (x0 + x1 + least) / 2];
  if (y1 - y0 < least) [y0, y1] = [(y0 + y1 - least) / 2, (y0 + y1 + least) / 2];
  const span = Math.max(x1 - x0, y1 - y0);
  // 4% of margin so points on the edge keep room for their dot.
  x0 -= span * 0.04; x1 += span * 0.04; y0 -= span * 0.04; y1 += span * 0.04;
  const step = niceStep(Math.max(x1 - x0, y1 - y0), 6);
  const snap = (a: number, b: number): [number, number] => [multiple(Math.floor(a / step + 1e-9), step), multiple(Math.ceil(b / step - 1e-9), step)];
  let x = snap(x0, x1), y = snap(y0, y1);
  const pixelsPerUnit = size / Math.max(x[1] - x[0], y[1] - y[0]);
  // Widen a thin axis by whole steps on both sides until it is MIN_SIDE pixels long.
  const widen = (d: [number, number]): [number, number] => {
    let [a, b] = d, k = 0;
    while ((b - a) * pixelsPerUnit < MIN_SIDE && k++ < 1000) {
      if (k % 2 === 1) a = multiple(Math.round(a / step) - 1, step);
      else b = multiple(Math.round(b / step) + 1, step);
    }
    return [a, b];
  };
  x = widen(x);
  y = widen(y);
  return { x, y, step, pixelsPerUnit };
}

/**
 * A Vega-Lite spec of the latent plane: a point per item, with equal scales on both axes (the
 * same data units per pixel: the plot's width and height follow the two domains), round ticks
 * at one step on both axes, and labels placed beside their points without overlapping one
 * another or any point (`placeLabels`, with the bundled font's widths); a label with no free
 * place is left out of the picture, and every point shows its label, code and group in a tooltip.
 */
export function latentScatterSpec(points: readonly ScatterPoint[], options: LatentScatterOptions = {}): object {
  const size = options.size ?? 560;
  const frame = planeFrame(points, size);
  const width = Math.round((frame.x[1] - frame.x[0]) * frame.pixelsPerUnit);
  const height = Math.round((frame.y[1] - frame.y[0]) * frame.pixelsPerUnit);
  // Pixels of the plot from data: y grows upwards.
  const px = (x: number): number => ((x - frame.x[0]) / (frame.x[1] - frame.x[0])) * width;
  const py = (y: number): number => height - ((y - frame.y[0]) / (frame.y[1] - frame.y[0])) * height;
  const { ascent, descent } = fontExtent(LABEL_SIZE);
  const labelHeight = Math.ceil(ascent + descent);
  const placements = placeLabels(
    points.map((p) => ({ px: px(p.x), py: py(p.y), width: Math.ceil(textWidth(p.label, LABEL_SIZE)) + 2, height: labelHeight })),
    { x: 0, y: 0, width, height },
    RADIUS,
  );
  // Label centres to a ten-thousandth of a tick step (at least 6 decimals), so they stay put.
  const round = (v: number): number => Number(v.toFixed(Math.max(6, 4 - Math.floor(Math.log10(frame.step)))));
  const values = points.map((p, i) => {
    const at = placements[i];
    // The label's centre back in data units, so it sits where it was placed.
    const labelX = at ? round(frame.x[0] + (at.cx / width) * (frame.x[1] - frame.x[0])) : null;
    const labelY = at ? round(frame.y[0] + ((height - at.cy) / height) * (frame.y[1] - frame.y[0])) : null;
    return { x: p.x, y: p.y, label: p.label, group: p.group ?? null, labelX, labelY };
  });
  const shown = placements.filter((p) => p !== undefined).length;
  const groups = [...new Set(points.map((p) => p.group).filter((g): g is string => g !== undefined))];
  const scale = (d: [number, number]) => ({ domain: d, nice: false, zero: false });
  const axis = (title: string, d: [number, number]) => ({
    title,
    axis: { values: Array.from({ length: Math.round((d[1] - d[0]) / frame.step) + 1 }, (_, k) => multiple(Math.round(d[0] / frame.step) + k, frame.step)), grid: true },
  });
  const x = { field: 'x', type: 'quantitative', scale: scale(frame.x), ...axis(options.xTitle ?? 'z1', frame.x) };
  const y = { field: 'y', type: 'quantitative', scale: scale(frame.y), ...axis(options.yTitle ?? 'z2', frame.y) };
  const color = groups.length > 0 ? { color: { field: 'group', type: 'nominal', title: null, sort: groups, legend: { orient: 'top', direction: 'horizontal' } } } : {};
  const subtitle =
    shown === points.length
      ? `equal scales on both axes; ${formatCount(points.length)} items`
      : `equal scales on both axes; ${formatCount(shown)} of ${formatCount(points.length)} labels fit without overlap (hover a point for its name)`;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: options.title ?? `Latent codes of the ${formatCount(points.length)} items`, subtitle },
    width,
    height,
    data: { values },
    layer: [
      {
        mark: { type: 'point', filled: true, size: Math.round(Math.PI * RADIUS * RADIUS * 1.2), color: hex(SERIES[0]!), opacity: 0.9 },
        encoding: {
          x,
          y,
          ...color,
          tooltip: [
            { field: 'label', type: 'nominal', title: 'item' },
            { field: 'x', type: 'quantitative', title: options.xTitle ?? 'z1', format: '.4f' },
            { field: 'y', type: 'quantitative', title: options.yTitle ?? 'z2', format: '.4f' },
            ...(groups.length > 0 ? [{ field: 'group', type: 'nominal', title: 'group' }] : []),
          ],
        },
      },
      {
        transform: [{ filter: 'datum.labelX != null' }],
        mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: LABEL_SIZE, color: hex(INK) },
        encoding: { x: { ...x, field: 'labelX' }, y: { ...y, field: 'labelY' }, text: { field: 'label' } },
      },
    ],
    config: chartConfig(),
  };
}
