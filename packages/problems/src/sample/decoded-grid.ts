import type { Matrix, Model } from '@sia/core';
import { imageGrid, mosaicFiles, type FigureFiles } from '@sia/figures';

/**
 * Decodes a batch of latent codes and draws the outputs as a labelled grid (SVG and 2x PNG): the common
 * step of the samplers that turn chosen codes (points, prior draws, a line) into pictures.
 */
export function decodedGrid(
  model: Model,
  codes: Matrix,
  options: { shape: readonly [number, number]; title: string; label: (i: number) => string; columns?: number },
): FigureFiles {
  const images = model.decode(codes);
  const cells = Array.from({ length: codes.rows }, (_, i) => ({ images: [{ pixels: images.row(i) }], label: options.label(i) }));
  return mosaicFiles(imageGrid(cells, { shape: options.shape, title: options.title, ...(options.columns !== undefined ? { columns: options.columns } : {}) }));
}
