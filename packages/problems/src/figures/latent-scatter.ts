import { PlotFrame, TEXT_SCALE, drawTitle, type AxisSpec } from './axes.js';
import { textHeight, textWidth } from './bitmap-font.js';
import type { GrayImage } from './gray-image.js';
import { FAINT, INK, SERIES, WHITE, mix, type Rgb } from './palette.js';
import { Raster, type Box } from './raster.js';
import { linearTicks, niceRange } from './ticks.js';

/** One labelled point of the latent plane. */
export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  /** Written next to the point (a character, a face name). */
  readonly label: string;
  /** Default: the first series colour. */
  readonly color?: Rgb;
}

export interface LatentScatterOptions {
  readonly title?: string;
  /** Default 'z1'. */
  readonly xTitle?: string;
  /** Default 'z2'. */
  readonly yTitle?: string;
  /** Fixed ranges; default: the points' range with a margin, widened to nice ticks. */
  readonly xRange?: readonly [number, number];
  readonly yRange?: readonly [number, number];
  /** Unlabelled grey points drawn first (e.g. codes of noisy copies, prior draws). */
  readonly backgroundPoints?: ReadonlyArray<{ readonly x: number; readonly y: number }>;
  /**
   * A grayscale image stretched over the given data window behind everything, drawn faint
   * (e.g. a decoded latent grid or a density); `x`/`y` are the data ranges it covers.
   */
  readonly backgroundImage?: { readonly image: GrayImage; readonly x: readonly [number, number]; readonly y: readonly [number, number] };
  /** Font scale of the point labels. Default 3 when every label is at most 3 characters (glyphs), else 2. */
  readonly labelScale?: number;
  /** Picture size in pixels. Default 720 x 640. */
  readonly width?: number;
  readonly height?: number;
}

const RADIUS = 4;
const HALO: ReadonlyArray<[number, number]> = [[-1, 0], [1, 0], [0, -1], [0, 1], [-1, -1], [1, 1], [-1, 1], [1, -1]];

/**
 * The latent plane: each point a dot with its label beside it, axes with ticks and titles.
 * Labels go to the first of eight places around their dot that overlaps no other label or dot
 * and stays inside the plot (else the place with the least overlap): greedy, O(n^2), fine for
 * the few dozen points these problems have.
 */
export function latentScatter(points: readonly ScatterPoint[], options: LatentScatterOptions = {}): Raster {
  const width = options.width ?? 720;
  const height = options.height ?? 640;
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const background = (options.backgroundPoints ?? []).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const all = [...finite, ...background];
  const labelScale = options.labelScale ?? (Math.max(0, ...finite.map((p) => p.label.length)) <= 3 ? 3 : TEXT_SCALE);
  const range = (pick: (p: { x: number; y: number }) => number, fixed?: readonly [number, number]): [number, number] => {
    if (fixed) return [fixed[0], fixed[1]];
    if (all.length === 0) return [-1, 1];
    const lo = Math.min(...all.map(pick)), hi = Math.max(...all.map(pick));
    const pad = (hi - lo) * 0.08 || 0.5;
    return niceRange(lo - pad, hi + pad, 6);
  };
  const [x0, x1] = range((p) => p.x, options.xRange);
  const [y0, y1] = range((p) => p.y, options.yRange);
  const xAxis: AxisSpec = { min: x0, max: x1, ticks: linearTicks(x0, x1, 6), title: options.xTitle ?? 'z1' };
  const yAxis: AxisSpec = { min: y0, max: y1, ticks: linearTicks(y0, y1, 6), title: options.yTitle ?? 'z2' };
  const r = new Raster(width, height);
  const frame = PlotFrame.layout(width, height, xAxis, yAxis, { title: options.title });
  drawTitle(r, options.title);
  const bg = options.backgroundImage;
  if (bg) r.clipped(frame.box, () => drawStretched(r, frame, bg.image, bg.x, bg.y));
  frame.draw(r, !bg);

  r.clipped(frame.box, () => {
    for (const p of background) r.dot(frame.px(p.x), frame.py(p.y), 2, FAINT);
    for (const p of finite) r.dot(frame.px(p.x), frame.py(p.y), RADIUS, p.color ?? SERIES[0]!);
  });
  const dots: Box[] = finite.map((p) => ({ x: frame.px(p.x) - RADIUS, y: frame.py(p.y) - RADIUS, width: 2 * RADIUS, height: 2 * RADIUS }));
  const placed: Box[] = [];
  for (const p of finite) {
    const box = placeLabel(frame.px(p.x), frame.py(p.y), p.label, labelScale, frame.box, dots, placed);
    placed.push(box);
    // A white halo keeps the label readable over grid lines and background points.
    for (const [dx, dy] of HALO) r.text(box.x + dx, box.y + dy, p.label, WHITE, { scale: labelScale });
    r.text(box.x, box.y, p.label, p.color ? mix(p.color, INK, 0.4) : INK, { scale: labelScale });
  }
  return r;
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Chooses where a label goes around its dot at (px, py). */
function placeLabel(px: number, py: number, label: string, scale: number, area: Box, dots: readonly Box[], placed: readonly Box[]): Box {
  const w = textWidth(label, scale);
  const h = textHeight(label, scale, false);
  const d = RADIUS + 3;
  const candidates: Array<[number, number]> = [
    [px + d, py - h / 2], // right
    [px - d - w, py - h / 2], // left
    [px - w / 2, py - d - h], // above
    [px - w / 2, py + d], // below
    [px + d, py - d - h], // upper right
    [px - d - w, py - d - h], // upper left
    [px + d, py + d], // lower right
    [px - d - w, py + d], // lower left
  ];
  let best: Box | undefined;
  let bestCost = Infinity;
  for (const [x, y] of candidates) {
    const box = { x: Math.round(x), y: Math.round(y), width: w, height: h };
    const outside = box.width * box.height - overlap(box, area);
    let cost = outside * 4;
    for (const o of placed) cost += overlap(box, o) * 2;
    for (const o of dots) cost += overlap(box, o);
    if (cost === 0) return box;
    if (cost < bestCost) {
      bestCost = cost;
      best = box;
    }
  }
  return best!;
}

/** Paints a grayscale image over a data window, faded to a third of its contrast. */
function drawStretched(r: Raster, frame: PlotFrame, img: GrayImage, xr: readonly [number, number], yr: readonly [number, number]): void {
  const { box } = frame;
  for (let j = box.y; j < box.y + box.height; j++) {
    for (let i = box.x; i < box.x + box.width; i++) {
      // Data coordinates of this pixel, then the image cell under them (row 0 at the top: largest y).
      const dx = frame.x.min + ((i - box.x) / (box.width - 1)) * (frame.x.max - frame.x.min);
      const dy = frame.y.max - ((j - box.y) / (box.height - 1)) * (frame.y.max - frame.y.min);
      const c = Math.floor(((dx - xr[0]) / (xr[1] - xr[0])) * img.cols);
      const rr = Math.floor(((yr[1] - dy) / (yr[1] - yr[0])) * img.rows);
      if (c < 0 || rr < 0 || c >= img.cols || rr >= img.rows) continue;
      const v = Math.min(1, Math.max(0, img.pixels[rr * img.cols + c]!));
      const level = Math.round(255 - 85 * v);
      r.set(i, j, [level, level, level]);
    }
  }
}
