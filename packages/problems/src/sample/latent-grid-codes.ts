import { Matrix } from '@sia/core';
import { cellCentre, type LatentWindow } from '@sia/figures';

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
      codes.set(row * n + col, 0, cellCentre(window.x[0], window.x[1], n, col));
      codes.set(row * n + col, 1, cellCentre(window.y[0], window.y[1], n, n - 1 - row));
    }
  }
  return codes;
}

