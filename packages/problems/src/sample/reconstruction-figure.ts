import type { DatasetArtifact, Matrix } from '@sia/core';
import { mosaicFiles, reconstructionGrid, type FigureFiles } from '@sia/figures';

/** SVG and 2x PNG of every item beside its reconstruction, wrong pixels marked, labelled with the count. */
export function reconstructionFigure(data: DatasetArtifact, output: Matrix, counts: Int32Array, threshold: number, tolerance = 1): FigureFiles {
  const worst = counts.reduce((a, b) => Math.max(a, b), 0);
  const within = counts.reduce((a, c) => a + (c <= tolerance ? 1 : 0), 0);
  return mosaicFiles(
    reconstructionGrid(data.targets, output, {
      shape: data.imageShape!,
      labels: data.labels,
      threshold,
      tolerance,
      title: `Reconstructions: ${within} of ${counts.length} within ${tolerance} wrong pixel${tolerance === 1 ? '' : 's'} (max ${worst})`,
      caption: `Each pair: original | reconstruction (output > ${threshold} is ink). Wrong pixels in red.`,
    }),
  );
}
