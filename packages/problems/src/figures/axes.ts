import { textWidth } from './bitmap-font.js';
import { INK, LIGHT, MUTED, type Rgb } from './palette.js';
import { capHeight, type Box, type Raster } from './raster.js';
import type { Tick } from './ticks.js';

/** Font scale of all figure text (tick labels, titles): 2 keeps 5x7 glyphs readable. */
export const TEXT_SCALE = 2;
/** Font scale of a figure's title. */
export const TITLE_SCALE = 3;
const TICK = 5;
const GAP = 8;
const PAD = 14;

/** One axis: its data range, ticks, title and whether it is logarithmic. */
export interface AxisSpec {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly Tick[];
  readonly title?: string;
  readonly log?: boolean;
}

/** Height of a title line at TITLE_SCALE plus the space under it (0 without a title). */
export function titleBand(title: string | undefined): number {
  return title ? PAD + capHeight(TITLE_SCALE) + PAD : PAD;
}

/** Writes a figure title centred at the top. */
export function drawTitle(r: Raster, title: string | undefined): void {
  if (!title) return;
  // A title too long for the picture drops to the text scale rather than being cut off.
  const scale = textWidth(title, TITLE_SCALE) <= r.width - 2 * PAD ? TITLE_SCALE : TEXT_SCALE;
  r.text(r.width / 2, PAD, title, INK, { scale, align: 'center' });
}

/** Space a plot layout keeps free around the plot area. */
export interface LayoutRoom {
  readonly title?: string;
  readonly rightPad?: number;
  readonly bottomReserve?: number;
}

/**
 * The mapping from data to pixels for one plot area: x grows to the right, y grows upward
 * (pixel rows grow downward, so py flips). Log axes map log10 of the value linearly.
 */
export class PlotFrame {
  readonly box: Box;
  readonly x: AxisSpec;
  readonly y: AxisSpec;

  constructor(box: Box, x: AxisSpec, y: AxisSpec) {
    this.box = box;
    this.x = x;
    this.y = y;
  }

  /** Pixel column of a data x (NaN for a non-positive value on a log axis). */
  px(v: number): number {
    return this.box.x + fraction(this.x, v) * (this.box.width - 1);
  }

  /** Pixel row of a data y (NaN for a non-positive value on a log axis). */
  py(v: number): number {
    return this.box.y + (1 - fraction(this.y, v)) * (this.box.height - 1);
  }

  /**
   * Lays out a plot area inside a `width` x `height` figure, leaving room for the title,
   * the tick labels and the axis titles, plus `bottomReserve` pixels under everything
   * (e.g. for a legend) and `rightPad` at the right.
   */
  static layout(width: number, height: number, x: AxisSpec, y: AxisSpec, room: LayoutRoom = {}): PlotFrame {
    const cap = capHeight(TEXT_SCALE);
    const yLabelWidth = Math.max(0, ...y.ticks.map((t) => textWidth(t.label, TEXT_SCALE)));
    const left = PAD + (y.title ? cap + GAP + 4 : 0) + yLabelWidth + GAP + TICK;
    const top = titleBand(room.title);
    const bottom = TICK + GAP + cap + (x.title ? GAP + 6 + cap : 0) + PAD + (room.bottomReserve ?? 0);
    return new PlotFrame({ x: left, y: top, width: width - left - (room.rightPad ?? 28), height: height - top - bottom }, x, y);
  }

  /** Draws grid lines, the frame, ticks, tick labels and axis titles (not the title). */
  draw(r: Raster, grid = true): void {
    const { box } = this;
    const cap = capHeight(TEXT_SCALE);
    const right = box.x + box.width - 1;
    const bottom = box.y + box.height - 1;
    if (grid) {
      for (const t of this.x.ticks) vRule(r, Math.round(this.px(t.value)), box.y, bottom, t.minor ? lighter : LIGHT);
      for (const t of this.y.ticks) hRule(r, Math.round(this.py(t.value)), box.x, right, t.minor ? lighter : LIGHT);
    }
    r.strokeRect(box.x, box.y, box.width, box.height, INK);
    for (const t of this.x.ticks) {
      const px = Math.round(this.px(t.value));
      r.fillRect(px, bottom + 1, 1, t.minor ? 3 : TICK, INK);
      if (t.label) r.text(px, bottom + TICK + GAP, t.label, MUTED, { scale: TEXT_SCALE, align: 'center' });
    }
    for (const t of this.y.ticks) {
      const py = Math.round(this.py(t.value));
      r.fillRect(box.x - (t.minor ? 3 : TICK), py, t.minor ? 3 : TICK, 1, INK);
      if (t.label) r.text(box.x - TICK - GAP, py, t.label, MUTED, { scale: TEXT_SCALE, align: 'right', valign: 'middle' });
    }
    if (this.x.title) {
      r.text(box.x + box.width / 2, bottom + TICK + GAP + cap + GAP + 6, this.x.title, INK, { scale: TEXT_SCALE, align: 'center' });
    }
    if (this.y.title) r.text(PAD, box.y + box.height / 2, this.y.title, INK, { scale: TEXT_SCALE, vertical: true, valign: 'top', align: 'center' });
  }
}

const lighter: Rgb = [236, 236, 236];

function fraction(axis: AxisSpec, v: number): number {
  if (axis.log) {
    if (!(v > 0)) return NaN;
    return (Math.log10(v) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min));
  }
  return (v - axis.min) / (axis.max - axis.min);
}

function vRule(r: Raster, x: number, y0: number, y1: number, c: Rgb): void {
  r.fillRect(x, y0, 1, y1 - y0 + 1, c);
}

function hRule(r: Raster, y: number, x0: number, x1: number, c: Rgb): void {
  r.fillRect(x0, y, x1 - x0 + 1, 1, c);
}
