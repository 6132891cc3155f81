import { fontExtent, textWidth } from './font.js';
import { drawGray } from './gray-image.js';
import { LABEL_SIZE, TITLE_SIZE } from './image-grid.js';
import { blockSize, Mosaic, wrapText } from './mosaic.js';
import { INK, LIGHT, MUTED } from './palette.js';
import { rowsOf, type ImageRows } from './reconstruction-grid.js';
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
export function cellCentre(lo: number, hi: number, n: number, i: number): number {
  return lo + ((i + 0.5) * (hi - lo)) / n;
}

/** Labels for the cell centres of one axis, with as few decimals as tell them apart (at most 2). */
function centreLabels(lo: number, hi: number, n: number): string[] {
  const d = Math.min(2, decimalsFor(Math.abs(hi - lo) / n / 2));
  return Array.from({ length: n }, (_, i) => formatFixed(cellCentre(lo, hi, n, i), d));
}

/**
 * Decoded images laid out on the window's grid (the order of `latentGridCodes`), with the cell
 * centre values as ticks along the bottom (z1) and the left (z2, growing upward), axis titles
 * and a title. Labels that would collide are thinned to every k-th cell.
 */
export function latentGridFigure(images: ImageRows, options: LatentGridOptions): Mosaic {
  const n = options.partitions;
  const list = rowsOf(images);
  if (list.length !== n * n) throw new RangeError(`latentGridFigure: ${list.length} images for a ${n}x${n} grid`);
  const [rows, cols] = options.shape;
  // Cells a bit larger than the image grid's: the longer side near 64 pixels, up to 10x.
  const scale = Math.max(1, Math.round(options.scale ?? Math.min(10, Math.max(1, Math.round(64 / Math.max(rows, cols))))));
  // White padding inside each cell, so images with ink at their edges (glyphs) stay apart.
  const pad = Math.max(2, Math.round(scale / 2));
  const cellW = cols * scale + 2 * pad, cellH = rows * scale + 2 * pad, line = 1;
  const gridW = n * cellW + (n + 1) * line;
  const gridH = n * cellH + (n + 1) * line;
  const { ascent, descent } = fontExtent(LABEL_SIZE);
  const textH = Math.ceil(ascent + descent);

  const xLabels = centreLabels(options.x[0], options.x[1], n);
  const yLabels = centreLabels(options.y[0], options.y[1], n);
  const xWidest = Math.max(...xLabels.map((l) => textWidth(l, LABEL_SIZE)));
  const xEvery = Math.ceil((xWidest + 10) / (cellW + line));
  const yEvery = Math.ceil((textH + 4) / (cellH + line));
  const yWidest = Math.ceil(Math.max(...yLabels.map((l) => textWidth(l, LABEL_SIZE))));

  const left = 14 + textH + 10 + yWidest + 10;
  // The width follows the grid and its axes; the title wraps to it.
  const width = left + gridW + 20;
  const title = options.title ? wrapText(options.title, width - 28, TITLE_SIZE, 'bold') : undefined;
  const top = title ? 14 + Math.ceil(blockSize(title, TITLE_SIZE, 'bold').height) + 14 : 14;
  const height = top + gridH + 8 + textH + 8 + textH + 14;
  const m = new Mosaic(width, height);
  const r = m.raster;
  if (title) m.text(width / 2, 14, title, INK, { size: TITLE_SIZE, weight: 'bold', align: 'center' });

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
    if (i % xEvery === 0) m.text(cx, top + gridH + 8, xLabels[i]!, MUTED, { size: LABEL_SIZE, align: 'center' });
    const cy = top + line + (n - 1 - i) * (cellH + line) + cellH / 2;
    r.fillRect(left - 5, Math.round(cy), 5, 1, INK);
    if (i % yEvery === 0) m.text(left - 9, cy, yLabels[i]!, MUTED, { size: LABEL_SIZE, align: 'right', valign: 'middle' });
  }
  m.text(left + gridW / 2, top + gridH + 8 + textH + 8, options.xTitle ?? 'z1', INK, { size: LABEL_SIZE, align: 'center' });
  m.text(14, top + gridH / 2, options.yTitle ?? 'z2', INK, { size: LABEL_SIZE, vertical: true, align: 'center' });
  return m;
}
