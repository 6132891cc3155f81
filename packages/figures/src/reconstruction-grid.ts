import { imageGrid, type GridCell } from './image-grid.js';
import { INK, WRONG } from './palette.js';
import type { Mosaic } from './mosaic.js';

/** Items as the rows of a matrix (anything with `rows` and `row(i)`, such as core's `Matrix`) or as a list of pixel arrays. */
export type ImageRows = { readonly rows: number; row(i: number): ArrayLike<number> } | readonly ArrayLike<number>[];

export interface ReconstructionGridOptions {
  /** [rows, cols] of each image. */
  readonly shape: readonly [number, number];
  /** One label per item (a character, a face name). */
  readonly labels: readonly string[];
  /** A pixel is ink when its value is above this. Default 0.5. */
  readonly threshold?: number;
  /** Items with more wrong pixels than this get a red label. Default 1. */
  readonly tolerance?: number;
  readonly columns?: number;
  readonly scale?: number;
  readonly title?: string;
  /** Replaces the default note under the grid. */
  readonly caption?: string;
}

export function rowsOf(items: ImageRows): readonly ArrayLike<number>[] {
  if (Array.isArray(items)) return items;
  const m = items as { readonly rows: number; row(i: number): ArrayLike<number> };
  return Array.from({ length: m.rows }, (_, i) => m.row(i));
}

/**
 * Marks the pixels where output and target disagree on ink: (output > t) != (target > t).
 * Returns 1 at each wrong pixel.
 */
export function wrongPixelMask(target: ArrayLike<number>, output: ArrayLike<number>, threshold = 0.5): Uint8Array {
  if (target.length !== output.length) throw new RangeError(`wrongPixelMask: ${target.length} vs ${output.length} pixels`);
  const mask = new Uint8Array(target.length);
  for (let i = 0; i < target.length; i++) mask[i] = target[i]! > threshold !== output[i]! > threshold ? 1 : 0;
  return mask;
}

/**
 * Each item next to its reconstruction (left original, right reconstruction with wrong pixels
 * marked red), labelled with its name and count of wrong pixels; counts above `tolerance` in red.
 */
export function reconstructionGrid(originals: ImageRows, reconstructions: ImageRows, options: ReconstructionGridOptions): Mosaic {
  const a = rowsOf(originals);
  const b = rowsOf(reconstructions);
  if (a.length !== b.length || a.length !== options.labels.length) {
    throw new RangeError(`reconstructionGrid: ${a.length} originals, ${b.length} reconstructions, ${options.labels.length} labels`);
  }
  const threshold = options.threshold ?? 0.5;
  const tolerance = options.tolerance ?? 1;
  const cells: GridCell[] = a.map((orig, i) => {
    const mask = wrongPixelMask(orig, b[i]!, threshold);
    const wrong = mask.reduce((n, v) => n + v, 0);
    return {
      images: [{ pixels: orig }, { pixels: b[i]!, mask }],
      label: `${options.labels[i]}\n${wrong === 0 ? 'exact' : `${wrong} wrong`}`,
      labelColor: wrong > tolerance ? WRONG : INK,
    };
  });
  return imageGrid(cells, {
    shape: options.shape,
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    ...(options.title !== undefined ? { title: options.title } : {}),
    caption: options.caption ?? 'left: original, right: reconstruction, red: wrong pixel',
  });
}
