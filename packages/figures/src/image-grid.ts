import { drawGray } from './gray-image.js';
import { blockSize, Mosaic, wrapText } from './mosaic.js';
import { INK, MUTED, type Rgb } from './palette.js';

/** Font sizes of labels, captions and titles, in pixels. */
export const LABEL_SIZE = 12;
export const TITLE_SIZE = 16;

/** One image of a grid cell: `rows * cols` values in [0, 1] (1 = ink) and optional marked pixels. */
export interface CellImage {
  readonly pixels: ArrayLike<number>;
  /** Marked pixels (non-zero / true), e.g. the wrong pixels of a reconstruction. */
  readonly mask?: ArrayLike<number | boolean>;
}

/** One cell: one or more images side by side (e.g. original | reconstruction) and a label under them. */
export interface GridCell {
  readonly images: readonly CellImage[];
  /** Text under the images; '\n' starts a new line. */
  readonly label?: string;
  readonly labelColor?: Rgb;
}

export interface ImageGridOptions {
  /** [rows, cols] of every image (e.g. [7, 5] for a glyph, [20, 20] for a face). */
  readonly shape: readonly [number, number];
  /** Cells per row. Default: all in one row up to 12 cells, else 8. */
  readonly columns?: number;
  /** Integer pixel scale of the images. Default: the longer side near 80 pixels (at most 6x). */
  readonly scale?: number;
  readonly title?: string;
  /** A note under the grid (what the marks mean); '\n' starts a new line. */
  readonly caption?: string;
}

const MARGIN = 20;
const CELL_GAP_X = 26;
const CELL_GAP_Y = 18;
const PAIR_GAP = 6;
const LABEL_GAP = 6;
/** Titles and captions wrap to the grid's width, but never to less than this. */
const MIN_TEXT_WIDTH = 260;

/** The default integer scale that makes the longer side of an image about 80 pixels (at most 6x). */
export function defaultImageScale(shape: readonly [number, number]): number {
  return Math.min(6, Math.max(1, Math.round(80 / Math.max(shape[0], shape[1]))));
}

/**
 * Lays out small grayscale images in a grid, each cell's images side by side with a label under
 * them, an optional title above and caption below. Cells have one common size (the widest image
 * group or label) so columns line up. Used for reconstructions (original | reconstruction, wrong
 * pixels marked), interpolation strips and samples from the prior.
 */
export function imageGrid(cells: readonly GridCell[], options: ImageGridOptions): Mosaic {
  const [rows, cols] = options.shape;
  const scale = Math.max(1, Math.round(options.scale ?? defaultImageScale(options.shape)));
  const n = cells.length;
  const columns = Math.max(1, Math.min(n, options.columns ?? (n <= 12 ? n : 8)));
  const gridRows = Math.max(1, Math.ceil(n / columns));
  const perCell = Math.max(1, ...cells.map((c) => c.images.length));
  const groupW = perCell * cols * scale + (perCell - 1) * PAIR_GAP;
  const labelW = Math.max(0, ...cells.map((c) => Math.ceil(blockSize(c.label ?? '', LABEL_SIZE).width)));
  const labelH = Math.max(0, ...cells.map((c) => (c.label ? LABEL_GAP + Math.ceil(blockSize(c.label, LABEL_SIZE).height) : 0)));
  const cellW = Math.max(groupW, labelW);
  const cellH = rows * scale + labelH;

  const gridW = columns * cellW + (columns - 1) * CELL_GAP_X;
  const gridH = gridRows * cellH + (gridRows - 1) * CELL_GAP_Y;
  // The width follows the grid (never the title or caption, which wrap to it).
  const width = MARGIN * 2 + Math.max(gridW, MIN_TEXT_WIDTH);
  const title = options.title ? wrapText(options.title, width - 2 * MARGIN, TITLE_SIZE, 'bold') : undefined;
  const caption = options.caption ? wrapText(options.caption, width - 2 * MARGIN, LABEL_SIZE) : undefined;
  const titleH = title ? Math.ceil(blockSize(title, TITLE_SIZE, 'bold').height) + 14 : 0;
  const captionH = caption ? 14 + Math.ceil(blockSize(caption, LABEL_SIZE).height) : 0;
  const height = MARGIN * 2 + titleH + gridH + captionH;
  const m = new Mosaic(width, height);
  if (title) m.text(width / 2, MARGIN, title, INK, { size: TITLE_SIZE, weight: 'bold', align: 'center' });

  const left = Math.round((width - gridW) / 2);
  const top = MARGIN + titleH;
  cells.forEach((cell, k) => {
    const cx = left + (k % columns) * (cellW + CELL_GAP_X);
    const cy = top + Math.floor(k / columns) * (cellH + CELL_GAP_Y);
    const w = cell.images.length * cols * scale + (cell.images.length - 1) * PAIR_GAP;
    let x = cx + Math.round((cellW - w) / 2);
    for (const img of cell.images) {
      drawGray(m.raster, { pixels: img.pixels, rows, cols }, x, cy, { scale, ...(img.mask ? { mask: img.mask } : {}) });
      x += cols * scale + PAIR_GAP;
    }
    if (cell.label) {
      m.text(cx + cellW / 2, cy + rows * scale + LABEL_GAP, cell.label, cell.labelColor ?? INK, { size: LABEL_SIZE, align: 'center' });
    }
  });
  if (caption) m.text(width / 2, top + gridH + 14, caption, MUTED, { size: LABEL_SIZE, align: 'center' });
  return m;
}
