import { PlotFrame, TEXT_SCALE, drawTitle, type AxisSpec } from './axes.js';
import { textWidth } from './bitmap-font.js';
import { INK, LIGHT, WHITE, seriesColor, type Rgb } from './palette.js';
import { Raster, capHeight, type Box } from './raster.js';
import { decadeRange, linearTicks, logTicks } from './ticks.js';

/** One line of a line plot. */
export interface LineSeries {
  /** Shown in the legend. */
  readonly name: string;
  /** y values; NaN, Infinity (and values <= 0 on a log axis) are skipped, leaving a gap. */
  readonly values: ArrayLike<number>;
  /** x of each value; defaults to the plot's `x`, else 1, 2, 3, ... (epochs). */
  readonly x?: ArrayLike<number>;
  /** Defaults to the palette's series colours in order. */
  readonly color?: Rgb;
  /** Dashed line (e.g. a ceiling or a reference). */
  readonly dashed?: boolean;
}

export interface LinePlotOptions {
  readonly title?: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** x shared by all series that give none. */
  readonly x?: ArrayLike<number>;
  /** Logarithmic y axis with ticks at each power of ten. Default false. */
  readonly logY?: boolean;
  /** Fixed y range (data outside is clipped); default: the data's range plus 5%, or whole decades on a log axis. */
  readonly yRange?: readonly [number, number];
  /** Dots at the data points; default: when every series has at most 25 points. */
  readonly markers?: boolean;
  /** Picture size in pixels. Default 760 x 460. */
  readonly width?: number;
  readonly height?: number;
}

/**
 * Plots one or more series against x (epochs, noise levels): grid, ticks, axis titles, legend.
 * Used for loss curves (log scale; for the VAE one series per term) and for recovery sweeps
 * (a line per model and noise type, the ceiling dashed).
 */
export function linePlot(series: readonly LineSeries[], options: LinePlotOptions = {}): Raster {
  const width = options.width ?? 760;
  const height = options.height ?? 460;
  const logY = options.logY ?? false;
  const xsOf = (s: LineSeries): ArrayLike<number> => s.x ?? options.x ?? Float64Array.from({ length: s.values.length }, (_, i) => i + 1);
  const usable = (y: number): boolean => Number.isFinite(y) && (!logY || y > 0);

  // Data ranges over the points that will be drawn.
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity, integerX = true, most = 0;
  for (const s of series) {
    const xs = xsOf(s);
    most = Math.max(most, s.values.length);
    for (let i = 0; i < s.values.length; i++) {
      const x = xs[i]!, y = s.values[i]!;
      if (!Number.isFinite(x) || !usable(y)) continue;
      xMin = Math.min(xMin, x); xMax = Math.max(xMax, x);
      yMin = Math.min(yMin, y); yMax = Math.max(yMax, y);
      if (!Number.isInteger(x)) integerX = false;
    }
  }
  if (xMin > xMax) { xMin = 0; xMax = 1; }
  if (yMin > yMax) { yMin = logY ? 0.1 : 0; yMax = 1; }
  if (xMin === xMax) { xMin -= 0.5; xMax += 0.5; integerX = false; }

  const markers = options.markers ?? most <= 25;
  if (markers) {
    // Dots at the ends would be cut in half by the frame: leave a little room on both sides.
    const pad = (xMax - xMin) * 0.03;
    xMin -= pad;
    xMax += pad;
  }
  // Log axes snap to whole decades; linear ones keep a 5% margin so lines at the extremes
  // are not drawn on top of the frame.
  const margin = (yMax - yMin) * 0.05 || Math.abs(yMax) * 0.1 || 1;
  const [y0, y1] = options.yRange ?? (logY ? decadeRange(yMin, yMax) : [yMin - margin, yMax + margin]);
  const xAxis: AxisSpec = { min: xMin, max: xMax, ticks: linearTicks(xMin, xMax, 6, integerX), title: options.xTitle };
  const yAxis: AxisSpec = { min: y0, max: y1, log: logY, ticks: logY ? logTicks(y0, y1) : linearTicks(y0, y1, 5), title: options.yTitle };

  // Pixel paths of the series (NaN where a value is skipped) for a given frame.
  const trace = (frame: PlotFrame): Array<{ px: Float64Array; py: Float64Array }> =>
    series.map((s) => {
      const xs = xsOf(s);
      const px = new Float64Array(s.values.length);
      const py = new Float64Array(s.values.length);
      for (let i = 0; i < s.values.length; i++) {
        const ok = Number.isFinite(xs[i]!) && usable(s.values[i]!);
        px[i] = ok ? frame.px(xs[i]!) : NaN;
        py[i] = ok ? frame.py(s.values[i]!) : NaN;
      }
      return { px, py };
    });

  // The legend goes into a corner of the plot that no line crosses; when every corner is
  // crossed, the picture grows and the legend sits under the plot instead.
  const legend = legendSize(series);
  let frame = PlotFrame.layout(width, height, xAxis, yAxis, { title: options.title });
  let paths = trace(frame);
  let legendBox = legend ? freeCorner(frame.box, legend, paths) : undefined;
  let total = height;
  if (legend && !legendBox) {
    total = height + legend.height + 12;
    frame = PlotFrame.layout(width, total, xAxis, yAxis, { title: options.title, bottomReserve: legend.height + 12 });
    paths = trace(frame);
    legendBox = { x: Math.round(frame.box.x + (frame.box.width - legend.width) / 2), y: total - 14 - legend.height, ...legend };
  }

  const r = new Raster(width, total);
  drawTitle(r, options.title);
  frame.draw(r);
  r.clipped(frame.box, () => {
    series.forEach((s, k) => {
      const color = s.color ?? seriesColor(k);
      const { px, py } = paths[k]!;
      r.polyline(px, py, color, s.dashed ? { thickness: 2, dash: [9, 6] } : { thickness: 2 });
      for (let i = 0; i < px.length; i++) {
        // A lone point between gaps would draw nothing as a line: always mark it.
        const lone = !Number.isNaN(px[i]!) && Number.isNaN(px[i - 1] ?? NaN) && Number.isNaN(px[i + 1] ?? NaN);
        if (markers || lone) r.dot(px[i]!, py[i]!, 3.5, color);
      }
    });
  });
  if (legendBox) drawLegend(r, legendBox, series);
  return r;
}

const LEGEND_PAD = 10;
const SWATCH = 28;
const ROW = capHeight(TEXT_SCALE) + 10;

/** Size of the legend box, or undefined when there is nothing to name. */
function legendSize(series: readonly LineSeries[]): { width: number; height: number } | undefined {
  if (series.length === 0 || (series.length === 1 && !series[0]!.name)) return undefined;
  return {
    width: LEGEND_PAD * 2 + SWATCH + 8 + Math.max(...series.map((s) => textWidth(s.name, TEXT_SCALE))),
    height: LEGEND_PAD * 2 + ROW * series.length - 10,
  };
}

/**
 * The first corner of the plot area (top right, top left, bottom right, bottom left) whose
 * legend-sized box no line or marker comes near: each path is sampled every 2 pixels.
 */
function freeCorner(area: Box, size: { width: number; height: number }, paths: ReadonlyArray<{ px: Float64Array; py: Float64Array }>): Box | undefined {
  const { width: w, height: h } = size;
  const m = 10;
  const corners: Box[] = [
    { x: area.x + area.width - w - m, y: area.y + m, width: w, height: h },
    { x: area.x + m, y: area.y + m, width: w, height: h },
    { x: area.x + area.width - w - m, y: area.y + area.height - h - m, width: w, height: h },
    { x: area.x + m, y: area.y + area.height - h - m, width: w, height: h },
  ];
  const near = (b: Box, x: number, y: number): boolean => x >= b.x - 6 && x <= b.x + b.width + 6 && y >= b.y - 6 && y <= b.y + b.height + 6;
  const crossed = (b: Box): boolean =>
    paths.some(({ px, py }) => {
      for (let i = 0; i < px.length; i++) {
        if (Number.isNaN(px[i]!)) continue;
        if (near(b, px[i]!, py[i]!)) return true;
        if (i + 1 >= px.length || Number.isNaN(px[i + 1]!)) continue;
        const steps = Math.ceil(Math.hypot(px[i + 1]! - px[i]!, py[i + 1]! - py[i]!) / 2);
        for (let k = 1; k < steps; k++) {
          const t = k / steps;
          if (near(b, px[i]! + t * (px[i + 1]! - px[i]!), py[i]! + t * (py[i + 1]! - py[i]!))) return true;
        }
      }
      return false;
    });
  return corners.find((b) => !crossed(b));
}

/** Draws the legend: a swatch of each series' line (dashed where the series is) and its name. */
function drawLegend(r: Raster, box: Box, series: readonly LineSeries[]): void {
  const cap = capHeight(TEXT_SCALE);
  r.fillRect(box.x, box.y, box.width, box.height, WHITE);
  r.strokeRect(box.x, box.y, box.width, box.height, LIGHT);
  series.forEach((s, k) => {
    const color = s.color ?? seriesColor(k);
    const cy = box.y + LEGEND_PAD + k * ROW + cap / 2;
    const x0 = box.x + LEGEND_PAD;
    if (s.dashed) r.dashedLine(x0, cy, x0 + SWATCH, cy, color, { thickness: 2, dash: [7, 4] });
    else r.line(x0, cy, x0 + SWATCH, cy, color, { thickness: 2 });
    r.text(x0 + SWATCH + 8, cy, s.name, INK, { scale: TEXT_SCALE, valign: 'middle' });
  });
}
