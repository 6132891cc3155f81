import { Matrix } from '@sia/core';
import { TEXT_SCALE, drawTitle, titleBand } from './axes.js';
import { textWidth } from './bitmap-font.js';
import { drawGray } from './gray-image.js';
import { INK, LIGHT, MUTED } from './palette.js';
import { Raster, capHeight } from './raster.js';
import type { ImageRows } from './reconstruction-grid.js';
import { decimalsFor, formatFixed } from './ticks.js';

/** A window of the latent plane cut into partitions x partitions equal cells. */
export interface LatentWindow {
  readonly partitions: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

export interface LatentGridOptions extends LatentWindow {
  /** [rows, cols] of each decoded image. */
  readonly shape: readonly [number, number];
  /** Integer pixel scale of the images. Default: the longer side near 64 pixels (at most 10x). */
  readonly scale?: number;
  readonly title?: string;
  /** Default 'z1'. */
  readonly xTitle?: string;
  /** Default 'z2'. */
  readonly yTitle?: string;
}

/** The centre of cell i of n over [lo, hi]: lo + (i + 1/2) (hi - lo) / n. */
function centre(lo: number, hi: number, n: number, i: number): number {
  return lo + ((i + 0.5) * (hi - lo)) / n;
}

/**
 * The latent codes to decode for a grid figure: the centres of the partitions x partitions cells
 * of the window, one per row of the result (2 columns: z1, z2), in reading order: row 0 of the
 * figure is the top (largest z2), and within a row z1 grows to the right. So for 8 partitions of
 * [-4, 4] the codes are -3.5, -2.5, ..., 3.5 on each axis.
 */
export function latentGridCodes(window: LatentWindow): Matrix {
  const n = window.partitions;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`latentGridCodes: partitions must be a positive integer, got ${n}`);
  const codes = new Matrix(n * n, 2);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      codes.set(row * n + col, 0, centre(window.x[0], window.x[1], n, col));
      codes.set(row * n + col, 1, centre(window.y[0], window.y[1], n, n - 1 - row));
    }
  }
  return codes;
}

/** Labels for the cell centres of one axis, with as few decimals as tell them apart (at most 2). */
function centreLabels(lo: number, hi: number, n: number): string[] {
  const d = Math.min(2, decimalsFor(Math.abs(hi - lo) / n / 2));
  return Array.from({ length: n }, (_, i) => formatFixed(centre(lo, hi, n, i), d));
}

/**
 * Decoded images laid out on the window's grid (the order of `latentGridCodes`), with the cell
 * centre values as ticks along the bottom (z1) and the left (z2, growing upward), axis titles
 * and a title. Labels that would collide are thinned to every k-th cell.
 */
export function latentGridFigure(images: ImageRows, options: LatentGridOptions): Raster {
  const n = options.partitions;
  const list = Array.isArray(images) ? images : Array.from({ length: (images as Matrix).rows }, (_, i) => (images as Matrix).row(i));
  if (list.length !== n * n) throw new RangeError(`latentGridFigure: ${list.length} images for a ${n}x${n} grid`);
  const [rows, cols] = options.shape;
  // Cells a bit larger than the image grid's: the longer side near 64 pixels, up to 10x.
  const scale = Math.max(1, Math.round(options.scale ?? Math.min(10, Math.max(1, Math.round(64 / Math.max(rows, cols))))));
  // White padding inside each cell, so images with ink at their edges (glyphs) stay apart.
  const pad = Math.max(2, Math.round(scale / 2));
  const cellW = cols * scale + 2 * pad, cellH = rows * scale + 2 * pad, line = 1;
  const gridW = n * cellW + (n + 1) * line;
  const gridH = n * cellH + (n + 1) * line;
  const cap = capHeight(TEXT_SCALE);

  const xLabels = centreLabels(options.x[0], options.x[1], n);
  const yLabels = centreLabels(options.y[0], options.y[1], n);
  const xWidest = Math.max(...xLabels.map((l) => textWidth(l, TEXT_SCALE)));
  const xEvery = Math.ceil((xWidest + 10) / (cellW + line));
  const yEvery = Math.ceil((cap + 8) / (cellH + line));
  const yWidest = Math.max(...yLabels.map((l) => textWidth(l, TEXT_SCALE)));

  const left = 14 + cap + 12 + yWidest + 12;
  const top = titleBand(options.title);
  const titleW = textWidth(options.title ?? '', 3);
  const width = Math.max(left + gridW + 24, titleW + 40);
  const height = top + gridH + 10 + cap + 14 + cap + 16;
  const r = new Raster(width, height);
  drawTitle(r, options.title);

  r.fillRect(left, top, gridW, gridH, LIGHT);
  list.forEach((pixels, k) => {
    const row = Math.floor(k / n), col = k % n;
    const x = left + line + col * (cellW + line), y = top + line + row * (cellH + line);
    r.fillRect(x, y, cellW, cellH, [255, 255, 255]);
    drawGray(r, { pixels, rows, cols }, x + pad, y + pad, { scale, frame: null });
  });
  // Ticks sit at the cell centres; z2 labels read bottom to top (row n - 1 is the lowest z2).
  for (let i = 0; i < n; i++) {
    const cx = left + line + i * (cellW + line) + cellW / 2;
    r.fillRect(Math.round(cx), top + gridH, 1, 5, INK);
    if (i % xEvery === 0) r.text(cx, top + gridH + 10, xLabels[i]!, MUTED, { scale: TEXT_SCALE, align: 'center' });
    const cy = top + line + (n - 1 - i) * (cellH + line) + cellH / 2;
    r.fillRect(left - 5, Math.round(cy), 5, 1, INK);
    if (i % yEvery === 0) r.text(left - 12, cy, yLabels[i]!, MUTED, { scale: TEXT_SCALE, align: 'right', valign: 'middle' });
  }
  r.text(left + gridW / 2, top + gridH + 10 + cap + 14, options.xTitle ?? 'z1', INK, { scale: TEXT_SCALE, align: 'center' });
  r.text(14, top + gridH / 2, options.yTitle ?? 'z2', INK, { scale: TEXT_SCALE, vertical: true, align: 'center' });
  return r;
}
